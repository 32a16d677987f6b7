"""The ``presssearch`` command: thin commands over the library API."""

from __future__ import annotations

import functools
import io
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from presssearch import __version__
from presssearch.common import replacing
from presssearch.errors import PresssearchError, QueryError

if TYPE_CHECKING:
    from presssearch.index import Index
    from presssearch.records import FileOutcome, SearchOptions

#: Sizes of the date buckets, and the choice by span (as presssearch.coverage.INTERVALS
#: and AUTO, not imported here so that commands start without loading the search code).
INTERVALS = ("day", "week", "month", "year")
AUTO = "auto"
#: Files larger than this are skipped (as presssearch.index.DEFAULT_MAX_BYTES).
DEFAULT_MAX_MB = 50

#: Fewer hits than this and the query gets a spelling suggestion.
SUGGEST_BELOW = 3

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class CliError(click.ClickException):
    """One line on stderr and a chosen exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"presssearch: {self.format_message()}", err=True)


@contextmanager
def library_errors() -> Iterator[None]:
    """Library errors become one line on stderr: exit 2 for a bad query, 1 otherwise."""
    try:
        yield
    except QueryError as exc:
        raise CliError(str(exc), exit_code=2) from exc
    except PresssearchError as exc:
        raise CliError(str(exc)) from exc


def index_dir_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--index-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default="index",
        show_default=True,
        envvar="PRESSSEARCH_INDEX",
        show_envvar=True,
        help="Folder of the index.",
    )(func)


def interval_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--interval",
        type=click.Choice([AUTO, *INTERVALS]),
        default=AUTO,
        show_default=True,
        help="Width of the date buckets; auto picks day, week, month or year from the"
        " span of the matching dates.",
    )(func)


def search_options(*, ranked: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options every searching command shares, handed to it as one ``options`` value.

    --lang, --source, --since and --until restrict without reordering;
    --no-translate searches the words as typed; with ``ranked``, --limit,
    --offset and --no-collapse too. The command receives a :class:`SearchOptions`.
    """
    options = [
        click.option("--lang", metavar="CODE", help="Only documents in this language."),
        click.option("--source", metavar="NAME", help="Only documents from this outlet."),
        click.option(
            "--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after YYYY-MM-DD."
        ),
        click.option(
            "--until", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before YYYY-MM-DD."
        ),
        click.option(
            "--no-translate",
            is_flag=True,
            help="Search the words as typed, without their translations.",
        ),
    ]
    if ranked:
        options += [
            click.option(
                "--limit",
                type=click.IntRange(min=1),
                default=10,
                show_default=True,
                help="Number of hits.",
            ),
            click.option(
                "--offset",
                type=click.IntRange(min=0),
                default=0,
                help="Hits to pass over first: --offset 10 shows the second page of ten.",
            ),
            click.option(
                "--no-collapse",
                is_flag=True,
                help="Show every near-duplicate instead of one per group.",
            ),
        ]

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def command(**kwargs: Any) -> Any:
            from presssearch.records import SearchOptions

            since, until = kwargs.pop("since"), kwargs.pop("until")
            values = {
                "lang": kwargs.pop("lang"),
                "source": kwargs.pop("source"),
                "since": since.date() if since else None,
                "until": until.date() if until else None,
                "translate": not kwargs.pop("no_translate"),
            }
            if ranked:
                values["limit"] = kwargs.pop("limit")
                values["offset"] = kwargs.pop("offset")
                values["collapse"] = not kwargs.pop("no_collapse")
            return func(options=SearchOptions(**values), **kwargs)

        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def out_options(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--out FILE and --force: an existing file is replaced only when the user says so."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option("--force", is_flag=True, help="Replace the --out file if it exists.")(
            func
        )
        return click.option(
            "--out", type=click.Path(dir_okay=False, path_type=Path), help=help_text
        )(func)

    return decorate


def _check_out(out: Path | None, force: bool) -> None:
    if out is not None and out.exists() and not force:
        raise CliError(f"{out} exists: add --force to replace it")


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


class _Group(click.Group):
    """Unexpected errors become one line too; PRESSSEARCH_DEBUG=1 shows the traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader of our output went away (| head): stop quietly.
            sys.stderr.close()
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            if os.environ.get("PRESSSEARCH_DEBUG"):
                raise
            raise CliError(
                f"unexpected error: {type(exc).__name__}: {exc}"
                " (set PRESSSEARCH_DEBUG=1 to see where)"
            ) from exc


class _Engines(click.Choice):
    """The engines' names, read from :mod:`presssearch.engine` when first needed."""

    def __init__(self) -> None:
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        from presssearch.engine import engines

        return tuple(engines())

    @choices.setter
    def choices(self, value: object) -> None:
        pass


