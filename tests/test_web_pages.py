"""Real pages from hundreds of sites: one indexing run over all of ``../shared/eval/web``.

The pages are saved as users save them (gzipped ``.html.gz``), in German,
English and a few other languages and scripts. One run indexes them all on
the engine of the session and checks what a user would notice: the run
finishes, every file is accounted for, no warning is an unexpected error,
languages get their own code (never a neighbour's by elimination), and no
outlet or date is a placeholder. Skipped where the evaluation data is absent.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SUMMARY, eval_dir
from presssearch import Index
from presssearch.cli import main
from presssearch.extract import PLACEHOLDER_DATES

OURS = ("en", "es", "fr")
#: The share of pages that must get their reference language (or "und" outside ours).
LANGUAGE_FLOOR = 0.99


@pytest.fixture(scope="module")
def web() -> Path:
    return eval_dir("web", "evaldata.json") / "web"


@pytest.fixture(scope="module")
def indexed(
    web: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Index, str, str]]:
    """The index of every page of ``web/``, and the command's stdout and stderr."""
    index_dir = tmp_path_factory.mktemp("web") / "index"
    result = CliRunner().invoke(
        main,
        ["index", str(web / "pages"), "--index-dir", str(index_dir), "--jobs", "2"],
        env={"PRESSSEARCH_INDEX": None, "PRESSSEARCH_DEBUG": None},
    )
    assert result.exit_code == 0, result.output
    with Index.open(index_dir) as index:
        yield index, result.stdout, result.stderr


def reference(web: Path) -> dict[str, dict]:
    return json.loads((web / "evaldata.json").read_text(encoding="utf-8"))


def test_every_page_is_accounted_for_and_none_stops_the_run(
    web: Path, indexed: tuple[Index, str, str]
) -> None:
    index, out, err = indexed
    found = len(list((web / "pages").glob("*.gz")))
    match = SUMMARY.match(out.strip())
    assert match, out
    counts = {k: int(match.group(k)) for k in ("added", "unchanged", "skipped", "total")}
    assert counts["added"] + counts["unchanged"] + counts["skipped"] == found
    assert counts["total"] == len(index) == counts["added"]
    assert "unexpected error" not in err and "Traceback" not in err
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == counts["skipped"]
    assert all(".html" in line for line in warnings)  # each names its file


def test_languages_get_their_own_code(web: Path, indexed: tuple[Index, str, str]) -> None:
    index, _, _ = indexed
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong = []
    for name, ref in reference(web).items():
        expected = ref.get("lang_ref")
        doc = index.get(f"{name}.gz")
        if expected is None or doc is None:
            continue
        kind = "ours" if expected in OURS else "other"
        total[kind] += 1
        ok = doc.lang == expected if kind == "ours" else doc.lang in (expected, "und")
        right[kind] += ok
        if not ok:
            wrong.append((name, expected, doc.lang))
    assert total["ours"] >= 80 and total["other"] >= 300
    for kind in ("ours", "other"):
        assert right[kind] / total[kind] >= LANGUAGE_FLOOR, wrong
    # Pages in languages outside our neighbours never get a neighbour's code.
    neighbours = {"en", "es", "fr", "pt", "it", "ca", "de"}
    for name, ref in reference(web).items():
        doc = index.get(f"{name}.gz")
        if doc is not None and ref.get("lang_ref") in {"ru", "zh", "ar", "bn", "pl", "fi"}:
            assert doc.lang not in neighbours, (name, doc.lang)


_DATE_LIKE = re.compile(r"^[\d\s./:-]+$")


def test_outlets_and_dates_are_never_placeholders(
    web: Path, indexed: tuple[Index, str, str]
) -> None:
    index, _, _ = indexed
    for name in reference(web):
        doc = index.get(f"{name}.gz")
        if doc is None:
            continue
        if doc.source:
            assert not _DATE_LIKE.match(doc.source), (name, doc.source)
            assert not re.search(r"[{}]|\$\w|%\w+%", doc.source), (name, doc.source)
            assert len(doc.source.split()) <= 6, (name, doc.source)
            assert doc.source.casefold() != doc.title.casefold(), (name, doc.source)
        assert doc.published not in PLACEHOLDER_DATES, (name, doc.published)


def test_stats_on_hundreds_of_outlets_stay_readable(indexed: tuple[Index, str, str]) -> None:
    index, _, _ = indexed
    result = CliRunner().invoke(
        main, ["stats", "--index-dir", str(index.path)], env={"PRESSSEARCH_INDEX": None}
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    outlet_rows = lines[lines.index("outlets:") + 1 :]
    assert len(outlet_rows) <= 21
    assert re.match(r"^  and [\d,]+ other outlets \([\d,]+ documents", outlet_rows[-1])
    assert "German" in next(line for line in lines if line.startswith("languages:"))
    full = CliRunner().invoke(
        main, ["stats", "--index-dir", str(index.path), "--json"], env={"PRESSSEARCH_INDEX": None}
    )
    outlets = json.loads(full.stdout)["outlets"]
    assert sum(outlets.values()) == len(index)
    assert list(outlets) == sorted(outlets, key=lambda name: (-outlets[name], name.casefold()))


def test_a_timeline_over_years_is_drawn_by_month_or_year(indexed: tuple[Index, str, str]) -> None:
    index, _, _ = indexed
    series = index.timeline("*")
    labels = list(next(iter(series.values())))
    assert series.interval in ("month", "year")
    assert 2 <= len(labels) <= 130
