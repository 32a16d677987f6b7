"""The presssearch command, run through click's CliRunner on real files and indexes."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import presssearch
from conftest import (
    DE_KRITIK,
    EN_NOTES,
    EN_REMARKS,
    EN_TICKETS,
    ES_GASCON,
    FR_ACTRICE,
    SUMMARY,
)
from presssearch import Index
from presssearch.cli import main

JSON_KEYS = {"id", "path", "title", "lang", "source", "published", "score", "snippet"}


def run(*args: str | Path, env: dict[str, str | None] | None = None) -> Result:
    # PRESSSEARCH_INDEX from the environment of whoever runs the tests must not leak in.
    full_env: dict[str, str | None] = {"PRESSSEARCH_INDEX": None, "PRESSSEARCH_DEBUG": None}
    full_env.update(env or {})
    return CliRunner().invoke(main, [str(a) for a in args], env=full_env)


def one_line_error(result: Result) -> str:
    """The single stderr line of a failed command, with no traceback."""
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return lines[0]


def json_hits(result: Result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


# -- index ------------------------------------------------------------------------------


def test_index_prints_a_summary_line(corpus: Path, index_dir: Path) -> None:
    result = run("index", corpus, "--index-dir", index_dir)
    assert result.exit_code == 0, result.output
    # Off a terminal, only progress lines (every few seconds) may come on stderr.
    assert all(line.startswith("indexing: ") for line in result.stderr.splitlines())
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    match = SUMMARY.match(lines[0])
    assert match, lines[0]
    assert match.group(1, 2, 3, 4, 5) == ("6", "0", "0", "0", "0")
    assert match.group(7) == "English 3, French 1, German 1, Spanish 1"
    assert match.group(8) == "6"


def test_index_again_reports_changes(corpus: Path, index_dir: Path) -> None:
    run("index", corpus, "--index-dir", index_dir, "--jobs", "1")
    (corpus / EN_NOTES).write_text(
        "Cinemas report a busy weekend\n\nThe matinee screenings sold out early across the "
        "country as audiences came back for the winter releases.\n",
        encoding="utf-8",
    )
    (corpus / DE_KRITIK).unlink()
    result = run("index", corpus, "--index-dir", index_dir, "--jobs", "1")
    assert result.exit_code == 0, result.output
    match = SUMMARY.match(result.stdout.strip())
    assert match, result.stdout
    assert match.group(1, 2, 3, 4, 5) == ("0", "1", "1", "4", "0")
    assert match.group(7) == "English 1"
    assert match.group(8) == "5"


def test_index_warns_about_skipped_files_and_goes_on(corpus: Path, index_dir: Path) -> None:
    (corpus / "en" / "empty.txt").write_bytes(b"")
    (corpus / "en" / "archive.html").write_bytes(b"PK\x03\x04\x14\x00\x00\x00binary")
    result = run("index", corpus, "--index-dir", index_dir, "--jobs", "1")
    assert result.exit_code == 0, result.output
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 2
    assert all(line.startswith("warning:") for line in warnings)
    assert any("archive.html" in line and "binary" in line for line in warnings)
    assert any("empty.txt" in line and "empty" in line for line in warnings)
    match = SUMMARY.match(result.stdout.strip())
    assert match, result.stdout
    assert match.group(1) == "6"
    assert match.group(5) == "2"
    assert match.group(6) == "binary 1, empty 1"


FOREIGN_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{title}</title><meta property="og:site_name" content="{site}"></head>
<body><article><h1>{title}</h1><p>{text}</p><p>{text}</p><p>{text}</p></article></body></html>"""


