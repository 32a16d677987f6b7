"""Every engine of presssearch.engine, held to the same behaviour: the conformance tests.

The whole suite runs on one engine at a time (``pytest --engine tantivy``);
the tests here build an index of the demo corpus with every engine the
registry knows, side by side, and compare each with the reference engine
(Whoosh): an engine ranked by presssearch's ranking gives the same results
and scores. Engines whose library is not installed are skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import require_module
from presssearch import Index, SearchOptions, vocabulary
from presssearch.analyze import analyzer_for
from presssearch.cli import main
from presssearch.engine import AllOf, AnyOf, Term, engine_names, engine_spec, engines
from presssearch.errors import IndexExists
from presssearch.folder import IndexFolder
from presssearch.plan import plan_query

require_module("tantivy", "the tantivy engine is an extra: pip install '.[tantivy]'")

DEMO = Path(__file__).resolve().parents[1] / "corpus"

#: Every engine the registry knows, and the reference the others are held to.
NAMES = engine_names()
REFERENCE = next(name for name in NAMES if engine_spec(name).reference)
OTHERS = [name for name in NAMES if name != REFERENCE]


def _installed(name: str) -> str:
    spec = engine_spec(name)
    if not spec.available():
        pytest.skip(f"the {name} engine is an extra: pip install '.[{spec.extra}]'")
    return name


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
    ("NOT Netflix", SearchOptions(limit=30)),
    ("date:2025-02 Audiard", SearchOptions()),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Index]:
    """An index of the demo corpus on every installed engine."""
    indexes = {}
    for name in NAMES:
        if engine_spec(name).available():
            ix = Index.create(tmp_path_factory.mktemp(name) / "index", engine=name)
            ix.add_path(DEMO, jobs=1)
            indexes[name] = ix
    yield indexes
    for ix in indexes.values():
        ix.close()


def test_the_registry_knows_each_engine_by_its_module() -> None:
    assert set(NAMES) == {"whoosh", "tantivy"}
    for name in NAMES:
        spec = engine_spec(name)
        assert spec.name == name
        assert spec.ranking in ("presssearch", "native")
    assert [s.name for s in engines().values() if s.default] == [REFERENCE]
    assert next(iter(engines())) == REFERENCE  # the default comes first
    # The command line offers the same engines.
    shown = CliRunner().invoke(main, ["index", "--help"]).output
    assert f"--engine [{'|'.join(engines())}]" in shown


@pytest.mark.parametrize("engine", OTHERS)
@pytest.mark.parametrize(("query", "options"), QUERIES, ids=[q for q, _ in QUERIES])
def test_every_engine_gives_the_reference_results_in_the_same_order(
    built: dict[str, Index], engine: str, query: str, options: SearchOptions
) -> None:
    _installed(engine)
    if engine_spec(engine).ranking != "presssearch":
        pytest.skip("an engine that scores natively is held to the quality figures")
    reference = built[REFERENCE].search(query, options)
    found = built[engine].search(query, options)
    assert reference, f"{query!r} finds nothing on the demo corpus"
    assert [h.id for h in found] == [h.id for h in reference]
    for a, b in zip(found, reference, strict=True):
        assert a.score == pytest.approx(b.score, rel=1e-4), a.id
        assert a.snippet == b.snippet
        assert (a.similar, a.similar_sources) == (b.similar, b.similar_sources)


@pytest.mark.parametrize("engine", OTHERS)
def test_every_engine_counts_exports_and_facets_as_the_reference(
    built: dict[str, Index], engine: str
) -> None:
    _installed(engine)
    reference, other = built[REFERENCE], built[engine]
    for query in ("Gascón", "Audiard Spanish language", "Netflix -Oscar"):
        assert other.facets(query) == reference.facets(query)
        assert other.timeline(query, interval="week") == reference.timeline(query, interval="week")
        rows = {
            ix: [(r.id, round(r.score, 3)) for r in ix.export(query)] for ix in (reference, other)
        }
        assert rows[other] == rows[reference] and len(rows[reference]) > 3
    mine, theirs = other.stats(), reference.stats()
    assert (mine.engine, theirs.engine) == (engine, REFERENCE)
    assert mine.documents == theirs.documents == 25
    assert mine.languages == theirs.languages
    assert mine.outlets == theirs.outlets
    assert (mine.first_date, mine.last_date) == (theirs.first_date, theirs.last_date)
    assert mine.duplicate_groups == theirs.duplicate_groups


@pytest.mark.parametrize("engine", NAMES)
def test_every_engine_counts_matches_up_to_a_bound(built: dict[str, Index], engine: str) -> None:
    # How translation asks whether a query's words keep company in some document:
    # a count that stops at a bound, as many as the export has up to it.
    _installed(engine)
    index = built[engine]
    reader = index.reader()
    for query in ("Gascón", "Audiard Spanish language", "Netflix -Oscar", "Zyxwvut"):
        plan = plan_query(query, SearchOptions(), reader=reader)
        assert plan.query is not None
        every = len(list(index.export(query)))
        for bound in (1, 3, 100):
            counted = reader.count(plan.query, filter=plan.filter, at_most=bound)
            assert counted == min(bound, every), (query, bound)
    # Words that must occur with one of others, as translation asks: each engine
    # counts what its search finds.
    words = AllOf(
        (
            AnyOf((Term("body_en", "spanish"), Term("body_en", "languag"))),
            AnyOf((Term("body_en", "film"), Term("body_en", "netflix"), Term("body_en", "zyx"))),
        )
    )
    every = len(reader.search(words, limit=None))
    assert every > 3
    for bound in (1, 3, 100):
        assert reader.count(words, at_most=bound) == min(bound, every), bound


def _index_of(pages: dict[str, str], tmp_path: Path, engine: str) -> Index:
    """An index on ``engine`` of ``pages`` (name: text), written under ``tmp_path``."""
    for name, text in pages.items():
        path = tmp_path / "pages" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    ix = Index.create(tmp_path / "index", engine=engine)
    ix.add_path(tmp_path / "pages", jobs=1)
    return ix


#: Pages where words keep company with "gobierno" or not: "fallo" in many of them,
#: "tribunal" in one, "cancha" only without it.
COMPANY_PAGES = {
    **{
        f"es/fallo-{i}.txt": (
            f"El gobierno recurrirá el fallo del juez sobre la ley de vivienda número {i},"
            " según explicó ayer el portavoz del ministerio a los periodistas."
        )
        for i in range(12)
    },
    "es/tribunal.txt": (
        "El gobierno presentó ayer ante el tribunal supremo su recurso contra la nueva ley"
        " de vivienda, según explicó el portavoz del ministerio."
    ),
    "es/cancha.txt": (
        "El partido se jugó anoche en una cancha de baloncesto llena de aficionados que"
        " cantaron durante todo el encuentro."
    ),
}


@pytest.mark.parametrize("engine", NAMES)
def test_every_engine_tells_which_words_keep_company(tmp_path: Path, engine: str) -> None:
    # How translation asks which of a word's candidates occur with the query's other
    # words: all at once, also for a word in one page among many with another.
    _installed(engine)
    terms = analyzer_for("es").terms
    with _index_of(COMPANY_PAGES, tmp_path, engine) as ix:
        reader = ix.reader()
        context = Term("body_es", terms("gobierno")[0])
        words = ["tribunal", "fallo", "cancha", "pelota"]
        each = [Term("body_es", terms(w)[0]) for w in words]
        assert reader.together(each, context) == [True, True, False, False]
        assert reader.together(each[::-1], context) == [False, False, True, True]
        # Any of several words, each with all its terms, with any of several others.
        either = AnyOf((AllOf((each[0], each[3])), each[1]))
        assert reader.together([either, each[2]], AnyOf((context, each[3]))) == [True, False]


@pytest.mark.parametrize("engine", NAMES)
def test_translation_evidence_of_words_together_holds_however_few_it_remembers(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What choosing a translation asks of an index, on a reader that remembers only
    # two answers: a question asked again among new ones is answered all the same.
    _installed(engine)
    monkeypatch.setattr(vocabulary, "EVIDENCE_WORDS", 2)
    with _index_of(COMPANY_PAGES, tmp_path, engine) as ix:
        evidence = vocabulary.IndexEvidence.of(ix.reader())
        assert evidence.together("es", [["tribunal"], ["cancha"]], ["gobierno"]) == [True, False]
        asked = [["tribunal"], ["fallo"], ["cancha"], ["pelota", "cancha"], ["pelota"]]
        assert evidence.together("es", asked, ["gobierno", "juez"]) == [
            True,
            True,
            False,
            False,
            False,
        ]
        assert evidence.together("es", [["tribunal"], ["fallo"]], ["gobierno"]) == [True, True]
        assert evidence.together("es", [["fallo"]], ["pelota"]) == [False]


#: Pages where a phrase's words are also apart, alone, or in no match of the phrase.
PHRASE_PAGES = {
    "en/a.txt": "Nuclear weapons talks resume in Geneva today.",
    "en/b.txt": "The weapons were old. Nuclear power plants closed.",
    "en/c.txt": "Old weapons of the army were sold at auction.",
    "es/d.txt": "Se reanudan las negociaciones sobre armas nucleares en Ginebra.",
}


@pytest.mark.parametrize("engine", NAMES)
def test_every_engine_exports_every_match_of_a_phrase(tmp_path: Path, engine: str) -> None:
    _installed(engine)
    with _index_of(PHRASE_PAGES, tmp_path, engine) as ix:
        assert [r.id for r in ix.export('"nuclear weapons"')] == ["en/a.txt"]
        # As free words, any page with either word.
        assert {"en/a.txt", "en/b.txt", "en/c.txt"} <= {r.id for r in ix.export("nuclear weapons")}


@pytest.mark.parametrize("engine", NAMES)
def test_every_engine_says_its_size_and_last_update_and_sees_a_commit(
    tmp_path: Path, engine: str
) -> None:
    _installed(engine)
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2)
    with Index.create(tmp_path / "index", engine=engine) as ix:
        assert ix.stats().updated is None or ix.stats().updated >= before
        ix.add_path(DEMO, jobs=1)
        stats = ix.stats()
        assert stats.size_bytes > 10_000
        assert stats.updated is not None and stats.updated >= before
        # Another process adds a page: an open index sees it at its next search.
        with Index.open(tmp_path / "index") as reader:
            assert reader.search("Dunmarrow") == []
            more = tmp_path / "more"
            more.mkdir()
            (more / "tram.txt").write_text(
                "Dunmarrow tramway extended\n\nThe Dunmarrow tramway now runs to the station.\n",
                encoding="utf-8",
            )
            ix.add_path(more, jobs=1)
            assert [h.id for h in reader.search("Dunmarrow")] == ["tram.txt"]
            assert len(reader) == 26


@pytest.mark.parametrize("engine", NAMES)
def test_the_engine_is_recorded_and_every_command_finds_it(tmp_path: Path, engine: str) -> None:
    _installed(engine)
    runner = CliRunner()
    index_dir = tmp_path / "index"
    built = runner.invoke(
        main, ["index", str(DEMO), "--index-dir", str(index_dir), "--engine", engine]
    )
    assert built.exit_code == 0, built.output
    marker = json.loads((index_dir / "presssearch.json").read_text(encoding="utf-8"))
    assert marker["engine"] == engine
    assert marker["data"].startswith(f"{engine}-")

    stats = runner.invoke(main, ["stats", "--index-dir", str(index_dir), "--json"])
    assert json.loads(stats.output)["engine"] == engine
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
        assert ix.engine == engine


@pytest.mark.parametrize("engine", OTHERS)
def test_changing_the_engine_takes_a_rebuild_which_removes_only_the_engines_files(
    tmp_path: Path, engine: str
) -> None:
    _installed(engine)
    runner = CliRunner()
    index_dir = tmp_path / "index"
    args = ["index", str(DEMO), "--index-dir", str(index_dir)]
    assert runner.invoke(main, [*args, "--engine", engine]).exit_code == 0
    old_data = index_dir / IndexFolder(index_dir).marker().data
    (old_data / "notes.txt").write_text("mine", encoding="utf-8")  # not the engine's

    refused = runner.invoke(main, [*args, "--engine", REFERENCE])
    assert refused.exit_code == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{engine} engine" in lines[0] and "--rebuild" in lines[0]
    with pytest.raises(IndexExists):
        Index.open_or_create(index_dir, engine=REFERENCE)
    with Index.open(index_dir) as ix:
        assert ix.engine == engine and len(ix) == 25

    moved = runner.invoke(main, [*args, "--engine", REFERENCE, "--rebuild"])
    assert moved.exit_code == 0, moved.output
    # The old data folder keeps only what the engine did not write.
    assert sorted(p.name for p in old_data.iterdir()) == ["notes.txt"]
    with Index.open(index_dir) as ix:
        assert ix.engine == REFERENCE and len(ix) == 25
        assert ix.search("Audiard Spanish language")[0].id == (
            "en/daily-screen-audiard-spanish-language-remarks.html"
        )


@pytest.mark.parametrize("engine", [n for n in NAMES if engine_spec(n).library])
def test_without_the_engines_package_one_line_says_what_to_install(
    tmp_path: Path, engine: str
) -> None:
    spec = engine_spec(engine)
    # A Python where the package cannot be imported, as on an installation without the extra.
    program = (
        f"import sys; sys.modules[{spec.library!r}] = None\n"
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
            engine,
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.strip().splitlines() == [
        f"presssearch: the {engine} engine needs the {spec.library} package:"
        f" pip install 'presssearch[{spec.extra}]'"
    ]
    assert not index_dir.exists() or not any(index_dir.iterdir())


#: What each thread asks of one shared index, in its own order.
THREAD_QUERIES = [
    "Audiard Spanish language",
    "Gascón",
    "Netflix -Oscar",
    "Emilia Pérez",
    '"langue espagnole"',
    "actri*",
    "Karla Sofía Gascón tweets",
    "Oscar nominations",
    "Audiard remarks poor migrants",
    "film festival Cannes",
    "lengua española",
    "excuses racisme",
]
THREADS = 8


def _everything(ix: Index, order: list[str]) -> dict[str, object]:
    """Every answer one thread gets: hits, facets, timelines and the documents found."""
    out: dict[str, object] = {}
    for query in order:
        hits = ix.search(query, SearchOptions(limit=15))
        out[f"search {query}"] = [(h.id, round(h.score, 6), h.snippet) for h in hits]
        out[f"facets {query}"] = dict(ix.facets(query))
        out[f"timeline {query}"] = dict(ix.timeline(query, by="source"))
        for hit in hits[:3]:
            doc = ix.get(hit.id)
            out[f"get {hit.id}"] = (doc.title, doc.duplicates) if doc else None
    return out


@pytest.mark.parametrize("engine", NAMES)
def test_threads_sharing_one_index_get_what_one_thread_gets(
    built: dict[str, Index], engine: str
) -> None:
    _installed(engine)
    path = built[engine].path
    with Index.open(path) as alone:
        expected = _everything(alone, THREAD_QUERIES * 2)
    results: list[dict[str, object]] = [{} for _ in range(THREADS)]
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)
    with Index.open(path) as shared:

        def work(n: int) -> None:
            order = THREAD_QUERIES[n:] + THREAD_QUERIES[:n]
            start.wait()
            try:
                results[n] = _everything(shared, order * 2)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    for got in results:
        assert got == expected
