"""The two engines, Whoosh and tantivy: chosen at index time, found afterwards, ranked alike.

The whole suite runs on either engine (``pytest --engine tantivy``); the tests
here build one index with each, side by side, from the demo corpus.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import require_module
from presssearch import Index, SearchOptions
from presssearch.cli import main
from presssearch.errors import IndexExists

require_module("tantivy", "the tantivy engine is an extra: pip install '.[tantivy]'")

DEMO = Path(__file__).resolve().parents[1] / "corpus"

#: Queries of every kind the query language has, with filters.
QUERIES: list[tuple[str, SearchOptions]] = [
    ("Audiard Spanish language", SearchOptions()),
    ('"Spanish language"', SearchOptions()),
    ("Gascón -Netflix", SearchOptions()),
    ("Emilia AND Pérez", SearchOptions()),
    ("Oscar OR Óscar", SearchOptions(limit=20)),
    ("actri*", SearchOptions()),
    ("oscar~", SearchOptions()),
    ("title:Audiard", SearchOptions()),
    ('outlet:"Global Wire"', SearchOptions()),
    ("Netflix", SearchOptions(lang="es")),
    ("Gascón", SearchOptions(since=dt.date(2025, 2, 1), until=dt.date(2025, 2, 5))),
    ("l'actrice espagnole", SearchOptions(translate=False)),
    ("Karla Sofía Gascón", SearchOptions(collapse=False, limit=25)),
]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Index]:
    indexes = {}
    for engine in ("whoosh", "tantivy"):
        ix = Index.create(tmp_path_factory.mktemp(engine) / "index", engine=engine)
        ix.add_path(DEMO, jobs=1)
        indexes[engine] = ix
    yield indexes
    for ix in indexes.values():
        ix.close()


@pytest.mark.parametrize(("query", "options"), QUERIES, ids=[q for q, _ in QUERIES])
def test_both_engines_give_the_same_results_in_the_same_order(
    both: dict[str, Index], query: str, options: SearchOptions
) -> None:
    whoosh = both["whoosh"].search(query, options)
    tantivy = both["tantivy"].search(query, options)
    assert whoosh, f"{query!r} finds nothing on the demo corpus"
    assert [h.id for h in tantivy] == [h.id for h in whoosh]
    for a, b in zip(tantivy, whoosh, strict=True):
        assert a.score == pytest.approx(b.score, rel=1e-4), a.id
        assert a.snippet == b.snippet
        assert (a.similar, a.similar_sources) == (b.similar, b.similar_sources)


def test_both_engines_count_export_and_facet_the_same(both: dict[str, Index]) -> None:
    for query in ("Gascón", "Audiard Spanish language", "Netflix -Oscar"):
        assert both["tantivy"].facets(query) == both["whoosh"].facets(query)
        assert both["tantivy"].timeline(query, interval="week") == both["whoosh"].timeline(
            query, interval="week"
        )
        rows = {e: [(r.id, round(r.score, 3)) for r in ix.export(query)] for e, ix in both.items()}
        assert rows["tantivy"] == rows["whoosh"] and len(rows["whoosh"]) > 3
    whoosh, tantivy = both["whoosh"].stats(), both["tantivy"].stats()
    assert (tantivy.engine, whoosh.engine) == ("tantivy", "whoosh")
    assert tantivy.documents == whoosh.documents == 25
    assert tantivy.languages == whoosh.languages
    assert tantivy.outlets == whoosh.outlets
    assert (tantivy.first_date, tantivy.last_date) == (whoosh.first_date, whoosh.last_date)
    assert tantivy.duplicate_groups == whoosh.duplicate_groups


def test_the_engine_is_recorded_and_every_command_finds_it(tmp_path: Path) -> None:
    runner = CliRunner()
    index_dir = tmp_path / "index"
    built = runner.invoke(
        main, ["index", str(DEMO), "--index-dir", str(index_dir), "--engine", "tantivy"]
    )
    assert built.exit_code == 0, built.output
    marker = json.loads((index_dir / "presssearch.json").read_text(encoding="utf-8"))
    assert marker["engine"] == "tantivy"
    assert marker["data"].startswith("tantivy-")

    stats = runner.invoke(main, ["stats", "--index-dir", str(index_dir), "--json"])
    assert json.loads(stats.output)["engine"] == "tantivy"
    query = runner.invoke(main, ["query", "Audiard", "--index-dir", str(index_dir), "--json"])
    assert query.exit_code == 0
    first = json.loads(query.output.splitlines()[0])
    shown = runner.invoke(main, ["show", first["id"], "--index-dir", str(index_dir)])
    assert shown.exit_code == 0 and first["title"] in shown.output
    export = runner.invoke(main, ["export", "Audiard", "--index-dir", str(index_dir)])
    assert export.exit_code == 0 and first["id"] in export.output
    # Updating needs no flag: nothing changed, nothing is rewritten.
    again = runner.invoke(main, ["index", str(DEMO), "--index-dir", str(index_dir)])
    assert again.exit_code == 0
    assert "unchanged 25" in again.output
    with Index.open(index_dir) as ix:
        assert ix.engine == "tantivy"


def test_changing_the_engine_takes_a_rebuild(tmp_path: Path) -> None:
    runner = CliRunner()
    index_dir = tmp_path / "index"
    args = ["index", str(DEMO), "--index-dir", str(index_dir)]
    assert runner.invoke(main, [*args, "--engine", "tantivy"]).exit_code == 0

    refused = runner.invoke(main, [*args, "--engine", "whoosh"])
    assert refused.exit_code == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "tantivy engine" in lines[0] and "--rebuild" in lines[0]
    with pytest.raises(IndexExists):
        Index.open_or_create(index_dir, engine="whoosh")
    with Index.open(index_dir) as ix:
        assert ix.engine == "tantivy" and len(ix) == 25

    moved = runner.invoke(main, [*args, "--engine", "whoosh", "--rebuild"])
    assert moved.exit_code == 0, moved.output
    data = sorted(p.name for p in index_dir.iterdir() if p.is_dir())
    assert len(data) == 1 and data[0].startswith("whoosh-")
    with Index.open(index_dir) as ix:
        assert ix.engine == "whoosh" and len(ix) == 25
        assert ix.search("Audiard Spanish language")[0].id == (
            "en/daily-screen-audiard-spanish-language-remarks.html"
        )


def test_without_the_tantivy_package_one_line_says_what_to_install(tmp_path: Path) -> None:
    # A Python where the package cannot be imported, as on an installation without the extra.
    program = (
        "import sys; sys.modules['tantivy'] = None\n"
        "from presssearch.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    index_dir = tmp_path / "index"
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            program,
            "index",
            str(DEMO),
            "--index-dir",
            str(index_dir),
            "--engine",
            "tantivy",
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.strip().splitlines() == [
        "presssearch: the tantivy engine needs the tantivy package:"
        " pip install 'presssearch[tantivy]'"
    ]
    assert not index_dir.exists() or not any(index_dir.iterdir())
