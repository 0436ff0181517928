"""Convert every example with the fake engine, or compare two such runs file by file.

    python bench/same_outputs.py make DIR      # examples -> DIR/out (plus feed and pages)
    python bench/same_outputs.py compare A B   # every file under A/out and B/out, byte for byte

Used to show that a change of structure changes no output: run ``make``
before and after, then ``compare``. Lines that carry the time of the run
(the feed's build date) are left out of the comparison. A manifest that
differs only by the ``schema`` field (added with the typed manifest) is
counted apart, so a run against output made before that field still says
exactly what changed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.*"))
RUN_TIME = re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>")


def make(folder: Path) -> None:
    """Convert each example into ``folder/out`` with a fresh cache, then build the feed and pages."""
    out, cache = folder / "out", folder / "cache"
    env = {
        "AUDIOREVIEW_CACHE_DIR": str(cache),
        "AUDIOREVIEW_NARRATOR": "fake",
        "AUDIOREVIEW_HOST": "fake-host",
        "AUDIOREVIEW_VOICES_DIR": str(ROOT / "tests" / "voices"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(folder),
    }
    cli = [sys.executable, "-m", "audioreview"]
    for example in EXAMPLES:
        subprocess.run([*cli, "convert", str(example), "-o", str(out), "-q"], check=True, env=env)
    subprocess.run([*cli, "podcast", str(out), "--base-url", "https://example.org/audio/"], check=True, env=env)


def compare(a: Path, b: Path) -> int:
    """Print each file that differs or exists on one side only; the count of such files."""
    left = {p.relative_to(a / "out") for p in (a / "out").rglob("*") if p.is_file()}
    right = {p.relative_to(b / "out") for p in (b / "out").rglob("*") if p.is_file()}
    problems = schema_only = 0
    for name in sorted(left ^ right):
        print(f"only in {'first' if name in left else 'second'}: {name}")
        problems += 1
    for name in sorted(left & right):
        one = RUN_TIME.sub(b"", (a / "out" / name).read_bytes())
        two = RUN_TIME.sub(b"", (b / "out" / name).read_bytes())
        if one == two:
            continue
        if name.suffix == ".json" and _without_schema(one) == _without_schema(two):
            schema_only += 1
            continue
        print(f"differs: {name}")
        problems += 1
    same = len(left & right) - problems
    print(f"{len(left & right)} files compared: {same - schema_only} byte-identical, "
          f"{schema_only} manifests differing only by their schema field, {problems} differ or are missing")
    return problems


def _without_schema(data: bytes) -> object:
    doc = json.loads(data)
    if isinstance(doc, dict):
        doc.pop("schema", None)
    return doc


if __name__ == "__main__":
    if sys.argv[1:2] == ["make"] and len(sys.argv) == 3:
        make(Path(sys.argv[2]).resolve())
    elif sys.argv[1:2] == ["compare"] and len(sys.argv) == 4:
        sys.exit(1 if compare(Path(sys.argv[2]), Path(sys.argv[3])) else 0)
    else:
        sys.exit(__doc__)