class _DeclaredHelp(click.Option):
    """An option whose help is made from what each engine declares, when help is shown."""

    def __init__(self, *args: Any, describe: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe = describe

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = self._describe()
        return super().get_help_record(ctx)


def _engine_help() -> str:
    from presssearch.engine import engines

    said = []
    for spec in engines().values():
        notes = [f"pip install 'presssearch[{spec.extra}]'"] if spec.extra else []
        if spec.default:
            notes = ["default"]
        elif spec.summary:
            notes.append(spec.summary)
        said.append(f"{spec.name} ({', '.join(notes)})" if notes else spec.name)
    listed = ", ".join(said[:-1]) + " or " + said[-1] if len(said) > 1 else said[0]
    return f"Engine of a new index: {listed}. Changing it takes --rebuild."


def _batch_help() -> str:
    from presssearch.engine import engines

    each = ", ".join(f"{spec.batch:,} on {spec.name}" for spec in engines().values())
    return (
        "Commit every N documents: fewer lose less to an interruption, more make fewer"
        f" segments and quicker queries.  [default: {each}]"
    )


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="presssearch")
@click.option(
    "--no-color",
    is_flag=True,
    help="Plain text, without colours (also when NO_COLOR is set).",
)
@click.pass_context
def main(ctx: click.Context, no_color: bool) -> None:
    """Search press coverage in English, Spanish and French.

    Build an index from a folder of saved news pages and text files, then
    query it:

    \b
        presssearch index corpus/
        presssearch query "Audiard Spanish language"
    """
    if no_color or os.environ.get("NO_COLOR"):
        ctx.color = False


@main.command("index")
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@index_dir_option
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes reading and extracting files.  [default: one per core]",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0,
    metavar="SECONDS",
    help="If another process is writing the index, wait this long for it.",
)
@click.option(
    "--max-size",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_MB,
    show_default=True,
    metavar="MB",
    help="Skip files larger than this.",
)
@click.option(
    "--batch",
    cls=_DeclaredHelp,
    describe=_batch_help,
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Build a new index from scratch and swap it in when complete.",
)
@click.option("--strict", is_flag=True, help="Exit with status 1 if any file was skipped.")
@click.option("--engine", cls=_DeclaredHelp, describe=_engine_help, type=_Engines(), default=None)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Also say what reading each page dropped (an impossible date, a cut text).",
)
def index_command(
    corpus_dir: Path,
    index_dir: Path,
    jobs: int | None,
    wait: float,
    max_size: int,
    batch: int | None,
    rebuild: bool,
    strict: bool,
    engine: str | None,
    verbose: bool,
) -> None:
    """Index (or bring up to date) the articles under CORPUS_DIR.

    New files are added, changed files replaced and deleted files removed.
    A file that cannot be read is skipped with a warning and the run goes on.
    """
    from presssearch.index import Index
    from presssearch.ingest import iter_files, limit_malloc_arenas
    from presssearch.present import report_text
    from presssearch.progress import Heartbeat

    limit_malloc_arenas()  # before the progress thread and the workers start

    show_bar = sys.stderr.isatty()
    total = sum(1 for _ in iter_files(corpus_dir)) if show_bar else 0
    with (
        click.progressbar(
            length=total, label="indexing", file=sys.stderr, hidden=not show_bar, show_eta=False
        ) as bar,
        Heartbeat(enabled=not show_bar, every=_progress_seconds()) as heartbeat,
    ):

        def progress(outcome: FileOutcome) -> None:
            if outcome.status == "skipped":
                prefix = "\n" if show_bar else ""
                click.echo(f"{prefix}warning: skipped {outcome.path}: {outcome.message}", err=True)
            if verbose:
                for note in outcome.notes:
                    click.echo(f"note: {outcome.path}: {note}", err=True)
            heartbeat.done += 1
            bar.update(1)
            # An estimate from the first files, slowed by starting the workers, is wild.
            bar.show_eta = bar.pos >= 20 and time.monotonic() - bar.start >= 3

        def on_wait() -> None:
            click.echo(
                f"waiting up to {wait:g} s for another process to finish writing {index_dir}",
                err=True,
            )

        options = {
            "progress": progress,
            "jobs": jobs,
            "max_bytes": max_size * 1024 * 1024,
            "wait": wait,
            "on_wait": on_wait,
        }
        if batch is not None:
            options["batch_size"] = batch
        try:
            with library_errors():
                if rebuild:
                    index, report = Index.rebuild(index_dir, corpus_dir, engine=engine, **options)
                    index.close()
                else:
                    with Index.open_or_create(index_dir, engine=engine) as index:
                        report = index.add_path(corpus_dir, **options)
        except KeyboardInterrupt:
            raise CliError(
                "interrupted: the index keeps what was committed before;"
                " run the same command again to finish",
                exit_code=130,
            ) from None
    if report.excluded:
        note = f"note: left out the index folder {report.excluded}, inside {corpus_dir}"
        click.echo(note, err=True)
    for other in report.others[:_SHOWN_OTHERS]:
        click.echo(f"note: {other} is not part of the index: left as it is", err=True)
    if len(report.others) > _SHOWN_OTHERS:
        more = len(report.others) - _SHOWN_OTHERS
        click.echo(f"note: and {more} more files in {index_dir} that are not the index's", err=True)
    if not (report.added or report.updated or report.unchanged or report.skipped_total):
        click.echo(f"warning: {_nothing_to_index(corpus_dir)}", err=True)
    click.echo(report_text(report))
    if strict and report.skipped_total:
        raise CliError(f"{report.skipped_total} file(s) skipped (--strict)")


