"""The stages called in a plain loop: Review -> Scripts -> Takes -> files.

``plan`` does the text work (no audio); ``produce`` synthesizes, assembles,
measures loudness, encodes and publishes every requested version.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .engines import get_engine, load_voices, resolve_voice
from .engines.base import Voice, release_engines
from .errors import ConfigError, LimitExceeded, PublishError, SpeechError
from .files import (
    atomic_path,
    describe_os_error,
    exclusive_lock,
    publish_staged,
    scratch_file,
    staging_folder,
    sweep_temp_files,
    write_atomic,
)
from .fingerprint import RENDER_EPOCH, digest_of, local_image_path, production_fingerprint
from .model import (
    Chapter,
    Loudness,
    Metadata,
    Production,
    Rendition,
    Review,
    Script,
    Section,
    Segment,
    Timeline,
)
from .publish import sidecars
from .publish.tags import TagSet, image_mime, write_tags
from .render import assemble as asm
from .render.master import MasterSpec, master
from .render.pcm import PcmFile
from .render.synthesize import Cast, SegmentCache, Takes, synthesize_all
from .settings import Settings
from .slugs import make_slug
from .speech.prepare import check_language, load_lexicons, make_speaker, prepare_review
from .speech.rate import RateModel, fit_rate
from .speech.script import VERDICT_TITLE, Pauses, build_script, frame
from .speech.summarize import select_short

MAX_COVER_BYTES = 20 * 2**20
"""Largest cover image file read (covers are 1400 to 3000 px JPEG or PNG: a few MB at most)."""
SHORT_SUFFIX = " (Short version)"
SHORT_INTRO = "{show}. The short version of {title}, by {author}."
SHORT_OUTRO = "That was the short version. The full review of {title} is on the site."
SUMMARY_TITLE = "Highlights"
CALIBRATION_SENTENCES = 12
SECONDS_PER_WORD_ESTIMATE = 0.42
"""Used only for the limit check before synthesis (about 140 words a minute)."""

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Plan:
    """The text work for one review: the prepared review and its scripts."""

    review: Review
    full: Script
    short: Script | None
    cast: Cast
    rate: RateModel | None = None


def version_names(settings: Settings) -> tuple[str, ...]:
    """The versions to make, validated."""
    names = tuple(dict.fromkeys(v.strip() for v in settings.versions if v.strip()))
    bad = [v for v in names if v not in ("full", "short")]
    if bad or not names:
        raise ConfigError(f"unknown version {', '.join(bad) or '(none)'}", hint="choose full, short or full,short")
    return names


def pauses_of(settings: Settings) -> Pauses:
    """Pause lengths from the settings."""
    return Pauses(settings.sentence_pause_ms, settings.paragraph_pause_ms, settings.section_pause_ms)


def make_cast(settings: Settings, language: str) -> Cast:
    """The narrator and host voices, with engines (loaded once per process)."""
    voices = load_voices(settings.voices_dir)
    narrator = resolve_voice(settings.narrator, voices, role="narrator", engine=settings.engine)
    host = resolve_voice(settings.host, voices, role="host", engine=settings.engine)
    for voice in (narrator, host):
        if voice.language.split("-")[0] != language:
            raise SpeechError(
                f"voice {voice.name!r} speaks {voice.language!r}, but the review is in {language!r}",
                hint="choose a voice for that language with --voice",
            )
    return Cast(narrator=(get_engine(narrator.engine), narrator), host=(get_engine(host.engine), host))


def _lexicon_paths(settings: Settings, voices: Sequence[Voice]) -> list[str]:
    return [*settings.lexicons, *(v.lexicon for v in voices if v.lexicon)]


def check_limits(script: Script, settings: Settings) -> None:
    """Refuse, before any synthesis, a production longer than the limit."""
    words = sum(len(seg.text.split()) for seg in script.segments)
    estimate = words * SECONDS_PER_WORD_ESTIMATE
    if estimate > settings.max_audio_seconds:
        raise LimitExceeded(
            f"{script.meta.title!r} would run about {_span(estimate)}, over the "
            f"{_span(settings.max_audio_seconds)} limit (max_audio_seconds)",
            hint="raise max_audio_seconds in audioreview.toml",
        )


def _span(seconds: float) -> str:
    """A length for messages: "40 seconds", "12 minutes"."""
    return f"{seconds:.0f} seconds" if seconds < 120 else f"{seconds / 60:.0f} minutes"


def plan_full(review: Review, settings: Settings) -> tuple[Review, Script, Cast, Callable[[str], str]]:
    """Clean the review and build the full script (no audio yet)."""
    language = check_language(settings.language or review.meta.language, review.source)
    review = replace(review, meta=replace(review.meta, language=language, show=review.meta.show or settings.show))
    review = prepare_review(review, settings.clutter_patterns)
    cast = make_cast(settings, language)
    lexicon = load_lexicons(_lexicon_paths(settings, [cast.narrator[1], cast.host[1]]))
    speak = make_speaker(language, lexicon)
    full = build_script(
        review,
        speak=speak,
        show=settings.show,
        intro_text=settings.intro_text,
        outro_text=settings.outro_text,
        pauses=pauses_of(settings),
    )
    check_limits(full, settings)
    return review, full, cast, speak


def narration(script: Script) -> list[Segment]:
    """The body's segments (no intro or outro)."""
    return [seg for sec in script.sections if sec.kind == "body" for seg in sec.segments]