def test_pages_in_other_scripts_and_odd_files_never_stop_a_run(
    corpus: Path, index_dir: Path
) -> None:
    shapes = corpus / "shapes"
    shapes.mkdir()
    pages = {
        "zh.html": ("农民得到支持", "政府今天宣布了支持今年夏天受干旱影响的农民的新措施。" * 8),
        "ar.html": ("دعم المزارعين", "أعلنت الحكومة اليوم عن إجراءات جديدة لدعم المزارعين. " * 12),
        "ru.html": ("Поддержка фермеров", "Правительство объявило о новых мерах поддержки. " * 12),
    }
    blog = "Ein Blog über Reisen an die Küsten im Norden und die Menschen, die dort leben"
    for name, (title, text) in pages.items():
        page = FOREIGN_PAGE.format(title=title, site=blog, text=text)
        (shapes / name).write_text(page, encoding="utf-8")
    (shapes / "image.htm").write_bytes(b"\x89PNG\r\n\x1a\n")  # a PNG's first 8 bytes
    result = run("index", corpus, "--index-dir", index_dir, "--jobs", "2", "--strict")
    assert result.exit_code == 1
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert "image.htm" in warnings[0] and "Portable Network Graphics" in warnings[0]
    assert result.stderr.splitlines()[-1].startswith("presssearch: 1 file(s) skipped")
    assert "Traceback" not in result.output and "unexpected error" not in result.output
    match = SUMMARY.match(result.stdout.strip())
    assert match, result.stdout
    assert (match["added"], match["skipped"], match["reasons"]) == ("9", "1", "binary 1")
    with Index.open(index_dir) as index:
        assert {name: index.get(f"shapes/{name}").lang for name in pages} == {
            "zh.html": "zh",
            "ar.html": "ar",
            "ru.html": "ru",
        }
        assert index.get("shapes/zh.html").source is None  # a sentence is not an outlet's name


def test_index_of_a_missing_folder_fails(tmp_path: Path, index_dir: Path) -> None:
    result = run("index", tmp_path / "missing", "--index-dir", index_dir)
    assert result.exit_code == 2
    assert "missing" in result.stderr
    assert "Traceback" not in result.output


# -- query: text output ----------------------------------------------------------------------


def test_query_prints_readable_hits(pages_index_dir: Path) -> None:
    result = run("query", "Audiard", "--index-dir", pages_index_dir)
    assert result.exit_code == 0, result.output
    blocks = result.stdout.strip().split("\n\n")
    assert len(blocks) == 3
    first = blocks[0].splitlines()
    assert (
        first[0].strip() == "1. Audiard defends his Spanish-language film after remarks draw fire"
    )
    assert "The Daily Reel" in first[1]
    assert "2025-01-20" in first[1]
    assert re.search(r"\bEnglish\b", first[1])
    assert first[2].strip().endswith(EN_REMARKS)
    assert "Audiard" in first[3]
    assert "<em>" not in result.stdout
    assert blocks[1].lstrip().startswith("2. ")
    assert blocks[2].lstrip().startswith("3. ")


def test_query_text_shows_special_characters_as_they_are(pages_index_dir: Path) -> None:
    result = run("query", "forecasts", "--index-dir", pages_index_dir)
    assert result.exit_code == 0, result.output
    assert "Ticket sales < forecasts & rivals gain ground" in result.stdout
    assert "Reel & Reckon" in result.stdout
    assert "came in < 40% of the studio's forecast & exhibitors" in result.stdout
    assert "&lt;" not in result.stdout
    assert "&amp;" not in result.stdout


def test_query_text_for_an_undated_document_without_outlet(pages_index_dir: Path) -> None:
    result = run("query", "Berlin", "--index-dir", pages_index_dir)
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].strip() == "1. Notes from the festival circuit"
    assert lines[2].strip().endswith(EN_NOTES)


def test_query_without_results(pages_index_dir: Path) -> None:
    result = run("query", "zzzyzzx", "--index-dir", pages_index_dir)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no results" in result.stderr


def test_a_language_the_index_lacks_is_named_with_the_languages_it_has(
    pages_index_dir: Path,
) -> None:
    # "sp" for Spanish, or a language no document is in: the user learns why nothing came.
    for code, named in (("sp", "sp"), ("it", "Italian (it)")):
        result = run("query", "Berlin", "--index-dir", pages_index_dir, "--lang", code)
        assert result.exit_code == 0
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert lines[0] == "no results"
        assert lines[1].startswith(f"no document in {named} in this index; its languages: ")
        assert "English (en)" in lines[1]
    found = run("query", "Berlin", "--index-dir", pages_index_dir, "--lang", "en")
    assert found.stdout and "no document in" not in found.stderr


# -- query: JSON ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "农民 支持",
        "دعم المزارعين",
        "Поддержка фермеров",
        "সরকার",
        "🎬 Audiard 🇪🇸",
        '"unclosed phrase',
        "((Audiard OR",
        "title: lang: NOT",
        " ".join(["Audiard"] * 300),
        "x" * 5000,
        "Aud\u0000iard\u0007",
    ],
    ids=["zh", "ar", "ru", "bn", "emoji", "quote", "brackets", "fields", "300-words",
         "5000-chars", "controls"],
)  # fmt: skip
def test_a_query_in_any_language_and_of_any_length_answers_or_fails_in_one_line(
    pages_index_dir: Path, query: str
) -> None:
    result = run("query", query, "--index-dir", pages_index_dir)
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output and "unexpected error" not in result.output
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith("presssearch: ")