def _nothing_to_index(folder: Path) -> str:
    """Why a run indexed nothing: the folder has no file of a kind presssearch reads."""
    kinds = Counter(
        os.path.splitext(name)[1].lower() or name
        for _, _, names in os.walk(folder)
        for name in names
        if not name.startswith(".")
    )
    found = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common(5))
    return (
        f"no .html, .htm, .xhtml, .shtml, .txt or .text files (or .gz of them) under {folder}"
        + (f"; it holds {found}" if found else "; it is empty")
    )


#: Files of the user's named after a rebuild, at most.
_SHOWN_OTHERS = 5


def _progress_seconds() -> float:
    """Seconds between progress lines off a terminal: PRESSSEARCH_PROGRESS_SECONDS, or 5."""
    try:
        return max(0.05, float(os.environ.get("PRESSSEARCH_PROGRESS_SECONDS", "5")))
    except ValueError:
        return 5.0


def _translation_notice(options: SearchOptions) -> None:
    """One line on stderr when the query was to be translated and cannot be."""
    from presssearch.plan import translation_unavailable

    reason = translation_unavailable() if options.translate else None
    if reason:
        click.echo(f"notice: searching without translation: {reason}", err=True)


@main.command("query")
@click.argument("query")
@index_dir_option
@search_options(ranked=True)
@click.option("--explain", is_flag=True, help="Print what the query searches, on stderr first.")
@click.option(
    "--facets", "with_facets", is_flag=True, help="Add counts by language, outlet and date."
)
@interval_option
@json_option
def query_command(
    query: str,
    index_dir: Path,
    options: SearchOptions,
    explain: bool,
    with_facets: bool,
    interval: str,
    as_json: bool,
) -> None:
    """Search the index for QUERY.

    Free text searches every language at once. Syntax: "a phrase", AND, OR,
    NOT, lang:es, source:NAME, title:WORD, wild*, term~ (fuzzy),
    date:[2025-01-01 TO 2025-02-01].
    """
    from presssearch.index import Index
    from presssearch.present import facets_json, facets_text, hit_json, hit_text

    with library_errors(), Index.open(index_dir) as index:
        _translation_notice(options)
        if explain:
            click.echo(index.explain(query, options), err=True)
        hits = index.search(query, options)
        counts = index.facets(query, options, interval=interval) if with_facets else None
        suggestion = index.suggest(query) if len(hits) < SUGGEST_BELOW else None
        absent = _absent_language(index, options.lang) if not hits and options.lang else None
    if suggestion:
        click.echo(f"did you mean: {suggestion}", err=True)
    if as_json:
        for hit in hits:
            click.echo(hit_json(hit))
        if counts is not None:
            click.echo(facets_json(counts))
        return
    if not hits:
        click.echo("no results", err=True)
        if absent:
            click.echo(absent, err=True)
    else:

        def style(word: str) -> str:
            return click.style(word, bold=True, fg="yellow")

        click.echo("\n\n".join(hit_text(rank, hit, style) for rank, hit in enumerate(hits, 1)))
    if counts is not None:
        click.echo("\n" + facets_text(counts))


def _absent_language(index: Index, code: str) -> str | None:
    """Why a language filter found nothing, when the index has no document in that
    language (a mistyped code, say): the languages it has, with their counts."""
    from presssearch.languages import language_label

    languages = index.stats().languages
    if languages.get(code):
        return None
    held = ", ".join(f"{language_label(c)} {n}" for c, n in languages.items())
    return f"no document in {language_label(code)} in this index; its languages: {held or 'none'}"


@main.command("show")
@click.argument("doc_id", metavar="ID")
@index_dir_option
@json_option
def show_command(doc_id: str, index_dir: Path, as_json: bool) -> None:
    """Print the cleaned text and metadata of the document ID (or of the file at that path)."""
    from presssearch.index import Index
    from presssearch.present import document_json, document_text

    with library_errors(), Index.open(index_dir) as index:
        doc = index.get(doc_id)
    if doc is None:
        raise CliError(f"no document with id {doc_id!r} in {index_dir}")
    click.echo(document_json(doc) if as_json else document_text(doc))