def calibrate(cast: Cast, cache: SegmentCache, segments: Sequence[Segment]) -> RateModel:
    """Fit the narrator's speaking rate to real synthesized takes of ``segments``."""
    sample = [s for s in segments if len(s.text.split()) >= 3][:CALIBRATION_SENTENCES] or list(segments)[:3]
    takes, _ = synthesize_all(sample, cast, cache)
    pairs = [(s.text, asm.spoken_ms(takes.take(s).audio)) for s in sample]
    return fit_rate(pairs)


def framing_ms(script: Script, cast: Cast, cache: SegmentCache, settings: Settings) -> int:
    """How long the short version's intro and outro take, measured on real takes."""
    framing = [seg for sec in script.sections if sec.kind != "body" for seg in sec.segments]
    takes, _ = synthesize_all(framing, cast, cache)
    spoken = sum(asm.spoken_ms(takes.take(s).audio) for s in framing)
    pauses = sum(s.pause_after_ms for s in framing) + asm.INTRO_GAP_MS + settings.section_pause_ms
    return spoken + pauses


def build_short(
    review: Review,
    full: Script,
    cast: Cast,
    cache: SegmentCache,
    settings: Settings,
    speak: Callable[[str], str],
) -> tuple[Script, RateModel]:
    """The short version: framing lines around the picked sentences, in source order."""
    pauses = pauses_of(settings)
    shell = frame(
        review.meta, (), speak=speak, show=settings.show, intro_text=SHORT_INTRO, outro_text=SHORT_OUTRO,
        pauses=pauses, version="short",
    )  # fmt: skip
    body = narration(full)
    rate = calibrate(cast, cache, body)
    budget = int(settings.short_seconds * 1000) - framing_ms(shell, cast, cache, settings)
    if budget <= 0:
        raise ConfigError(f"short_seconds = {settings.short_seconds:g} leaves no time after the framing lines")
    picks = select_short(body, rate=rate, budget_ms=budget, pause_ms=pauses.sentence, summary=review.meta.summary)
    if not picks:
        raise SpeechError(f"{review.source}: nothing to put in the short version")
    # A minute of audio wants few chapters: the highlights, then the verdict.
    groups: list[tuple[str, list[Segment]]] = []
    for pick in picks:
        if pick.index >= 0:
            source = body[pick.index]
            seg = replace(source, text=pick.text, display=pick.display, score=pick.score, pause_after_ms=pauses.sentence)
        else:
            seg = Segment(text=speak(pick.display), display=pick.display, score=pick.score, pause_after_ms=pauses.sentence)
        title = VERDICT_TITLE if seg.role in ("verdict", "rating") else SUMMARY_TITLE
        if not seg.text.strip():
            continue
        if groups and groups[-1][0] == title:
            groups[-1][1].append(seg)
        else:
            groups.append((title, [seg]))
    sections = tuple(
        Section(title=title, segments=(*segs[:-1], replace(segs[-1], pause_after_ms=pauses.section)))
        for title, segs in groups
    )
    intro = [s for s in shell.sections if s.kind == "intro"]
    outro = [s for s in shell.sections if s.kind == "outro"]
    meta = replace(shell.meta)
    return Script(meta=meta, sections=(*intro, *sections, *outro), version="short"), rate


