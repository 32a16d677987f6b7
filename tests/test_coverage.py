"""Coverage tools end to end: facets, timeline, charts, export, near-duplicates, stats.

Real files and real indexes in ``tmp_path``; the CLI through click's runner.
The expected figures are computed independently: by brute force over every
matching document (``Index.export`` rows), or from ``corpus/MANIFEST.tsv``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from presssearch import Index, SearchOptions
from presssearch.cli import main
from presssearch.coverage import bucket

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
QUERIES = ["Gascón", "Netflix", "Audiard lengua", "*"]
INTERVALS = ["day", "week", "month"]
EXPORT_COLUMNS = [
    "id",
    "path",
    "url",
    "title",
    "source",
    "authors",
    "published",
    "lang",
    "group",
    "score",
]


def read_manifest() -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


MANIFEST = read_manifest()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Index, Path]]:
    """The demo corpus (articles only), indexed once; tests must only read it."""
    root = tmp_path_factory.mktemp("demo")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns("*.tsv", "*.md"))
    with Index.create(root / "index") as ix:
        ix.add_path(corpus, jobs=1)
        yield ix, root / "index"


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def brute_facets(index: Index, query: str, interval: str) -> dict[str, Counter[str]]:
    rows = list(index.export(query))
    assert len({r.id for r in rows}) == len(rows)
    return {
        "lang": Counter(r.lang for r in rows),
        "source": Counter(r.source or "unknown" for r in rows),
        "date": Counter(bucket(r.published, interval) if r.published else "undated" for r in rows),
    }


# -- facets -------------------------------------------------------------------


@pytest.mark.parametrize("interval", INTERVALS)
@pytest.mark.parametrize("query", QUERIES)
def test_facets_equal_brute_force(demo: tuple[Index, Path], query: str, interval: str) -> None:
    index, _ = demo
    got = index.facets(query, interval=interval)
    expected = brute_facets(index, query, interval)
    assert set(got) == {"lang", "source", "date"}
    for name in ("lang", "source", "date"):
        assert Counter(got[name]) == expected[name], name
    assert sum(got["lang"].values()) == len(list(index.export(query))) > 0


def test_facets_of_everything_match_manifest(demo: tuple[Index, Path]) -> None:
    index, _ = demo
    got = index.facets("*", interval="month")
    assert got["lang"] == dict(Counter(r["lang"] for r in MANIFEST))
    assert Counter(got["source"]) == Counter(r["source"] or "unknown" for r in MANIFEST)
    assert Counter(got["date"]) == Counter(r["published"][:7] or "undated" for r in MANIFEST)


def test_facets_respect_filters(demo: tuple[Index, Path]) -> None:
    index, _ = demo
    got = index.facets("Gascón", SearchOptions(lang="es"), interval="day")
    rows = [r for r in index.export("Gascón") if r.lang == "es"]
    assert got["lang"] == {"es": len(rows)}
    assert Counter(got["source"]) == Counter(r.source or "unknown" for r in rows)


@pytest.mark.parametrize("interval", INTERVALS)
def test_cli_json_facets_is_final_line(demo: tuple[Index, Path], interval: str) -> None:
    index, index_dir = demo
    result = run(
        "query", "Gascón", "--index-dir", str(index_dir), "--facets", "--json",
        "--interval", interval,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    last = json.loads(lines[-1])
    assert list(last) == ["facets", "interval"]
    assert last["interval"] == interval
    for line in lines[:-1]:
        assert "facets" not in json.loads(line)
    expected = brute_facets(index, "Gascón", interval)
    for name in ("lang", "source", "date"):
        assert Counter(last["facets"][name]) == expected[name]


def test_facets_bad_interval_is_an_error(demo: tuple[Index, Path]) -> None:
    from presssearch.errors import QueryError

    index, _ = demo
    with pytest.raises(QueryError):
        index.facets("Gascón", interval="decade")


# -- timeline ------------------------------------------------------------------


def all_labels(first: dt.date, last: dt.date, interval: str) -> list[str]:
    labels: list[str] = []
    day = first
    while day <= last:
        if not labels or labels[-1] != bucket(day, interval):
            labels.append(bucket(day, interval))
        day += dt.timedelta(days=1)
    return labels


LABEL = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "week": re.compile(r"^\d{4}-W\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
}


@pytest.mark.parametrize("by", ["lang", "source"])
@pytest.mark.parametrize("interval", INTERVALS)
@pytest.mark.parametrize("query", ["Gascón", "*", "Netflix"])
def test_timeline_series(demo: tuple[Index, Path], query: str, interval: str, by: str) -> None:
    index, _ = demo
    series = index.timeline(query, interval=interval, by=by)
    dated = [r for r in index.export(query) if r.published]
    assert dated, "the query should match dated documents"
    assert sum(sum(s.values()) for s in series.values()) == len(dated)
    expected_labels = all_labels(
        min(r.published for r in dated), max(r.published for r in dated), interval
    )
    for name, counts in series.items():
        assert list(counts) == expected_labels, name
        assert all(LABEL[interval].match(label) for label in counts)
    key = (lambda r: r.lang) if by == "lang" else (lambda r: r.source or "unknown")
    expected = Counter((key(r), bucket(r.published, interval)) for r in dated)
    got = Counter({(s, b): n for s, counts in series.items() for b, n in counts.items() if n})
    assert got == expected


def test_timeline_labels(demo: tuple[Index, Path]) -> None:
    index, _ = demo
    week = index.timeline("*", interval="week")
    assert list(next(iter(week.values()))) == ["2025-W05", "2025-W06"]
    month = index.timeline("*", interval="month")
    assert list(next(iter(month.values()))) == ["2025-01", "2025-02"]
    day = index.timeline("*", interval="day")
    labels = list(next(iter(day.values())))
    assert labels[0] == "2025-01-30" and labels[-1] == "2025-02-09"
    assert len(labels) == 11  # every day, empty ones included
    assert bucket(dt.date(2025, 2, 3), "week") == "2025-W06"
    assert bucket(dt.date(2024, 12, 30), "week") == "2025-W01"  # ISO year


def test_timeline_no_match_is_empty(demo: tuple[Index, Path]) -> None:
    index, _ = demo
    assert index.timeline("zzzyyqqxx") == {}


def test_cli_timeline_json(demo: tuple[Index, Path]) -> None:
    index, index_dir = demo
    result = run("timeline", "Gascón", "--index-dir", str(index_dir), "--json", "--by", "source")
    assert result.exit_code == 0, result.output
    expected = index.timeline("Gascón", by="source")
    assert json.loads(result.stdout) == {"timeline": expected, "interval": expected.interval}
    assert expected.interval == "day"  # the matches span a few weeks


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
def test_cli_timeline_chart(demo: tuple[Index, Path], tmp_path: Path, suffix: str) -> None:
    _, index_dir = demo
    out = tmp_path / f"chart{suffix}"
    result = run(
        "timeline", "Gascón", "--index-dir", str(index_dir), "--interval", "week",
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        text = data.decode("utf-8")
        assert "<svg" in text
        if suffix == ".html":
            assert text.lstrip().lower().startswith("<!doctype html")
            assert "</html>" in text


def test_a_timeline_over_years_stays_readable(tmp_path: Path) -> None:
    corpus = tmp_path / "years"
    corpus.mkdir()
    for n in range(60):  # one story a month, January 2019 to December 2023
        day = dt.date(2019 + n // 12, n % 12 + 1, 15)
        (corpus / f"story-{n:02d}.html").write_text(
            f'<html><head><meta property="article:published_time" content="{day}">'
            f"<title>Harbour report {n}</title></head><body><article><h1>Harbour report {n}</h1>"
            "<p>The harbour authority published its monthly report on shipping, dredging and"
            " the state of the quays, with the number of ships that called.</p>"
            "</article></body></html>",
            encoding="utf-8",
        )
    index_dir = tmp_path / "index"
    assert run("index", str(corpus), "--index-dir", str(index_dir)).exit_code == 0
    printed = run("timeline", "harbour", "--index-dir", str(index_dir), "--no-translate")
    assert printed.exit_code == 0, printed.output
    rows = [line for line in printed.stdout.splitlines() if "│" in line]
    assert rows[0].split("│")[0].strip() == "2019-01" and len(rows) == 60  # by month
    out = tmp_path / "years.png"
    drawn = run(
        "timeline", "harbour", "--index-dir", str(index_dir), "--interval", "day",
        "--out", str(out),
    )  # fmt: skip
    assert drawn.exit_code == 0, drawn.output
    width = int.from_bytes(out.read_bytes()[16:20], "big")  # the PNG header's width
    assert width <= 1680


def test_cli_timeline_bad_suffix(demo: tuple[Index, Path], tmp_path: Path) -> None:
    _, index_dir = demo
    out = tmp_path / "chart.gif"
    result = run("timeline", "Gascón", "--index-dir", str(index_dir), "--out", str(out))
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("presssearch: ")
    assert "Traceback" not in result.output
    assert not out.exists()


# -- export ------------------------------------------------------------------


def expected_export(index: Index, query: str) -> dict[str, object]:
    return {r.id: r for r in index.export(query)}


def check_csv_rows(rows: list[dict[str, str]], expected: dict) -> None:
    assert [r["id"] for r in rows].count(rows[0]["id"]) == 1
    assert len(rows) == len(expected) == len({r["id"] for r in rows})
    for row in rows:
        want = expected[row["id"]]
        assert row["title"] == want.title
        assert row["path"] == want.path
        assert row["source"] == (want.source or "")
        assert row["lang"] == want.lang
        assert row["published"] == (want.published.isoformat() if want.published else "")
        assert row["authors"] == "; ".join(want.authors)
        assert row["group"] == (want.group or "")
        assert float(row["score"]) == pytest.approx(want.score)


def test_cli_export_csv_stdout(demo: tuple[Index, Path]) -> None:
    index, index_dir = demo
    result = run("export", "Gascón", "--index-dir", str(index_dir))
    assert result.exit_code == 0, result.output
    assert not result.stdout.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(result.stdout, newline=""))
    assert reader.fieldnames == EXPORT_COLUMNS
    rows = list(reader)
    check_csv_rows(rows, expected_export(index, "Gascón"))
    assert f"exported {len(rows)} documents" in result.stderr


def test_cli_export_csv_file_with_bom(demo: tuple[Index, Path], tmp_path: Path) -> None:
    index, index_dir = demo
    out = tmp_path / "out.csv"
    result = run("export", "*", "--index-dir", str(index_dir), "--out", str(out), "--bom")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == EXPORT_COLUMNS
        rows = list(reader)
    check_csv_rows(rows, expected_export(index, "*"))
    assert {r["id"] for r in rows} == {r["path"] for r in MANIFEST}


def test_cli_export_csv_stdout_with_bom(demo: tuple[Index, Path]) -> None:
    index, index_dir = demo
    result = run("export", "Netflix", "--index-dir", str(index_dir), "--bom")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert not result.stdout_bytes.startswith(b"\xef\xbb\xbf\xef\xbb\xbf"), "BOM written twice"
    text = result.stdout_bytes.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    check_csv_rows(rows, expected_export(index, "Netflix"))


@pytest.mark.parametrize("to_file", [False, True])
def test_cli_export_jsonl(demo: tuple[Index, Path], tmp_path: Path, to_file: bool) -> None:
    index, index_dir = demo
    args = ["export", "Audiard", "--index-dir", str(index_dir), "--format", "jsonl"]
    out = tmp_path / "out.jsonl"
    if to_file:
        args += ["--out", str(out), "--bom"]  # --bom is for CSV only
    result = run(*args)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8") if to_file else result.stdout
    assert not text.startswith("\ufeff")
    records = [json.loads(line) for line in text.splitlines()]
    expected = expected_export(index, "Audiard")
    assert len(records) == len(expected) == len({r["id"] for r in records})
    for record in records:
        assert list(record) == EXPORT_COLUMNS
        want = expected[record["id"]]
        assert record["title"] == want.title
        assert record["authors"] == list(want.authors)
        assert record["source"] == want.source
        assert record["published"] == (want.published.isoformat() if want.published else None)
        assert record["group"] == want.group
    scores = [r["score"] for r in records]
    assert scores == sorted(scores, reverse=True)


TRICKY_TITLE = 'Gascón, "la actriz", dice: sí; no\u2014 ok'
TRICKY_AUTHORS = ['Ana "Nana" Pérez', "Smith, John"]


def tricky_page() -> str:
    title = TRICKY_TITLE.replace('"', "&quot;")
    authors = "".join(
        f'<meta name="author" content="{a.replace(chr(34), "&quot;")}">' for a in TRICKY_AUTHORS
    )
    body = "".join(
        f'<p>Párrafo {i} sobre Gascón, con comas, "comillas" y más palabras del texto '
        f"que hacen falta para que sea un artículo de verdad número {i}.</p>\n"
        for i in range(8)
    )
    return (
        f'<!doctype html><html lang="es"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:title" content="{title}">'
        f'<meta property="og:site_name" content="Diario, &quot;Uno&quot;">{authors}'
        '<meta property="article:published_time" content="2025-02-04T10:00:00Z">'
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def test_export_special_characters_round_trip(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "tricky.html").write_text(tricky_page(), encoding="utf-8")
    (folder / "multi line.txt").write_text(
        "Gascón, línea uno\n\n" + 'Un texto sobre Gascón con "comillas", comas y más. ' * 12,
        encoding="utf-8",
    )
    index_dir = tmp_path / "index"
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
        expected = expected_export(ix, "Gascón")
    assert len(expected) == 2
    assert any("," in r.title and '"' in r.title for r in expected.values()), expected
    for fmt in ("csv", "jsonl"):
        out = tmp_path / f"out.{fmt}"
        result = run("export", "Gascón", "--index-dir", str(index_dir), "--format", fmt,
                     "--out", str(out))  # fmt: skip
        assert result.exit_code == 0, result.output
        if fmt == "csv":
            with out.open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            check_csv_rows(rows, expected)
        else:
            for line in out.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                assert record["title"] == expected[record["id"]].title
                assert record["authors"] == list(expected[record["id"]].authors)


def test_export_newline_in_field_round_trips(tmp_path: Path) -> None:
    """A value with a newline (here: a file name) survives CSV quoting."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    name = 'a "b",\nc.txt'
    (folder / name).write_text("Gascón noticia\n\n" + "Texto sobre Gascón. " * 20, "utf-8")
    index_dir = tmp_path / "index"
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
        expected = expected_export(ix, "Gascón")
    result = run("export", "Gascón", "--index-dir", str(index_dir))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [r["id"] for r in rows] == [name]
    check_csv_rows(rows, expected)


