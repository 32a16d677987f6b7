"""End to end on the demo corpus: every file's metadata as MANIFEST.tsv says, and ranking.

The corpus is indexed once per session into a temporary folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from presssearch import Index, IndexReport, QueryError, SearchOptions

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def read_manifest() -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


MANIFEST = read_manifest()
BY_PATH = {row["path"]: row for row in MANIFEST}


@pytest.fixture(scope="session")
def corpus_index(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Index, IndexReport]]:
    folder = tmp_path_factory.mktemp("corpus") / "index"
    with Index.create(folder) as ix:
        report = ix.add_path(CORPUS)
        yield ix, report


def test_manifest_lists_the_corpus() -> None:
    assert len(MANIFEST) >= 20
    assert len(BY_PATH) == len(MANIFEST), "duplicate paths in MANIFEST.tsv"
    for row in MANIFEST:
        assert (CORPUS / row["path"]).is_file(), row["path"]


def test_every_file_is_indexed(corpus_index: tuple[Index, IndexReport]) -> None:
    index, report = corpus_index
    assert report.skipped_total == 0, dict(report.skipped)
    assert report.added == len(MANIFEST)
    assert report.total == len(MANIFEST)
    assert len(index) == len(MANIFEST)


@pytest.mark.parametrize("path", sorted(BY_PATH))
def test_document_matches_manifest(corpus_index: tuple[Index, IndexReport], path: str) -> None:
    index, _ = corpus_index
    row = BY_PATH[path]
    doc = index.get(path)
    assert doc is not None, f"{path} is not in the index"
    expected = {
        "lang": row["lang"],
        "title": row["title"],
        "source": row["source"] or None,
        "published": dt.date.fromisoformat(row["published"]) if row["published"] else None,
        "authors": tuple(a.strip() for a in row["authors"].split(";") if a.strip()),
    }
    actual = {
        "lang": doc.lang,
        "title": doc.title,
        "source": doc.source,
        "published": doc.published,
        "authors": doc.authors,
    }
    wrong = {
        key: f"expected {expected[key]!r}, got {actual[key]!r}"
        for key in expected
        if expected[key] != actual[key]
    }
    assert not wrong, f"{path}: {wrong}"
    assert len(doc.text) > 200, f"{path}: only {len(doc.text)} characters of text"


def test_audiard_spanish_language_ranking(corpus_index: tuple[Index, IndexReport]) -> None:
    index, _ = corpus_index
    hits = index.search("Audiard Spanish language", SearchOptions(limit=10))
    ranking = "\n".join(
        f"{rank}. {hit.id} ({hit.lang}, {BY_PATH[hit.id]['topic']})"
        for rank, hit in enumerate(hits, 1)
    )
    first = hits[0]
    assert BY_PATH[first.id]["topic"] == "spanish-language-remarks", ranking
    assert first.lang == "en", ranking
    # The Spanish and French pieces on the remarks are in the top 5 too.
    story = {row["path"] for row in MANIFEST if row["topic"] == "spanish-language-remarks"}
    assert {BY_PATH[path]["lang"] for path in story} >= {"en", "es", "fr"}
    assert story <= {hit.id for hit in hits[:5]}, ranking


def test_every_language_version_of_the_story_is_found(
    corpus_index: tuple[Index, IndexReport],
) -> None:
    index, _ = corpus_index
    wanted = {row["path"] for row in MANIFEST if row["topic"] == "spanish-language-remarks"}
    found = {hit.id for hit in index.search("Audiard Spanish language", SearchOptions(limit=50))}
    assert wanted <= found


def test_unrelated_stories_do_not_match_the_story(corpus_index: tuple[Index, IndexReport]) -> None:
    index, _ = corpus_index
    hits = index.search("Gascón", SearchOptions(limit=50))
    assert hits
    assert all(BY_PATH[hit.id]["topic"] != "other" for hit in hits)


def test_elided_only_word_is_found(corpus_index: tuple[Index, IndexReport]) -> None:
    # The corpus has a French page where "actrice" only appears as "l'actrice".
    index, _ = corpus_index
    found = {hit.id for hit in index.search("actrice", SearchOptions(lang="fr", limit=50))}
    assert "fr/le-regard-culturel-audiard-langue-espagnole-contresens.html" in found


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Audiar Spansh", "audiard spanish"),
        ("Gascn Netflx", "gascón netflix"),
        ("actrise espagnole", "actrice espagnole"),
        ("Netflix campain", "Netflix campaign"),
    ],
)
def test_misspelled_queries_get_the_words_meant(
    corpus_index: tuple[Index, IndexReport], typed: str, meant: str
) -> None:
    index, _ = corpus_index
    assert index.suggest(typed) == meant


@pytest.mark.parametrize(
    "typed",
    ["elephants poaching", "electric scooters", "Audiard", "Emilia Pérez", "budget deficit"],
)
def test_correct_words_with_few_hits_get_no_suggestion(
    corpus_index: tuple[Index, IndexReport], typed: str
) -> None:
    index, _ = corpus_index
    assert index.suggest(typed) is None


def test_readme_sample_output_is_what_the_first_query_prints(
    corpus_index: tuple[Index, IndexReport],
) -> None:
    from click.testing import CliRunner

    from presssearch.cli import main

    readme = (CORPUS.parent / "README.md").read_text(encoding="utf-8")
    sample = readme.split("<!-- sample-output -->\n```\n", 1)[1].split("\n```", 1)[0]
    index, _ = corpus_index
    run = CliRunner().invoke(
        main,
        ["query", "Audiard Spanish language", "--index-dir", str(index.path)],
        env={"PRESSSEARCH_INDEX": None},
    )
    assert run.exit_code == 0, run.output
    assert run.stdout.startswith(sample + "\n")


def test_readme_summary_line_is_what_indexing_the_corpus_prints(
    corpus_index: tuple[Index, IndexReport],
) -> None:
    from presssearch.present import report_text

    readme = (CORPUS.parent / "README.md").read_text(encoding="utf-8")
    shown = next(line for line in readme.splitlines() if line.startswith("added "))
    _, report = corpus_index
    printed = report_text(report)
    assert re.sub(r"[\d.]+ s$", "", shown) == re.sub(r"[\d.]+ s$", "", printed)


def _cli(*args: str) -> Any:
    from click.testing import CliRunner

    from presssearch.cli import main

    return CliRunner().invoke(main, list(args), env={"PRESSSEARCH_INDEX": None})


def test_explain_says_what_is_searched_and_no_translate_turns_translation_off(
    corpus_index: tuple[Index, IndexReport],
) -> None:
    index, _ = corpus_index
    where = str(index.path)
    translated = _cli("query", "Spanish language", "--index-dir", where, "--explain", "--json")
    assert translated.exit_code == 0, translated.output
    assert "translated: documents matching more of these rank higher" in translated.stderr
    assert "'Spanish language' in every language" in translated.stderr
    assert "es: " in translated.stderr and "fr: " in translated.stderr

    plain = _cli(
        "query", "Spanish language", "--index-dir", where, "--explain", "--no-translate", "--json"
    )
    assert plain.exit_code == 0, plain.output
    assert "not translated" in plain.stderr
    assert "es: " not in plain.stderr

    def langs(run: Any) -> set[str]:
        return {json.loads(line)["lang"] for line in run.stdout.splitlines() if '"lang"' in line}

    assert "es" in langs(translated)  # la lengua española, through the translations
    assert langs(plain) <= langs(translated)


@pytest.mark.parametrize("command", ["export", "timeline"])
def test_no_translate_is_honoured_by_export_and_timeline(
    corpus_index: tuple[Index, IndexReport], command: str
) -> None:
    index, _ = corpus_index
    where = str(index.path)
    extra = ["--format", "jsonl"] if command == "export" else ["--json"]
    both = _cli(command, "lengua española", "--index-dir", where, *extra)
    typed = _cli(command, "lengua española", "--index-dir", where, "--no-translate", *extra)
    assert both.exit_code == typed.exit_code == 0, both.output + typed.output

    def count(run: Any) -> int:
        if command == "export":
            return len(run.stdout.splitlines())
        series = json.loads(run.stdout)["timeline"]
        return sum(sum(days.values()) for days in series.values())

    # The English and French pieces on the remarks come only through the translations.
    assert count(typed) < count(both)


def test_short_options_of_index(tmp_path: Path) -> None:
    run = _cli("index", str(CORPUS), "--index-dir", str(tmp_path / "index"), "-j", "1", "-v")
    assert run.exit_code == 0, run.output
    assert run.stdout.startswith("added 25,") or run.stdout.startswith(f"added {len(MANIFEST)},")


def test_an_offset_gives_the_next_page_of_the_same_ranking(
    corpus_index: tuple[Index, IndexReport],
) -> None:
    index, _ = corpus_index
    everything = index.search("Gascón", SearchOptions(limit=6))
    assert len(everything) == 6
    pages = [index.search("Gascón", SearchOptions(limit=2, offset=n)) for n in (0, 2, 4)]
    assert [hit.id for page in pages for hit in page] == [hit.id for hit in everything]
    assert index.search("Gascón", SearchOptions(offset=1000)) == []
    with pytest.raises(QueryError):
        index.search("Gascón", SearchOptions(offset=-1))
    result = _cli("query", "Gascón", "--index-dir", str(index.path), "--json", "--limit", "2",
                  "--offset", "2")  # fmt: skip
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [
        hit.id for hit in pages[1]
    ]