def test_query_json_lines(pages_index_dir: Path) -> None:
    hits = json_hits(run("query", "Audiard", "--index-dir", pages_index_dir, "--json"))
    assert [hit["id"] for hit in hits] == [EN_REMARKS, FR_ACTRICE, ES_GASCON]
    for hit in hits:
        assert set(hit) >= JSON_KEYS
        assert isinstance(hit["score"], float)
        assert "<em>Audiard" in hit["snippet"]
    first = hits[0]
    assert first["title"] == "Audiard defends his Spanish-language film after remarks draw fire"
    assert first["lang"] == "en"
    assert first["source"] == "The Daily Reel"
    assert first["published"] == "2025-01-20"
    assert Path(first["path"]).parts[-2:] == ("en", "audiard-spanish-remarks.html")
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)


def test_query_json_published_is_null_when_undated(pages_index_dir: Path) -> None:
    (hit,) = json_hits(run("query", "Berlin", "--index-dir", pages_index_dir, "--json"))
    assert hit["id"] == EN_NOTES
    assert hit["published"] is None
    assert hit["source"] is None


def test_query_json_snippet_is_escaped_html(pages_index_dir: Path) -> None:
    hit = json_hits(run("query", "forecasts", "--index-dir", pages_index_dir, "--json"))[0]
    assert hit["id"] == EN_TICKETS
    # Title and outlet are plain text; only the snippet is HTML.
    assert hit["title"] == "Ticket sales < forecasts & rivals gain ground"
    assert hit["source"] == "Reel & Reckon"
    snippet = hit["snippet"]
    assert "<em>forecast</em>" in snippet
    assert "&lt; 40%" in snippet
    assert "&amp; exhibitors" in snippet
    outside = re.sub(r"</?em>", "", snippet)
    assert "<" not in outside
    assert ">" not in outside
    assert re.sub(r"&(lt|gt|amp|quot|#x27|#39);", "", outside).count("&") == 0
    assert html.unescape(outside).startswith("Box office receipts for the musical came in < 40%")


def test_query_json_without_results_prints_nothing(pages_index_dir: Path) -> None:
    result = run("query", "zzzyzzx", "--index-dir", pages_index_dir, "--json")
    assert result.exit_code == 0
    assert result.stdout == ""


# -- query: options -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--lang", "fr"], [FR_ACTRICE]),
        (["--lang", "es"], [ES_GASCON]),
        (["--source", "Diario del Cine"], [ES_GASCON]),
        (["--source", "the daily reel"], [EN_REMARKS]),
        (["--since", "2025-01-21"], [FR_ACTRICE, ES_GASCON]),
        (["--until", "2025-01-25"], [EN_REMARKS, FR_ACTRICE]),
        (["--since", "2025-01-25", "--until", "2025-01-25"], [FR_ACTRICE]),
        (["--limit", "1"], [EN_REMARKS]),
        (["--limit", "2"], [EN_REMARKS, FR_ACTRICE]),
        (["--lang", "en", "--since", "2025-02-01"], []),
    ],
)
def test_query_options(pages_index_dir: Path, options: list[str], expected: list[str]) -> None:
    result = run("query", "Audiard", "--index-dir", pages_index_dir, "--json", *options)
    assert [hit["id"] for hit in json_hits(result)] == expected


def test_query_syntax_through_the_command_line(pages_index_dir: Path) -> None:
    def found(query: str) -> list[str]:
        result = run("query", query, "--index-dir", pages_index_dir, "--json")
        return [hit["id"] for hit in json_hits(result)]

    assert found('"Spanish language"') == [EN_REMARKS]
    assert found("lang:es") == [ES_GASCON]
    assert found("Gascn~") == [ES_GASCON]
    assert found("date:[2025-01-01 TO 2025-01-31]") in (
        [EN_REMARKS, FR_ACTRICE],
        [FR_ACTRICE, EN_REMARKS],
    )


@pytest.mark.parametrize(
    "options",
    [["--since", "21/01/2025"], ["--until", "tomorrow"], ["--limit", "0"], ["--limit", "x"]],
)
def test_query_rejects_bad_option_values(pages_index_dir: Path, options: list[str]) -> None:
    result = run("query", "Audiard", "--index-dir", pages_index_dir, *options)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_index_dir_from_environment(pages_index_dir: Path) -> None:
    result = run("query", "Gascon", "--json", env={"PRESSSEARCH_INDEX": str(pages_index_dir)})
    assert [hit["id"] for hit in json_hits(result)] == [ES_GASCON]
    result = run("show", ES_GASCON, env={"PRESSSEARCH_INDEX": str(pages_index_dir)})
    assert result.exit_code == 0, result.output