# -- near-duplicates -------------------------------------------------------------

ORIGINAL = "en/global-wire-netflix-drops-gascon-from-oscar-campaign.html"
UNRELATED = [
    "en/morning-courier-zoe-saldana-saddened-by-gascon-controversy.html",
    "es/noticias-del-sur-netflix-aparta-gascon-campana-oscar.html",  # same story, Spanish
    "other/global-wire-eu-ministers-back-grid-storage-plan.html",
    "other/norvia-lumo-3-color-e-reader-launch.txt",
]


def rebrand(html: str, outlet: str, domain: str) -> str:
    return html.replace("Global Wire", outlet).replace("globalwire", domain)


def make_copies(folder: Path) -> dict[str, str]:
    """The original and three near-copies from other outlets; {doc id: outlet}."""
    html = (CORPUS / ORIGINAL).read_text(encoding="utf-8")
    headline = "Netflix Drops Karla Sofía Gascón From Emilia Pérez Oscar Campaign"
    copies = {}
    (folder / "wire").mkdir(parents=True)
    (folder / "wire" / "original.html").write_text(html, encoding="utf-8")
    copies["wire/original.html"] = "Global Wire"

    # New headline and byline.
    a = rebrand(html, "Pacific Herald", "pacificherald")
    a = a.replace(headline, "Streamer Sidelines Gascón as Oscar Race Heats Up")
    a = a.replace("Laura Brennan", "Staff and Wire Reports")
    # A few words edited.
    b = rebrand(html, "Evening Ledger", "eveningledger")
    for old, new in [
        ("sharp reversal", "stunning reversal"),
        ("spread rapidly", "spread quickly"),
        ("did not give", "declined to give"),
        ("long televised", "lengthy televised"),
        ("deepened concern", "heightened worries"),
    ]:
        assert old in b
        b = b.replace(old, new)
    # A paragraph dropped.
    c = rebrand(html, "Lakeside Times", "lakesidetimes")
    paragraphs = re.findall(r'<p class="story-paragraph">.*?</p>\n', c)
    c = c.replace(paragraphs[5], "")
    for name, text in [("herald.html", a), ("ledger.html", b), ("lakeside.html", c)]:
        (folder / "copies").mkdir(exist_ok=True)
        (folder / "copies" / name).write_text(text, encoding="utf-8")
    copies["copies/herald.html"] = "Pacific Herald"
    copies["copies/ledger.html"] = "Evening Ledger"
    copies["copies/lakeside.html"] = "Lakeside Times"
    (folder / "unrelated").mkdir()
    for path in UNRELATED:
        shutil.copy(CORPUS / path, folder / "unrelated" / Path(path).name)
    return copies


