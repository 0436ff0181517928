"""The stages called in a plain loop: Review -> Scripts -> Takes -> files.

Read top to bottom, ``produce`` is the whole program:

1. **plan the text** (``plan_text``): clean the review, mark its structure,
   build the full script; no audio yet;
2. **cast the voices** (``cast_voices``): narrator and host, with engines;
3. **time and pick the short version** (``time_short_version``): the one
   place where audio feeds back into the text, since the short version's
   sentences are chosen against the voice's measured speaking rate;
4. **synthesize** every distinct sentence once (cached);
5. **render** each version (assemble, level, encode: ``render.version``);
6. **publish** each version's tags and sidecars, then the manifest, the
   snippet and the listening page, all staged and moved into place at once.
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .engines import get_engine
from .engines.base import VoiceLoad, builtin_voices_dir, load_in_background, release_engines
from .engines.cast import cast_roles, engine_options, named_voices
from .errors import ConfigError, SpeechError
from .files import folder_lock, publish_staged, refuse_if_busy, staging_folder, write_atomic
from .fingerprint import production_fingerprint
from .model import Production, Rendition, Review, Script
from .publish.manifest import Manifest, published_guid, up_to_date
from .render import assemble as asm
from .render.master import MasterSpec
from .render.synthesize import Cast, SegmentCache, synthesize_all, working_rate
from .render.timing import calibrate, framing_ms
from .render.version import render_together, render_version
from .settings import Settings, check_versions
from .slugs import slug_for, version_stem
from .speech.directed import Directing, unpaced
from .speech.english_dates import date_order_for
from .speech.prepare import (
    build_script,
    check_language,
    check_length,
    check_written_length,
    load_lexicons,
    make_speaker,
    prepare_review,
    review_language,
)
from .speech.rate import RateModel
from .speech.script import Pauses, Speak
from .speech.short import narration, short_script, short_shell
from .speech.summarize import select_short
from .version import generator

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Text:
    """The text work for one review, before any audio: the full script and what spoke it."""

    review: Review
    full: Script
    cast: Cast
    speak: Speak


@dataclass(frozen=True, slots=True)
class Plan:
    """The text work for one review: the prepared review and its scripts."""

    review: Review
    full: Script
    short: Script | None
    cast: Cast
    rate: RateModel | None = None


def pauses_of(settings: Settings) -> Pauses:
    """Pause lengths from the settings."""
    return Pauses(
        settings.sentence_pause_ms, settings.paragraph_pause_ms, settings.section_pause_ms,
        before_heading=settings.heading_pause_before_ms, after_heading=settings.heading_pause_after_ms,
        before_verdict=settings.verdict_pause_before_ms,
    )  # fmt: skip


def directing_of(settings: Settings, language: str = "en") -> Directing:
    """How the authoring controls sound, from the settings."""
    return Directing(
        emphasis_length_scale=settings.emphasis_length_scale, emphasis_gain_db=settings.emphasis_gain_db,
        emphasis_pause_ms=settings.emphasis_pause_ms, text_emphasis=settings.emphasis_from_text,
        quote_voice=settings.quote_voice, quote_dialogue=settings.quote_dialogue, language=language,
    )  # fmt: skip


def cast_voices(settings: Settings, language: str, review: Review | None = None) -> Cast:
    """The narrator and host voices, with their engines (built once per process), and the voices the controls name."""
    roles = cast_roles(settings, language)
    options = engine_options(settings)
    named = named_voices(review, settings) if review is not None else {}
    return Cast(
        narrator=(get_engine(roles.narrator.engine, options), roles.narrator),
        host=(get_engine(roles.host.engine, options), roles.host),
        voices={name: (get_engine(voice.engine, options), voice) for name, voice in named.items()},
    )


def fit_to_engines(script: Script, cast: Cast, speed: float) -> Script:
    """``script`` with the controls an engine cannot follow (gTTS: emphasis, rate, voice) taken out, and noted."""
    by_engine: dict[str, set[str]] = {}
    for role, (engine, _voice) in (("narrator", cast.narrator), ("host", cast.host)):
        if not getattr(engine, "paced", False):
            by_engine.setdefault(engine.name, set()).add(role)
    for name, roles in sorted(by_engine.items()):
        script = unpaced(script, roles, name, speed)
    return script


def plan_text(review: Review, settings: Settings, *, on_cast: Callable[[Cast], None] | None = None) -> Text:
    """Stages 1 and 2: clean the review, cast the voices and build the full script.

    ``on_cast`` is told the cast as soon as it is known (to start loading its voices).
    """
    tag = review_language(review, settings.language)
    language = check_language(tag, review.source)
    date_order = settings.date_order or date_order_for(tag or "en")
    review = replace(review, meta=replace(review.meta, language=language, show=review.meta.show or settings.show_name))
    check_written_length(review, settings.max_audio_seconds)  # before the text passes and the voices
    review = prepare_review(review, settings.clutter_patterns)
    cast = cast_voices(settings, language, review)
    if on_cast:
        on_cast(cast)
    voices = (cast.narrator[1], cast.host[1])
    lexicon = load_lexicons([*settings.lexicons, *(v.lexicon for v in voices if v.lexicon)])
    phonemes = all(getattr(engine, "takes_phonemes", False) for engine, _ in (cast.narrator, cast.host))
    speak = make_speaker(language, lexicon, date_order, phonemes)
    full = build_script(
        review, speak=speak, show=settings.show_name, intro_text=settings.intro_text, outro_text=settings.outro_text,
        pauses=pauses_of(settings), directing=directing_of(settings, language),
    )  # fmt: skip
    full = fit_to_engines(full, cast, settings.speed)
    check_length(full, settings.max_audio_seconds)
    return Text(review=review, full=full, cast=cast, speak=speak)


def time_short_version(text: Text, settings: Settings, cache: SegmentCache) -> tuple[Script, RateModel]:
    """Stage 3, the audio -> text feedback: the short version's sentences, picked against real takes."""
    pauses = pauses_of(settings)
    shell = short_shell(text.review.meta, speak=text.speak, show=settings.show_name, pauses=pauses)
    body = narration(text.full)
    timed = settings.word_timings
    rate = calibrate(text.cast, cache, body, timed)
    budget = int(settings.short_seconds * 1000) - framing_ms(shell, text.cast, cache, settings.section_pause_ms, timed)
    if budget <= 0:
        raise ConfigError(f"short_seconds = {settings.short_seconds:g} leaves no time after the framing lines")
    summary = text.review.meta.summary
    picks = select_short(body, rate=rate, budget_ms=budget, pause_ms=pauses.sentence, summary=summary)
    if not picks:
        raise SpeechError(f"{text.review.source}: nothing to put in the short version")
    return short_script(shell, body, picks, speak=text.speak, pauses=pauses), rate


