"""The index on disk: building, re-indexing a changed folder, skipped files."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from conftest import ALL_IDS, DE_KRITIK, EN_NOTES, EN_REMARKS, ES_GASCON, FR_ACTRICE, ids
from presssearch import FileOutcome, Index, IndexNotFound, IndexReport, IndexStoreError

NEW_ARTICLE = (
    "Cinema owners report a busy weekend\n\n"
    "Cinema owners across the country reported a busy weekend as audiences returned "
    "for the winter releases and the matinee screenings sold out early.\n"
)


def build(corpus: Path, index_dir: Path, jobs: int = 1) -> tuple[IndexReport, list[FileOutcome]]:
    outcomes: list[FileOutcome] = []
    with Index.open_or_create(index_dir) as ix:
        report = ix.add_path(corpus, progress=outcomes.append, jobs=jobs)
    return report, outcomes


# -- First run -------------------------------------------------------------------


def test_first_run_adds_every_file(corpus: Path, index_dir: Path) -> None:
    report, outcomes = build(corpus, index_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (6, 0, 0, 0)
    assert report.skipped == Counter()
    assert report.skipped_total == 0
    assert report.languages == Counter({"en": 3, "es": 1, "fr": 1, "de": 1})
    assert report.total == 6
    assert {o.status for o in outcomes} == {"added"}
    assert len(outcomes) == 6


def test_worker_processes_index_the_same_documents(tmp_path: Path, corpus: Path) -> None:
    (corpus / "en" / "empty.txt").write_bytes(b"")
    serial, serial_outcomes = build(corpus, tmp_path / "serial", jobs=1)
    parallel, parallel_outcomes = build(corpus, tmp_path / "parallel", jobs=2)
    assert parallel_outcomes == serial_outcomes  # same files, same order, same outcomes
    assert (parallel.added, parallel.skipped, parallel.languages) == (
        serial.added,
        serial.skipped,
        serial.languages,
    )
    with Index.open(tmp_path / "serial") as a, Index.open(tmp_path / "parallel") as b:
        for doc_id in ALL_IDS:
            assert a.get(doc_id) == b.get(doc_id)
    # Re-indexing with workers sees the files as unchanged.
    again, _ = build(corpus, tmp_path / "parallel", jobs=2)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)


def test_stored_documents_keep_their_metadata(index: Index, corpus: Path) -> None:
    assert len(index) == 6
    doc = index.get(ES_GASCON)
    assert doc is not None
    assert doc.id == ES_GASCON
    assert Path(doc.path) == corpus / ES_GASCON
    assert doc.title == "Karla Sofía Gascón pide perdón por sus viejos mensajes"
    assert doc.lang == "es"
    assert doc.source == "Diario del Cine"
    assert doc.authors == ("Lucía Romero", "Andrés Vidal")
    assert doc.published == dt.date(2025, 2, 1)
    assert "Karla Sofía Gascón publicó este sábado" in doc.text

    notes = index.get(EN_NOTES)
    assert notes is not None
    assert notes.title == "Notes from the festival circuit"
    assert (notes.source, notes.authors, notes.published, notes.url) == (None, (), None, None)
    assert index.get("no/such/file.html") is None


def test_ids_are_paths_relative_to_the_folder(index: Index) -> None:
    assert {hit.id for hit in index.search("Audiard OR Gascón OR Häuser OR festival")} >= {
        EN_REMARKS,
        ES_GASCON,
        FR_ACTRICE,
        DE_KRITIK,
        EN_NOTES,
    }
    assert all(index.get(doc_id) is not None for doc_id in ALL_IDS)


def test_hidden_files_and_other_suffixes_are_left_out(corpus: Path, index_dir: Path) -> None:
    (corpus / ".draft.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    (corpus / ".cache").mkdir()
    (corpus / ".cache" / "copy.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not an article")
    (corpus / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    report, outcomes = build(corpus, index_dir)
    assert report.added == 6
    assert report.skipped_total == 0
    assert all("cache" not in o.path and "draft" not in o.path for o in outcomes)


def test_index_reopens_from_disk(corpus: Path, index_dir: Path) -> None:
    build(corpus, index_dir)
    assert Index.exists(index_dir)
    with Index.open(index_dir) as ix:
        assert len(ix) == 6
        assert ids(ix.search("Gascon")) == [ES_GASCON]


def test_opening_a_missing_index_raises(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFound) as excinfo:
        Index.open(tmp_path / "nowhere")
    assert "nowhere" in str(excinfo.value)


# -- Re-indexing --------------------------------------------------------------------


def test_second_run_on_same_files_changes_nothing(corpus: Path, index_dir: Path) -> None:
    build(corpus, index_dir)
    report, outcomes = build(corpus, index_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 6)
    assert report.languages == Counter()
    assert report.total == 6
    assert {o.status for o in outcomes} == {"unchanged"}


def test_new_file_is_added(corpus: Path, index_dir: Path) -> None:
    build(corpus, index_dir)
    (corpus / "en" / "cinemas.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    report, outcomes = build(corpus, index_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 0, 0, 6)
    assert report.languages == Counter({"en": 1})
    assert report.total == 7
    added = [o for o in outcomes if o.status == "added"]
    assert [Path(o.path) for o in added] == [corpus / "en" / "cinemas.txt"]
    assert added[0].lang == "en"
    with Index.open(index_dir) as ix:
        assert ids(ix.search("matinee")) == ["en/cinemas.txt"]


def test_changed_file_is_updated(corpus: Path, index_dir: Path) -> None:
    build(corpus, index_dir)
    notes = corpus / EN_NOTES
    notes.write_text(NEW_ARTICLE, encoding="utf-8")
    report, outcomes = build(corpus, index_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, 5)
    assert report.languages == Counter({"en": 1})
    assert report.total == 6
    assert [Path(o.path) for o in outcomes if o.status == "updated"] == [notes]
    with Index.open(index_dir) as ix:
        assert ids(ix.search("matinee")) == [EN_NOTES]
        assert ix.search("Berlin") == []  # the old content is gone
        doc = ix.get(EN_NOTES)
        assert doc is not None
        assert doc.title == "Cinema owners report a busy weekend"


def test_deleted_file_is_removed(corpus: Path, index_dir: Path) -> None:
    build(corpus, index_dir)
    (corpus / ES_GASCON).unlink()
    report, _ = build(corpus, index_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 1, 5)
    assert report.total == 5
    with Index.open(index_dir) as ix:
        assert ix.get(ES_GASCON) is None
        assert ix.search("Gascon") == []
        assert ES_GASCON not in ids(ix.search("Audiard"))


def test_add_change_and_delete_in_one_run(corpus: Path, index_dir: Path) -> None:
    build(corpus, index_dir)
    (corpus / "en" / "cinemas.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    kritik = corpus / DE_KRITIK
    kritik.write_text(
        kritik.read_text(encoding="utf-8") + "\nAm Ende feierten alle gemeinsam im Hof.\n",
        encoding="utf-8",
    )
    (corpus / FR_ACTRICE).unlink()
    report, _ = build(corpus, index_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 4)
    assert report.languages == Counter({"en": 1, "de": 1})
    assert report.total == 6
    with Index.open(index_dir) as ix:
        assert ids(ix.search("Hof")) == [DE_KRITIK]
        assert ix.get(FR_ACTRICE) is None


def test_renamed_file_is_removed_and_added(corpus: Path, index_dir: Path) -> None:
    build(corpus, index_dir)
    (corpus / ES_GASCON).rename(corpus / "es" / "renamed.html")
    report, _ = build(corpus, index_dir)
    assert (report.added, report.removed, report.unchanged) == (1, 1, 5)
    with Index.open(index_dir) as ix:
        assert ids(ix.search("Gascon")) == ["es/renamed.html"]


def test_two_folders_share_one_index(tmp_path: Path, corpus: Path, index_dir: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "cinemas.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build(corpus, index_dir)
    report, _ = build(other, index_dir)
    # Indexing the second folder does not remove the first folder's documents.
    assert (report.added, report.removed) == (1, 0)
    assert report.total == 7
    report, _ = build(corpus, index_dir)
    assert (report.added, report.removed, report.unchanged) == (0, 0, 6)


# -- Skipped files ----------------------------------------------------------------------


def test_unreadable_files_are_skipped_and_indexing_goes_on(corpus: Path, index_dir: Path) -> None:
    (corpus / "en" / "empty.txt").write_bytes(b"")
    (corpus / "en" / "blank.html").write_bytes(b"  \n \n")
    (corpus / "en" / "archive.html").write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary")
    report, outcomes = build(corpus, index_dir)
    assert report.added == 6
    assert report.skipped == Counter({"empty": 2, "binary": 1})
    assert report.skipped_total == 3
    assert report.total == 6
    skipped = {Path(o.path).name: o for o in outcomes if o.status == "skipped"}
    assert set(skipped) == {"empty.txt", "blank.html", "archive.html"}
    assert skipped["archive.html"].reason == "binary"
    assert skipped["empty.txt"].reason == "empty"
    for outcome in skipped.values():
        assert outcome.message
        assert outcome.lang is None
    with Index.open(index_dir) as ix:
        assert ix.get("en/empty.txt") is None
        assert ix.get("en/archive.html") is None


def test_file_that_becomes_unreadable_is_skipped(corpus: Path, index_dir: Path) -> None:
    build(corpus, index_dir)
    (corpus / EN_NOTES).write_bytes(b"")
    report, _ = build(corpus, index_dir)
    assert report.skipped == Counter({"empty": 1})
    assert report.updated == 0


def test_indexing_a_missing_folder_raises(tmp_path: Path, index_dir: Path) -> None:
    with Index.create(index_dir) as ix, pytest.raises(IndexStoreError):
        ix.add_path(tmp_path / "missing", jobs=1)