@pytest.fixture(scope="module")
def dup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("dup")
    folder = root / "corpus"
    copies = make_copies(folder)
    with Index.create(root / "index") as ix:
        ix.add_path(folder, jobs=1)
    return folder, root / "index", copies


def unrelated_ids() -> list[str]:
    return [f"unrelated/{Path(p).name}" for p in UNRELATED]


def test_copies_share_a_group(dup: tuple[Path, Path, dict[str, str]]) -> None:
    _, index_dir, copies = dup
    with Index.open(index_dir) as ix:
        for doc_id, outlet in copies.items():
            doc = ix.get(doc_id)
            assert doc is not None and doc.source == outlet
            assert set(doc.duplicates) == set(copies) - {doc_id}, doc_id
        groups = {r.id: r.group for r in ix.export("*")}
    assert len({groups[i] for i in copies}) == 1


def test_unrelated_are_not_grouped(dup: tuple[Path, Path, dict[str, str]]) -> None:
    _, index_dir, copies = dup
    with Index.open(index_dir) as ix:
        groups = {r.id: r.group for r in ix.export("*")}
        for doc_id in unrelated_ids():
            assert ix.get(doc_id).duplicates == (), doc_id
        stats = ix.stats()
    assert len({groups[i] for i in unrelated_ids()}) == len(UNRELATED)
    assert not {groups[i] for i in unrelated_ids()} & {groups[i] for i in copies}
    assert stats.duplicate_groups == 1
    assert stats.documents_in_groups == len(copies)