@main.command("timeline")
@click.argument("query")
@index_dir_option
@search_options()
@interval_option
@click.option(
    "--by",
    type=click.Choice(["lang", "source"]),
    default="lang",
    show_default=True,
    help="One series per language or per outlet.",
)
@out_options("Also write the chart to a .png, .svg or .html file.")
@json_option
def timeline_command(
    query: str,
    index_dir: Path,
    options: SearchOptions,
    interval: str,
    by: str,
    out: Path | None,
    force: bool,
    as_json: bool,
) -> None:
    """Chart the documents matching QUERY over time.

    Prints a bar chart on the terminal, one colour per language (or outlet
    with --by source); --out writes it as PNG, SVG or HTML.
    """
    from presssearch.index import Index
    from presssearch.present import timeline_json, timeline_text

    _check_out(out, force)
    with library_errors(), Index.open(index_dir) as index:
        _translation_notice(options)
        series = index.timeline(query, options, interval=interval, by=by)
        if out is not None:
            from presssearch.plot import write_timeline

            write_timeline(
                series,
                out,
                title=f"Coverage of \u201c{query}\u201d per {series.interval}",
                by=by,
                interval=series.interval,
            )
    if as_json:
        click.echo(timeline_json(series))
    else:
        colours = ["cyan", "magenta", "yellow", "green", "blue", "red", "white", "bright_black"]

        def style(text: str, i: int) -> str:
            return click.style(text, fg=colours[i % len(colours)])

        click.echo(timeline_text(series, style, by=by))
    if out is not None:
        click.echo(f"wrote {out}", err=True)


@main.command("export")
@click.argument("query")
@index_dir_option
@search_options()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@out_options("Write to this file instead of standard output.")
@click.option("--bom", is_flag=True, help="Start the CSV with a UTF-8 byte-order mark (for Excel).")
def export_command(
    query: str,
    index_dir: Path,
    options: SearchOptions,
    fmt: str,
    out: Path | None,
    force: bool,
    bom: bool,
) -> None:
    """Write every document matching QUERY (not only the top hits), best first.

    Columns: id, path, url, title, source, authors, published, lang, group
    (near-duplicate group), score.
    """
    from presssearch.index import Index
    from presssearch.present import write_export

    _check_out(out, force)
    with library_errors(), Index.open(index_dir) as index:
        _translation_notice(options)
        rows = index.export(query, options)
        encoding = "utf-8-sig" if bom and fmt == "csv" else "utf-8"
        if out is None:
            # utf-8-sig writes the byte-order mark itself, once.
            sys.stdout.flush()
            stream = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="")
            count = write_export(rows, stream, fmt=fmt)
            stream.flush()
            stream.detach()
        else:
            # Written beside it, then renamed: a failed export leaves no half file.
            try:
                with replacing(out) as tmp, tmp.open("w", encoding=encoding, newline="") as f:
                    count = write_export(rows, f, fmt=fmt)
            except OSError as exc:
                raise CliError(f"cannot write {out}: {exc.strerror}") from exc
    click.echo(f"exported {count} documents", err=True)


@main.command("stats")
@index_dir_option
@json_option
def stats_command(index_dir: Path, as_json: bool) -> None:
    """Show what the index holds: documents per language and outlet, dates, duplicates, size."""
    from presssearch.index import Index
    from presssearch.present import stats_json, stats_text

    with library_errors(), Index.open(index_dir) as index:
        stats = index.stats()
    click.echo(stats_json(stats) if as_json else stats_text(stats))


@main.command("serve")
@index_dir_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any other than loopback makes the index readable from the network.",
)
@click.option(
    "--port",
    type=click.IntRange(min=0, max=65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
def serve_command(index_dir: Path, host: str, port: int) -> None:
    """Search the index in a web browser, on this machine.

    Prints the address to open; Ctrl-C stops the server. The pages only read
    the index, and see what a running indexer commits.
    """
    try:
        from presssearch.web import address, is_loopback, listen, make_server
    except ImportError as exc:
        raise CliError(
            f"serving needs the serve extra: pip install 'presssearch[serve]'"
            f" ({exc.name} is missing)"
        ) from exc
    if not is_loopback(host):
        click.echo(
            f"warning: listening on {host}: anyone who can reach this machine can read the index",
            err=True,
        )
    from presssearch.index import Index

    with library_errors(), Index.open(index_dir) as index:
        try:
            sock = listen(host, port)
        except OSError as exc:
            raise CliError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
        with sock:
            click.echo(f"serving {index_dir} at {address(sock)} (Ctrl-C stops)")
            sys.stdout.flush()
            # The server shuts down on Ctrl-C, then passes it on.
            with suppress(KeyboardInterrupt):
                make_server(index, host).run(sockets=[sock])
    click.echo("stopped", err=True)