def plan(review: Review, settings: Settings, *, cache: SegmentCache | None = None) -> Plan:
    """All the text work for ``review``; the short version needs a few real takes to time itself."""
    return finish_plan(*plan_full(review, settings), settings, cache)


def finish_plan(
    review: Review, full: Script, cast: Cast, speak: Callable[[str], str], settings: Settings, cache: SegmentCache | None
) -> Plan:
    """``plan`` after ``plan_full``: the short version, timed on real takes."""
    names = version_names(settings)
    short = rate = None
    if "short" in names:
        short, rate = build_short(review, full, cast, cache or SegmentCache(settings.cache_dir), settings, speak)
    return Plan(review=review, full=full, short=short, cast=cast, rate=rate)


LOCK_NAME = ".lock"


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a production folder for the whole write.

    When the write fails, a folder this run created is removed again, so a
    bad input leaves no empty production folder behind.
    """
    created = not folder.exists()
    with exclusive_lock(
        folder / LOCK_NAME,
        busy=PublishError(f"{folder}: another audioreview run is writing this production"),
        cannot=lambda exc: PublishError(f"{folder}: cannot write: {describe_os_error(exc)}"),
    ):
        try:
            sweep_temp_files(folder)
            yield
        except BaseException:
            if created:
                _remove_if_empty(folder)
            raise


def _remove_if_empty(folder: Path) -> None:
    """Remove ``folder`` when it holds nothing but its lock file (called with the lock held)."""
    with contextlib.suppress(OSError):
        if {p.name for p in folder.iterdir()} <= {LOCK_NAME}:
            (folder / LOCK_NAME).unlink(missing_ok=True)
            folder.rmdir()


def render_together(scripts: Sequence[Script], render: Callable[[Script, threading.Event], Rendition]) -> list[Rendition]:
    """``render`` every script at once, one thread each; the results in order.

    Rendering a version mostly waits on its ffmpeg process (the MP3 encoder is
    single-threaded), so the versions overlap on separate cores. When one
    fails or the run is interrupted, the others are told to stop and are
    waited for before the error goes on.
    """
    if len(scripts) == 1:
        return [render(scripts[0], threading.Event())]
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=len(scripts), thread_name_prefix="render") as pool:
        futures = [pool.submit(render, script, stop) for script in scripts]
        try:
            return [future.result() for future in futures]
        except BaseException:
            stop.set()
            raise


def _cover(review: Review, folder: Path, cache: SegmentCache) -> tuple[bytes, str]:
    """The review's own image when it is a local JPEG/PNG, else a generated cover.

    Only a review read from a local file (or standard input) may name a file
    on this disk: a page or feed entry from elsewhere must not get one of the
    machine's pictures published as its cover. A generated cover depends on
    the show, title and rating only, so it is drawn once and kept in the cache.
    """
    path = local_image_path(review)
    if path is not None and path.is_file():
        if path.stat().st_size > MAX_COVER_BYTES:
            raise PublishError(f"{path}: cover image is over {MAX_COVER_BYTES // 2**20} MB")
        data = path.read_bytes()
        mime = image_mime(data)
        if mime is None:
            raise PublishError(f"{path}: cover image is not a JPEG or PNG (or is corrupt)")
        _check_image(data, path)
        return data, mime
    from .publish.cover import render_cover

    meta = review.meta
    key = digest_of("cover", __version__, RENDER_EPOCH, meta.show or "", meta.title, meta.rating)
    return cache.made("covers", f"{key[:32]}.jpg", lambda: render_cover(meta.show or "", meta.title, meta.rating)), "image/jpeg"


def _check_image(data: bytes, path: Path) -> None:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise PublishError(f"{path}: cover image is corrupt: {exc}") from exc


def render_version(
    script: Script,
    takes: Takes,
    rate: int,
    stings: asm.Stings,
    settings: Settings,
    folder: Path,
    stem: str,
    cover: tuple[bytes, str],
    *,
    stop: threading.Event | None = None,
) -> Rendition:
    """Assemble, level, encode, tag and write sidecars for one version.

    The assembled PCM goes to a scratch file beside the output and is read
    back block by block, so memory stays flat however long the review.
    Setting ``stop`` abandons the work at the next block.
    """
    meta = script.meta
    title = meta.title + (SHORT_SUFFIX if script.version == "short" else "")
    transcript = sidecars.render_transcript(script)
    mp3 = folder / f"{stem}.mp3"
    with scratch_file(folder, ".pcm") as work:
        try:
            with open(work, "wb") as sink:
                timeline = asm.assemble_into(sink, script, takes.take, rate, stings)
        except OSError as exc:
            raise PublishError(f"{folder}: cannot write: {describe_os_error(exc)}") from exc
        samples = PcmFile(work, stop=stop)
        with atomic_path(mp3) as tmp:
            loud = master(samples, rate, tmp, master_spec(settings), name=mp3.name)
            write_tags(
                tmp,
                TagSet(
                    title=title,
                    author=meta.author,
                    show=meta.show or settings.show,
                    date=meta.date,
                    comment=sidecars.one_line_summary(meta, script),
                    url=meta.url,
                    length_ms=timeline.duration_ms,
                    transcript=transcript,
                    chapters=timeline.chapters,
                    language=meta.language,
                    cover=cover[0],
                    cover_mime=cover[1],
                    guid=meta.guid,
                ),
            )
        samples.close()
    write_atomic(folder / f"{stem}.vtt", sidecars.render_vtt(timeline.cues, language=meta.language))
    write_atomic(folder / f"{stem}.srt", sidecars.render_srt(timeline.cues))
    write_atomic(folder / f"{stem}.txt", transcript)
    write_atomic(folder / f"{stem}.chapters.json", sidecars.render_chapters_json(timeline.chapters, title=title))
    keys = {takes.keys[takes.ident(seg)] for seg in script.segments}
    fresh = len(keys & takes.fresh)
    return Rendition(
        version=script.version,
        audio=mp3.name,
        duration_ms=timeline.duration_ms,
        bytes=mp3.stat().st_size,
        loudness=loud,
        timeline=timeline,
        captions=f"{stem}.vtt",
        transcript=f"{stem}.txt",
        chapters_json=f"{stem}.chapters.json",
        synthesized=fresh,
        cached=len(keys) - fresh,
    )


def master_spec(settings: Settings) -> MasterSpec:
    """What every finished file must be, from the settings."""
    return MasterSpec(
        target_lufs=settings.target_lufs,
        ceiling_dbtp=settings.max_true_peak_dbtp,
        bitrate_kbps=settings.bitrate_kbps,
        sample_rate=settings.sample_rate,
        channels=settings.channels,
    )


def working_rate(takes: Takes, segments: Sequence[Segment]) -> int:
    """The rate to assemble at: the highest any voice speaks at (Piper 22.05 kHz, gTTS 24 kHz)."""
    first: dict[str, Segment] = {}
    for seg in segments:
        first.setdefault(takes.ident(seg)[0], seg)
    return max(takes.take(seg).audio.sample_rate for seg in first.values())


def generator() -> str:
    """``audioreview <version>``."""
    try:
        return f"audioreview {metadata.version('audioreview')}"
    except metadata.PackageNotFoundError:
        return "audioreview"


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
    done = up_to_date(folder, slug, fingerprint, version_names(settings))
    if done is not None and not force:
        with folder_lock(folder):  # refuses while another run writes it; sweeps a killed run's leftovers
            pass
        if progress:
            progress("up to date: nothing to do")
        return done
    with contextlib.ExitStack() as stack:
        # No cache configured: keep this run's takes in a temp folder, not in memory.
        root = settings.cache_dir or stack.enter_context(tempfile.TemporaryDirectory(prefix="audioreview-"))
        return _produce(
            review, settings, SegmentCache(root), folder=folder, slug=slug, progress=progress,
            fingerprint=fingerprint, keep_voices=keep_voices,
        )  # fmt: skip


def _produce(
    review: Review,
    settings: Settings,
    cache: SegmentCache,
    *,
    folder: Path,
    slug: str,
    progress: Progress | None,
    fingerprint: str,
    keep_voices: bool,
) -> Production:
    say = progress or (lambda _msg: None)
    names = version_names(settings)
    say("reading")
    text = plan_full(review, settings)
    # The cover before any voice loads: drawing it takes memory, given back by then.
    cover = _cover(text[0], folder, cache)
    p = finish_plan(*text, settings, cache)
    scripts = [s for s in (p.full if "full" in names else None, p.short) if s is not None]
    wanted = [seg for s in scripts for seg in s.segments]
    builtin = _builtin_dir()
    for spec in (settings.intro_sting, settings.outro_sting):
        asm.sting_path(spec, builtin)  # a missing or empty sting fails before any synthesis
    say(f"synthesizing {len(wanted)} sentences")
    takes, stats = synthesize_all(wanted, p.cast, cache)
    say(f"synthesized {stats.synthesized}, reused {stats.cached} from the cache")
    if not keep_voices:
        release_engines()
    rate = working_rate(takes, wanted)
    stings = asm.Stings(
        intro=asm.load_sting(settings.intro_sting, rate, builtin),
        outro=asm.load_sting(settings.outro_sting, rate, builtin),
    )
    renditions: dict[str, Rendition] = {}
    # Every file is built in a staging folder and moved into place only once all
    # of them are made: a failure half way leaves the previous production whole.
    with folder_lock(folder), staging_folder(folder) as stage:
        cover_name = "cover.jpg" if cover[1] == "image/jpeg" else "cover.png"
        write_atomic(stage / cover_name, cover[0])

        def render(script: Script, stop: threading.Event) -> Rendition:
            stem = slug if script.version == "full" else f"{slug}-short"
            say(f"rendering the {script.version} version")
            return render_version(script, takes, rate, stings, settings, stage, stem, cover, stop=stop)

        for script, rendition in zip(scripts, render_together(scripts, render), strict=True):
            renditions[script.version] = rendition
        manifest = folder / f"{slug}.json"
        meta = p.review.meta
        write_atomic(
            stage / manifest.name,
            sidecars.render_manifest(
                meta, slug=slug, show=settings.show, image=cover_name, renditions=renditions, generator=generator(),
                extra={"fingerprint": fingerprint},
            ),
        )
        from .publish.page import render_snippet, write_page

        write_atomic(stage / f"{slug}.html", render_snippet(_read_json(stage / manifest.name)))
        publish_staged(stage, folder, last=manifest.name)
        write_page(folder)
    return Production(meta=meta, slug=slug, folder=str(folder), renditions=tuple(renditions.values()), manifest=str(manifest))


def up_to_date(folder: Path, slug: str, fingerprint: str, names: Sequence[str]) -> Production | None:
    """The production already in ``folder`` when it matches ``fingerprint`` and is whole, else None."""
    try:
        doc = _read_json(folder / f"{slug}.json")
    except (OSError, ValueError):
        return None
    versions = doc.get("versions") if isinstance(doc, dict) else None
    if doc.get("fingerprint") != fingerprint or not isinstance(versions, dict) or set(versions) != set(names):
        return None
    renditions = []
    for name, entry in versions.items():
        try:
            audio = folder / entry["audio"]
            if audio.stat().st_size != entry["bytes"]:
                return None
            for key in ("captions", "transcript", "chapters_json"):
                if not (folder / entry[key]).is_file():
                    return None
            chapters = tuple(
                Chapter(c["title"], round(c["start_s"] * 1000), round(c["end_s"] * 1000)) for c in entry["chapters"]
            )
            duration = round(entry["duration_s"] * 1000)
            renditions.append(
                Rendition(
                    version=name,
                    audio=entry["audio"],
                    duration_ms=duration,
                    bytes=entry["bytes"],
                    loudness=Loudness(entry["loudness_lufs"], entry["true_peak_dbtp"]),
                    timeline=Timeline(duration, chapters, ()),
                    captions=entry["captions"],
                    transcript=entry["transcript"],
                    chapters_json=entry["chapters_json"],
                    cached=int(entry.get("sentences", 0)),
                )
            )
        except (KeyError, TypeError, ValueError, OSError):
            return None
    meta = Metadata(title=str(doc.get("title", slug)), author=doc.get("author"), date=doc.get("date"), url=doc.get("url"))
    return Production(meta=meta, slug=slug, folder=str(folder), renditions=tuple(renditions), manifest=str(folder / f"{slug}.json"))


def slug_for(review: Review) -> str:
    """The production's slug: the author's own, else the file's name, else the title."""
    if review.meta.slug:
        return make_slug(review.meta.slug)
    source = review.source
    if source not in ("-", "<input>", "") and "://" not in source:
        path = Path(source)
        # A page bundle (content/reviews/quiet-harbour/index.md) is named by its folder.
        stem = path.parent.name if path.stem in ("index", "_index", "README") else path.stem
        if stem:
            return make_slug(stem)
    return make_slug(review.meta.title)


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _builtin_dir() -> Path:
    from .engines.base import builtin_voices_dir

    return builtin_voices_dir()