def test_cli_show_lists_duplicates(dup: tuple[Path, Path, dict[str, str]]) -> None:
    _, index_dir, copies = dup
    for doc_id in copies:
        result = run("show", doc_id, "--index-dir", str(index_dir), "--json")
        assert result.exit_code == 0, result.output
        assert set(json.loads(result.stdout)["duplicates"]) == set(copies) - {doc_id}
    result = run("show", unrelated_ids()[0], "--index-dir", str(index_dir), "--json")
    assert json.loads(result.stdout)["duplicates"] == []


def test_search_collapses_copies(dup: tuple[Path, Path, dict[str, str]]) -> None:
    _, index_dir, copies = dup
    with Index.open(index_dir) as ix:
        hits = ix.search("Netflix Gascón Oscar campaign", SearchOptions(limit=20, translate=False))
        ours = [h for h in hits if h.id in copies]
        assert len(ours) == 1
        hit = ours[0]
        assert hit.similar == len(copies) - 1
        assert set(hit.similar_sources) == set(copies.values()) - {hit.source}
        assert len(hit.similar_sources) == len(set(hit.similar_sources))
        for other in hits:
            if other.id not in copies:
                assert other.similar == 0 and other.similar_sources == ()
        everything = ix.search(
            "Netflix Gascón Oscar campaign", SearchOptions(limit=20, collapse=False)
        )
        assert {h.id for h in everything} >= set(copies)


