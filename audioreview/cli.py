"""The command line: parse, build Settings, call the library, report.

Library errors become one line on stderr and exit code 1 (a traceback only
with ``--debug``); usage errors exit 2. Heavy modules are imported inside the
commands, so ``audioreview --help`` starts fast.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from .errors import AudioReviewError, PublishError
from .settings import Settings, load_settings
from .version import __version__

INPUT_FORMATS = ["auto", "text", "markdown", "html", "ssml", "url"]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line to stderr and exit."""
    click.echo(f"audioreview: error: {' '.join(message.split())}", err=True)
    sys.exit(code)


def _name_input(source: str, exc: AudioReviewError) -> str:
    text = str(exc)
    # "-" itself is no name: any hyphen in a message would pass for it.
    names = ("stdin", "standard input") if source == "-" else (source,)
    return text if any(name in text for name in names) else f"{names[0]}: {text}"


def _debug(ctx: click.Context | None = None) -> bool:
    """Whether ``--debug`` was given (kept in the click context)."""
    ctx = ctx or click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    return bool(root is not None and isinstance(root.obj, dict) and root.obj.get("debug"))


class Group(click.Group):
    """Turns library errors into one-line messages, tracebacks only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AudioReviewError as exc:
            if _debug(ctx):
                traceback.print_exc()
            fail(str(exc))
        except KeyboardInterrupt:
            click.echo("audioreview: interrupted", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug: still one line, unless --debug
            if _debug(ctx):
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")


def _settings(ctx: click.Context, **flags: Any) -> Settings:
    return load_settings(ctx.obj.get("config"), **flags)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="audioreview")
@click.option("--config", type=click.Path(dir_okay=False), help="Config file (default: ./audioreview.toml).")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def main(ctx: click.Context, config: str | None, debug: bool) -> None:
    """Turn written reviews into narrated, podcast-ready MP3s, offline."""
    ctx.ensure_object(dict)
    ctx.obj["config"] = config
    ctx.obj["debug"] = debug


def _load_review(source: str, fmt: str | None, settings: Settings) -> Any:
    from .ingest import load

    return load(source, fmt=None if fmt in (None, "auto") else fmt, settings=settings)


def _progress(enabled: bool, source: str) -> Callable[[str], None] | None:
    if not enabled:
        return None
    label = "stdin" if source == "-" else Path(source).name

    def say(message: str) -> None:
        click.echo(f"{label}: {message}", err=True)

    return say


def _format_duration(ms: int) -> str:
    from .publish.values import duration_clock

    return duration_clock(ms / 1000)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False), help="Output folder.")
@click.option("--voice", "narrator", help="Narrator voice profile (see `audioreview voices`).")
@click.option("--host", help="Host voice for the intro and outro.")
@click.option("--engine", help="Force an engine (see `audioreview engines`).")
@click.option("--versions", help="full, short or full,short (default).")
@click.option("--short-seconds", type=float, help="Target length of the short version.")
@click.option("--speed", type=click.FloatRange(0.5, 2.0), help="How fast the voices speak, e.g. 1.15 (applied at synthesis).")
@click.option("--format", "--from", "fmt", type=click.Choice(INPUT_FORMATS), default="auto", help="Input format.")
@click.option("--lang", "language", help="The review's language, e.g. en.")
@click.option("--no-stings", is_flag=True, help="No intro or outro music.")
@click.option("--bitrate", "bitrate_kbps", type=int, help="MP3 bitrate in kbps (constant).")
@click.option("--allow-private", is_flag=True, default=None, help="Allow URLs on private networks.")
@click.option("--json", "as_json", is_flag=True, help="Print the manifests as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines.")
@click.option("--force", is_flag=True, help="Render again even when the output is up to date.")
@click.pass_context
def convert(
    ctx: click.Context, inputs: tuple[str, ...], as_json: bool, quiet: bool, fmt: str, no_stings: bool, force: bool, **flags: Any
) -> None:
    """Convert each INPUT (file, URL, or - for stdin) into narrated MP3s."""
    from .pipeline import produce
    from .publish.manifest import read_manifest
    from .slugs import slug_for

    if no_stings:
        flags["intro_sting"] = ""
        flags["outro_sting"] = ""
        flags["bed"] = ""
    settings = _settings(ctx, **flags)
    manifests = []
    failures = 0
    slugs: dict[str, str] = {}
    for source in inputs:
        try:
            review = _load_review(source, fmt, settings)
            slug = slug_for(review)
            if slugs.setdefault(slug, source) != source:
                raise PublishError(
                    f"{source}: its production folder {slug!r} is already {slugs[slug]}'s in this run",
                    hint="give it another slug in its front matter, or convert it on its own",
                )
            production = produce(review, settings, progress=_progress(not quiet and not as_json, source), force=force)
        except AudioReviewError as exc:
            if _debug(ctx):
                traceback.print_exc()
            click.echo(f"audioreview: error: {' '.join(_name_input(source, exc).split())}", err=True)
            failures += 1
            continue
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # a bug: report it on one line and go on with the next input
            if _debug(ctx):
                raise
            shown = "stdin" if source == "-" else source
            click.echo(f"audioreview: error: {shown}: internal error: {type(exc).__name__}: {exc}", err=True)
            failures += 1
            continue
        if as_json:
            manifests.append(read_manifest(Path(production.manifest)).to_dict())
        else:
            for r in production.renditions:
                click.echo(
                    f"{Path(production.folder) / r.audio}  {_format_duration(r.duration_ms)}  "
                    f"{r.loudness.integrated_lufs:.1f} LUFS  {r.loudness.true_peak_dbtp:.1f} dBTP  "
                    f"{len(r.timeline.chapters)} chapters"
                )
    if as_json:
        click.echo(json.dumps(manifests[0] if len(inputs) == 1 and manifests else manifests, indent=2, ensure_ascii=False))
    if failures:
        sys.exit(1)


@main.command()
@click.argument("source")
@click.option("--format", "out_format", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--from", "fmt", type=click.Choice(INPUT_FORMATS), default="auto", help="Input format.")
@click.option("--version", "version", type=click.Choice(["full", "short"]), default="full", help="Which version.")
@click.option("--voice", "narrator", help="Narrator voice profile.")
@click.option("--lang", "language", help="The review's language.")
@click.option("--short-seconds", type=float, help="Target length of the short version.")
@click.option("--speed", type=click.FloatRange(0.5, 2.0), help="How fast the voices speak, e.g. 1.15.")
@click.option("--allow-private", is_flag=True, default=None, help="Allow URLs on private networks.")
@click.option("--explain", is_flag=True, help="First list each dropped line and the rule that dropped it.")
@click.pass_context
def script(ctx: click.Context, source: str, out_format: str, fmt: str, version: str, explain: bool, **flags: Any) -> None:
    """Print what will be spoken for SOURCE, without making audio."""
    from .pipeline import plan
    from .scriptview import script_json, script_text

    settings = _settings(ctx, versions=version, **flags)
    review = _load_review(source, fmt, settings)
    if explain:
        from .speech.clean import explain_review

        click.echo("\n".join(explain_review(review, settings.clutter_patterns)), err=out_format == "json")
    p = plan(review, settings)
    chosen = p.short if version == "short" and p.short is not None else p.full
    if out_format == "json":
        click.echo(json.dumps(script_json(p.review, chosen), indent=2, ensure_ascii=False))
    else:
        click.echo(script_text(p.review, chosen), nl=False)


@main.command()
@click.option("--lang", "language", help="Only the voices that can speak this language, e.g. de.")
@click.pass_context
def voices(ctx: click.Context, language: str | None) -> None:
    """List the voice profiles (or those that can speak a language)."""
    from .engines import load_voices

    settings = _settings(ctx)
    known = load_voices(settings.voices_dir)
    if language:
        from .engines.languages import HOW_TO_ADD, language_name, voices_for_language

        found = voices_for_language(language, known)
        if not found:
            raise click.ClickException(f"no installed voice speaks {language_name(language)} ({language!r}): {HOW_TO_ADD}")
        listed = found
    else:
        listed = sorted(known.values(), key=lambda v: v.name)
    for voice in listed:
        marks = [r for r in voice.roles]
        default = " (default narrator)" if voice.name == settings.narrator else ""
        default += " (default host)" if voice.name == settings.host else ""
        click.echo(f"{voice.name:<12} {voice.engine:<6} {voice.language:<5} {','.join(marks):<15} {voice.description}{default}")


@main.command()
def engines() -> None:
    """List the speech engines and whether each can run here."""
    from .engines import probe_engines

    for info in probe_engines():
        state = "usable" if info.usable else "unusable"
        where = "offline" if info.offline else "online"
        click.echo(f"{info.name:<6} {state:<9} {where:<8} {info.detail}")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--base-url", required=True, help="Where FOLDER will be served from, e.g. https://example.org/audio/.")
@click.option("--version", "version", type=click.Choice(["full", "short"]), default="full", help="Which version the feed carries.")
@click.option("--pages/--no-pages", default=True, help="Also (re)write each production's listening page.")
@click.pass_context
def podcast(ctx: click.Context, folder: str, base_url: str, version: str, pages: bool) -> None:
    """Write FOLDER/feed.xml (a podcast feed) over every production in FOLDER."""
    from .publish.page import write_page
    from .publish.podcast import read_manifests, write_feed

    settings = _settings(ctx)
    root = Path(folder)
    path = write_feed(root, base_url=base_url, settings=settings, version=version)
    records = read_manifests(root)
    count = len(records)
    if pages:
        for record in records:
            write_page(root / record.folder, manifest=record.manifest)
    click.echo(f"{path}  {count} episode{'s' if count != 1 else ''}")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--cors", is_flag=True, help="Let pages on other sites load the files (Access-Control-Allow-Origin: *).")
def serve(folder: str, port: int, cors: bool) -> None:
    """Serve FOLDER on 127.0.0.1 (with HTTP Range) to try the feed and pages."""
    from .publish.serve import serve as serve_folder

    try:
        serve_folder(Path(folder), port, cors=cors)
    except OSError as exc:
        fail(f"cannot serve on port {port}: {exc.strerror or exc}")


@main.command()
@click.argument("target", default=".", metavar="FOLDER_OR_FILE", type=click.Path(exists=True))
@click.option("--port", type=int, default=0, help="Port on 127.0.0.1 (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Print the address without opening a browser.")
def studio(target: str, port: int, no_browser: bool) -> None:
    """Hear, fix and publish the reviews in FOLDER_OR_FILE in a local web app."""
    try:
        from .studio.server import check_extra
        from .studio.server import serve as serve_studio

        check_extra()
    except ImportError as exc:
        fail(f"the studio needs its extra: pip install 'audioreview[studio]' ({exc.name} is missing)")
    try:
        serve_studio(target, port=port, open_browser=not no_browser, announce=click.echo)
    except OSError as exc:
        fail(f"cannot serve the studio on port {port}: {exc.strerror or exc}")


def run() -> None:
    """Entry point for ``python -m audioreview``."""
    main(prog_name="audioreview")


@main.command()
@click.argument("source")
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False), help="Output folder (holds the state).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Parallel workers (default: one per core).")
@click.option("--executor", type=click.Choice(["process", "dask"]), default="process", help="Where entries render.")
@click.option("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (implies --executor dask).")
@click.option("--limit", type=click.IntRange(min=0), help="Render at most N entries this run.")
@click.option("--since", help="Only entries published on or after DATE (YYYY-MM-DD).")
@click.option("--only", multiple=True, help="Only this entry (id, link, slug or post path); repeatable.")
@click.option("--dry-run", is_flag=True, help="List what would be rendered and why; write nothing.")
@click.option("--force", is_flag=True, help="Render every selected entry, changed or not.")
@click.option("--fetch-full", is_flag=True, help="Fetch the linked page when the feed has only a summary.")
@click.option("--update-front-matter", is_flag=True, help="Write audio: fields into each Markdown post.")
@click.option("--base-url", help="Prefix for the audio URLs written into front matter.")
@click.option("--voice", "narrator", help="Narrator voice profile.")
@click.option("--host", help="Host voice for the intro and outro.")
@click.option("--engine", help="Force an engine.")
@click.option("--versions", help="full, short or full,short (default).")
@click.option("--short-seconds", type=float, help="Target length of the short version.")
@click.option("--speed", type=click.FloatRange(0.5, 2.0), help="How fast the voices speak, e.g. 1.15.")
@click.option("--no-stings", is_flag=True, help="No intro or outro music.")
@click.option("--bitrate", "bitrate_kbps", type=int, help="MP3 bitrate in kbps (constant).")
@click.option("--allow-private", is_flag=True, default=None, help="Allow URLs on private networks.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines.")
@click.pass_context
def batch(
    ctx: click.Context,
    source: str,
    output_dir: str | None,
    jobs: int | None,
    executor: str,
    scheduler: str | None,
    limit: int | None,
    since: str | None,
    only: tuple[str, ...],
    dry_run: bool,
    force: bool,
    fetch_full: bool,
    update_front_matter: bool,
    base_url: str | None,
    no_stings: bool,
    as_json: bool,
    quiet: bool,
    **flags: Any,
) -> None:
    """Produce every new or changed entry of SOURCE: a feed (file or URL), a folder of posts, or a list of URLs."""
    from .batch import BatchOptions, run_batch
    from .batch.report import ProgressPrinter, summary_json, summary_lines

    if no_stings:
        flags["intro_sting"] = ""
        flags["outro_sting"] = ""
        flags["bed"] = ""
    settings = _settings(ctx, output_dir=output_dir, **flags)
    if scheduler:
        executor = "dask"
    options = BatchOptions(
        out_dir=settings.output_dir, jobs=jobs, executor=executor,  # type: ignore[arg-type]
        scheduler=scheduler, limit=limit, since=since, only=only, dry_run=dry_run, force=force,
        fetch_full=fetch_full, update_front_matter=update_front_matter, base_url=base_url,
    )  # fmt: skip
    printer = None if quiet else ProgressPrinter(click.get_text_stream("stderr"), tty=sys.stderr.isatty())
    try:
        summary = run_batch(source, settings, options, on_report=printer)
    finally:
        if printer is not None:
            printer.close()
    if as_json:
        click.echo(json.dumps(summary_json(summary), indent=2, ensure_ascii=False))
    else:
        for line in summary_lines(summary):
            click.echo(line)
    if summary.failures:
        sys.exit(1)