def plan(review: Review, settings: Settings, *, cache: SegmentCache | None = None) -> Plan:
    """All the text work for ``review``; the short version needs a few real takes to time itself."""
    return finish_plan(plan_text(review, settings), settings, cache)


def finish_plan(text: Text, settings: Settings, cache: SegmentCache | None) -> Plan:
    """``plan`` after ``plan_text``: the short version, timed on real takes, when it is wanted."""
    short = rate = None
    if "short" in check_versions(settings.versions):
        short, rate = time_short_version(text, settings, cache or SegmentCache(settings.cache_dir))
    return Plan(review=text.review, full=text.full, short=short, cast=text.cast, rate=rate)


def produce(
    review: Review,
    settings: Settings,
    *,
    out_dir: str | Path | None = None,
    slug: str | None = None,
    progress: Progress | None = None,
    force: bool = False,
    keep_voices: bool = False,
) -> Production:
    """Turn one review into finished, tagged MP3s with their sidecars.

    When the output folder already holds this production, made from the same
    review with the same settings by this version, nothing is done (no engine
    is even loaded) unless ``force`` is given. Once everything is synthesized
    the voices are unloaded, so rendering does not add to their memory, unless
    ``keep_voices`` is given (a batch worker speaks the next review with them).
    """
    fingerprint = production_fingerprint(review, settings)
    slug = slug or slug_for(review)
    folder = Path(out_dir or settings.output_dir) / slug
    done = up_to_date(folder, slug, fingerprint, check_versions(settings.versions))
    if done is not None and not force:
        refuse_if_busy(folder)  # another run writing it; a killed run's leftovers are swept
        if progress:
            progress("up to date: nothing to do")
        return done
    with contextlib.ExitStack() as stack:
        # No cache configured: keep this run's takes in a temp folder, not in memory.
        root = settings.cache_dir or stack.enter_context(tempfile.TemporaryDirectory(prefix="audioreview-"))
        say = progress or (lambda _msg: None)
        return _produce(review, settings, SegmentCache(root), folder, slug, say, fingerprint, keep_voices)