def test_cli_query_collapse_and_no_collapse(dup: tuple[Path, Path, dict[str, str]]) -> None:
    _, index_dir, copies = dup
    base = ["query", "Netflix Gascón", "--index-dir", str(index_dir), "--json", "--limit", "20"]
    collapsed = [json.loads(line) for line in run(*base).stdout.splitlines()]
    ours = [h for h in collapsed if h["id"] in copies]
    assert len(ours) == 1
    assert ours[0]["similar"] == len(copies) - 1
    assert set(ours[0]["similar_sources"]) == set(copies.values()) - {ours[0]["source"]}
    full = [json.loads(line) for line in run(*base, "--no-collapse").stdout.splitlines()]
    assert {h["id"] for h in full} >= set(copies)
    assert len(full) == len(collapsed) + len(copies) - 1


def test_reindex_keeps_groups(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    copies = make_copies(folder)
    index_dir = tmp_path / "index"
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
        before = {r.id: r.group for r in ix.export("*")}
    # Unchanged re-run, a touched (rewritten) copy, a new copy, then a rebuild.
    with Index.open(index_dir) as ix:
        report = ix.add_path(folder, jobs=1)
        assert report.unchanged == len(before)
        assert {r.id: r.group for r in ix.export("*")} == before
    ledger = folder / "copies" / "ledger.html"
    ledger.write_text(ledger.read_text("utf-8").replace("stunning", "dramatic"), "utf-8")
    (folder / "copies" / "extra.html").write_text(
        rebrand((CORPUS / ORIGINAL).read_text("utf-8"), "North Post", "northpost"), "utf-8"
    )
    with Index.open(index_dir) as ix:
        report = ix.add_path(folder, jobs=1)
        assert report.updated == 1 and report.added == 1
        after = {r.id: r.group for r in ix.export("*")}
        group = {after[i] for i in [*copies, "copies/extra.html"]}
        assert len(group) == 1, after
        assert len({after[i] for i in unrelated_ids()} | group) == len(UNRELATED) + 1
        assert set(ix.get("copies/extra.html").duplicates) == set(copies)
    rebuilt, _ = Index.rebuild(index_dir, folder, jobs=2)
    with rebuilt:
        groups = {r.id: r.group for r in rebuilt.export("*")}
        assert len({groups[i] for i in [*copies, "copies/extra.html"]}) == 1
        assert len({groups[i] for i in unrelated_ids()}) == len(UNRELATED)


def test_removing_group_founder_keeps_the_others_together(tmp_path: Path) -> None:
    """The group id is the first member's key; deleting it must not split the group."""
    folder = tmp_path / "corpus"
    copies = make_copies(folder)
    index_dir = tmp_path / "index"
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
    (folder / "wire" / "original.html").unlink()
    (folder / "copies" / "late.html").write_text(
        rebrand((CORPUS / ORIGINAL).read_text("utf-8"), "North Post", "northpost"), "utf-8"
    )
    with Index.open(index_dir) as ix:
        ix.add_path(folder, jobs=1)
        remaining = [i for i in copies if i != "wire/original.html"] + ["copies/late.html"]
        for doc_id in remaining:
            assert set(ix.get(doc_id).duplicates) == set(remaining) - {doc_id}, doc_id


# -- stats ---------------------------------------------------------------------


def test_stats_match_manifest(demo: tuple[Index, Path]) -> None:
    index, index_dir = demo
    stats = index.stats()
    assert stats.documents == len(MANIFEST)
    assert stats.languages == dict(Counter(r["lang"] for r in MANIFEST))
    assert Counter(stats.outlets) == Counter(r["source"] or "unknown" for r in MANIFEST)
    dates = sorted(dt.date.fromisoformat(r["published"]) for r in MANIFEST if r["published"])
    assert stats.first_date == dates[0]
    assert stats.last_date == dates[-1]
    assert stats.undated == sum(1 for r in MANIFEST if not r["published"])
    result = run("stats", "--index-dir", str(index_dir), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == len(MANIFEST)
    assert data["languages"] == stats.languages
    assert data["outlets"] == stats.outlets
    assert data["first_date"] == dates[0].isoformat()
    assert data["last_date"] == dates[-1].isoformat()
    text = run("stats", "--index-dir", str(index_dir)).stdout
    assert f"{dates[0].isoformat()} to {dates[-1].isoformat()}" in text


@pytest.mark.parametrize("command", ["export", "timeline"])
def test_out_never_replaces_a_users_file_unless_forced(
    demo: tuple[Index, Path], tmp_path: Path, command: str
) -> None:
    _, index_dir = demo
    out = tmp_path / ("notes.csv" if command == "export" else "notes.svg")
    out.write_bytes(b"my own notes\n")

    refused = run(command, "Gascón", "--index-dir", str(index_dir), "--out", str(out))
    assert refused.exit_code == 1
    assert refused.stderr.strip() == f"presssearch: {out} exists: add --force to replace it"
    assert out.read_bytes() == b"my own notes\n"

    forced = run(command, "Gascón", "--index-dir", str(index_dir), "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_bytes() != b"my own notes\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_export_that_fails_leaves_no_file(demo: tuple[Index, Path], tmp_path: Path) -> None:
    _, index_dir = demo
    out = tmp_path / "gascon.csv"
    failed = run(
        "export",
        "date:[2025-13-01 TO 2025-01-31]",
        "--index-dir",
        str(index_dir),
        "--out",
        str(out),
    )
    assert failed.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_counts_over_segments_where_no_document_has_an_outlet_or_a_date(tmp_path: Path) -> None:
    # Text files carry no outlet and no date: the segments they are written to
    # have no such column, which must read as "unknown" and "undated".
    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(6):
        (folder / f"n{n}.txt").write_text(
            f"Harbour bulletin {n}\n\nThe harbour council met on the quay.\n", encoding="utf-8"
        )
    with Index.create(tmp_path / "index") as ix:
        ix.add_path(folder, jobs=1, batch_size=2)  # three commits, three segments
        stats = ix.stats()
        assert (stats.documents, stats.outlets, stats.undated) == (6, {"unknown": 6}, 6)
        assert ix.facets("harbour")["source"] == {"unknown": 6}
        assert ix.facets("harbour")["date"] == {"undated": 6}
        assert ix.timeline("harbour") == {}
