"""Before and after for the names in a lexicon: what the Piper voice says for each.

    python bench/names.py                       # the joe voice's shipped lexicon
    python bench/names.py my-names.toml --voice en-gb

For each [phonemes] and [read_as.<language>] entry it prints the espeak-ng
phonemes the voice would use for the name as written (before) and the
phonemes it gets through the lexicon (after). This is the round trip that
matters for Piper: the voice speaks exactly these phonemes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audioreview.engines.piper import resolve_read_as  # noqa: E402
from audioreview.speech.lexicon import load_lexicon  # noqa: E402


def phonemes(text: str, voice: str) -> str:
    """The phonemes espeak-ng gives ``text`` with ``voice``'s rules."""
    from piper.phonemize_espeak import EspeakPhonemizer

    return "".join("".join(sentence) for sentence in EspeakPhonemizer().phonemize(voice, text)).strip()


def main(argv: list[str] | None = None) -> int:
    """Print one line per name: written, before, after."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lexicon", nargs="?", type=Path, default=ROOT / "voices" / "lexicons" / "joe-names.toml")
    parser.add_argument("--voice", default="en-us", help="the espeak-ng voice of the Piper model (default en-us)")
    args = parser.parse_args(argv)
    lexicon = load_lexicon(args.lexicon)
    rows = [(written, phonemes(written, args.voice), value) for written, value in lexicon.phonemes]
    for written, language, spelling in lexicon.read_as:
        after = resolve_read_as(f"[[@{language} {spelling}]]").removeprefix("[[ ").removesuffix(" ]]")
        rows.append((written, phonemes(written, args.voice), after))
    width = max(len(written) for written, _, _ in rows)
    print(f"{'name':<{width}}  {'before':<18} after")
    for written, before, after in rows:
        print(f"{written:<{width}}  {before:<18} {after}")
    changed = sum(before != after for _, before, after in rows)
    print(f"\n{len(rows)} names, {changed} read differently through the lexicon")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