def test_index_dir_option_beats_environment(pages_index_dir: Path, tmp_path: Path) -> None:
    result = run(
        "query",
        "Gascon",
        "--json",
        "--index-dir",
        pages_index_dir,
        env={"PRESSSEARCH_INDEX": str(tmp_path / "elsewhere")},
    )
    assert [hit["id"] for hit in json_hits(result)] == [ES_GASCON]


def test_index_command_uses_environment_index_dir(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "from-env"
    result = run("index", corpus, "--jobs", "1", env={"PRESSSEARCH_INDEX": str(target)})
    assert result.exit_code == 0, result.output
    assert presssearch.Index.exists(target)


def test_default_index_dir_is_index_in_the_working_folder(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("index", corpus, "--jobs", "1").exit_code == 0
    assert presssearch.Index.exists(tmp_path / "index")
    result = run("query", "Gascon", "--json")
    assert [hit["id"] for hit in json_hits(result)] == [ES_GASCON]


# -- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["date:[2025-13-01 TO 2025-01-31]", "date:[2025-01-01 TO someday]", ""]
)
def test_bad_query_is_one_line_and_exit_code_2(pages_index_dir: Path, query: str) -> None:
    result = run("query", query, "--index-dir", pages_index_dir)
    assert result.exit_code == 2
    line = one_line_error(result)
    assert line.startswith("presssearch:")


def test_bad_query_with_json_is_one_line_and_exit_code_2(pages_index_dir: Path) -> None:
    result = run(
        "query", "date:[2025-13-01 TO 2025-01-31]", "--index-dir", pages_index_dir, "--json"
    )
    assert result.exit_code == 2
    assert "2025-13-01" in one_line_error(result)


def test_missing_index_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-index-here"
    result = run("query", "Audiard", "--index-dir", missing)
    line = one_line_error(result)
    assert "no-index-here" in line
    result = run("show", EN_REMARKS, "--index-dir", missing)
    assert "no-index-here" in one_line_error(result)


# -- show ------------------------------------------------------------------------------------------


def test_show_prints_metadata_and_text(pages_index_dir: Path) -> None:
    result = run("show", ES_GASCON, "--index-dir", pages_index_dir)
    assert result.exit_code == 0, result.output
    head, _, text = result.stdout.partition("\n\n")
    assert "Karla Sofía Gascón pide perdón por sus viejos mensajes" in head
    assert "Diario del Cine" in head
    assert "Lucía Romero" in head
    assert "Andrés Vidal" in head
    assert "2025-02-01" in head
    assert re.search(r"\bes\b", head)
    assert ES_GASCON in head
    assert text.startswith("La actriz Karla Sofía Gascón publicó este sábado")
    assert "\n\nLa intérprete" in text  # paragraphs kept apart


def test_show_json(pages_index_dir: Path) -> None:
    result = run("show", FR_ACTRICE, "--index-dir", pages_index_dir, "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["id"] == FR_ACTRICE
    assert doc["title"] == "Audiard prend ses distances avec l’actrice principale de son film"
    assert doc["lang"] == "fr"
    assert doc["source"] == "Le Journal du Film"
    assert doc["authors"] == ["Claire Dubois"]
    assert doc["published"] == "2025-01-25"
    assert "Jusqu’à présent" in doc["text"]


def test_show_json_keeps_special_characters(pages_index_dir: Path) -> None:
    result = run("show", EN_TICKETS, "--index-dir", pages_index_dir, "--json")
    doc = json.loads(result.stdout)
    assert doc["title"] == "Ticket sales < forecasts & rivals gain ground"
    assert "came in < 40% of the studio's forecast & exhibitors" in doc["text"]


def test_show_unknown_id_is_a_one_line_error(pages_index_dir: Path) -> None:
    result = run("show", "en/no-such-page.html", "--index-dir", pages_index_dir)
    assert "en/no-such-page.html" in one_line_error(result)


# -- help and version ---------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["index"], ["query"], ["show"]])
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help(command: list[str], flag: str) -> None:
    result = run(*command, flag)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage:")


def test_main_help_lists_the_commands() -> None:
    result = run("-h")
    for command in ("index", "query", "show"):
        assert re.search(rf"^\s+{command}\b", result.stdout, re.MULTILINE)


def test_query_help_lists_every_option() -> None:
    result = run("query", "-h")
    for option in (
        "--index-dir",
        "--lang",
        "--source",
        "--since",
        "--until",
        "--limit",
        "--json",
        "PRESSSEARCH_INDEX",
    ):
        assert option in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"presssearch, version {presssearch.__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", presssearch.__version__)


# -- saying what happened -----------------------------------------------------------------------


def test_compressed_pages_are_read(corpus: Path, index_dir: Path) -> None:
    import gzip

    page = corpus / EN_REMARKS
    packed = corpus / "archive" / "remarks-copy.html.gz"
    packed.parent.mkdir()
    packed.write_bytes(gzip.compress(page.read_bytes()))
    notes = corpus / EN_NOTES
    (corpus / "archive" / "notes.txt.gz").write_bytes(gzip.compress(notes.read_bytes()))
    (corpus / "archive" / "broken.htm.gz").write_bytes(b"\x1f\x8b\x08\x00 not gzip at all")

    result = run("index", corpus, "--index-dir", index_dir, "--jobs", "1")

    assert result.exit_code == 0, result.output
    assert "warning: skipped" in result.stderr and "broken.htm.gz" in result.stderr
    hits = json_hits(run("query", "Audiard", "--index-dir", index_dir, "--json", "--no-collapse"))
    assert "archive/remarks-copy.html.gz" in {hit["id"] for hit in hits}
    shown = run("show", "archive/notes.txt.gz", "--index-dir", index_dir, "--json")
    assert json.loads(shown.stdout)["text"]
    assert json.loads(shown.stdout)["title"] == notes.read_text(encoding="utf-8").splitlines()[0]


@pytest.mark.parametrize("content", [{}, {"report.pdf": b"%PDF-1.4", "data.csv": b"a,b\n"}])
def test_a_run_that_indexes_nothing_says_why(
    tmp_path: Path, index_dir: Path, content: dict[str, bytes]
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    for name, data in content.items():
        (folder / name).write_bytes(data)

    result = run("index", folder, "--index-dir", index_dir)

    assert result.exit_code == 0, result.output
    warning = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warning) == 1
    assert (
        f"no .html, .htm, .xhtml, .shtml, .txt or .text files (or .gz of them) under {folder}"
        in (warning[0])
    )
    assert ("1 .pdf" in warning[0]) == bool(content)


@pytest.mark.parametrize(
    ("options", "env"),
    [(["--no-color"], {}), ([], {"NO_COLOR": "1"})],
    ids=["--no-color", "NO_COLOR"],
)
def test_colours_can_be_turned_off(
    pages_index_dir: Path, options: list[str], env: dict[str, str]
) -> None:
    def query(*more: str, extra_env: dict[str, str]) -> str:
        result = CliRunner().invoke(
            main,
            [*more, "query", "Audiard", "--index-dir", str(pages_index_dir)],
            env={"PRESSSEARCH_INDEX": None, **extra_env},
            color=True,  # as on a terminal
        )
        assert result.exit_code == 0, result.output
        return result.stdout

    assert "\x1b[" in query(extra_env={})  # coloured by default on a terminal
    plain = query(*options, extra_env=env)
    assert "\x1b[" not in plain
    assert EN_REMARKS in plain


def test_readme_lists_every_command_and_option() -> None:
    import click

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    usage = readme.split("## Using the command line", 1)[1].split("```", 2)[1]
    filters = {"--lang", "--source", "--since", "--until", "--no-translate"}
    for name, command in main.commands.items():
        line = usage.split(f"presssearch {name} ", 1)[1].split("\npresssearch ", 1)[0]
        for param in command.params:
            if not isinstance(param, click.Option) or "--help" in param.opts:
                continue
            long = max(param.opts, key=len)
            listed = long in line or (long in filters and "[FILTERS]" in line)
            assert listed, f"{name} {long} is missing from the README's usage"


def test_the_command_lines_defaults_are_the_librarys() -> None:
    # The command line keeps its own copies, so that -h and --version import nothing heavy.
    from presssearch import cli
    from presssearch.coverage import INTERVALS
    from presssearch.ingest import DEFAULT_MAX_BYTES

    assert cli.INTERVALS == INTERVALS
    assert cli.DEFAULT_MAX_MB * 1024 * 1024 == DEFAULT_MAX_BYTES