def _produce(
    review: Review, settings: Settings, cache: SegmentCache, folder: Path, slug: str, say: Progress,
    fingerprint: str, keep_voices: bool,
) -> Production:  # fmt: skip
    from .publish.cover import choose_cover
    from .publish.page import render_snippet, write_page
    from .publish.version import publish_version

    names = check_versions(settings.versions)
    say("reading")
    loading = VoiceLoad()  # the voices load while the text is worked on
    text = plan_text(review, settings, on_cast=lambda cast: load_in_background((cast.narrator, cast.host), loading))
    cover = choose_cover(text.review, cache)  # before any voice loads: drawing takes memory, given back by then
    p = finish_plan(text, settings, cache)
    scripts = [s for s in (p.full if "full" in names else None, p.short) if s is not None]
    wanted = [seg for s in scripts for seg in s.segments]
    # A missing, empty or too long sting fails before any synthesis.
    stings_s = sum(asm.sting_seconds(spec, builtin_voices_dir()) for spec in (settings.intro_sting, settings.outro_sting))
    check_length(p.full, settings.max_audio_seconds, stings_s)
    asm.bed_path(settings.bed, builtin_voices_dir())
    say(f"synthesizing {len(wanted)} sentences")
    takes, stats = synthesize_all(wanted, p.cast, cache, word_timings=settings.word_timings)
    say(f"synthesized {stats.synthesized}, reused {stats.cached} from the cache")
    loading.wait()  # (all cached: the voices may still be loading) before they are released
    if not keep_voices:
        release_engines()
    rate = working_rate(takes, wanted)
    stings = asm.Stings(
        intro=asm.load_sting(settings.intro_sting, rate, builtin_voices_dir()),
        outro=asm.load_sting(settings.outro_sting, rate, builtin_voices_dir()),
    )
    sound = asm.Sound.from_settings(settings, asm.load_bed(settings.bed, rate, builtin_voices_dir()))
    # Every file is built in a staging folder and moved into place only once all
    # of them are made: a failure half way leaves the previous production whole.
    with folder_lock(folder), staging_folder(folder) as stage:
        write_atomic(stage / cover.file_name, cover.data)

        def render(script: Script, stop: threading.Event) -> Rendition:
            stem = version_stem(slug, script.version)
            say(f"rendering the {script.version} version")
            rendered = render_version(script, takes.take, rate, stings, MasterSpec.from_settings(settings), stage / f"{stem}.mp3", stop=stop, sound=sound, kept=cache)
            return publish_version(rendered, cover=cover, stem=stem, counts=takes.counts(script.segments))

        renditions = {s.version: r for s, r in zip(scripts, render_together(scripts, render), strict=True)}
        manifest = Manifest.for_production(
            p.review.meta, slug=slug, show=settings.show_name, image=cover.file_name, renditions=renditions,
            generator=generator(), fingerprint=fingerprint, previous_guid=published_guid(folder),
        )  # fmt: skip
        name = f"{slug}.json"
        write_atomic(stage / name, manifest.to_json())
        write_atomic(stage / f"{slug}.html", render_snippet(manifest))
        publish_staged(stage, folder, last=name)
        write_page(folder, manifest=manifest, cues={v: r.timeline.cues for v, r in renditions.items()})
    meta = p.review.meta
    return Production(meta=meta, slug=slug, folder=str(folder), renditions=tuple(renditions.values()), manifest=str(folder / name))

