"""Shared fixtures: the small test corpus in tests/pages and indexes built from it.

Everything is real: files are copied into ``tmp_path`` and indexed with
:class:`presssearch.Index` into a folder next to them. Indexing runs in this
process (``jobs=1``) unless a test is about the worker processes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from presssearch import Index

PAGES = Path(__file__).parent / "pages"

# Document ids (paths relative to tests/pages) of the test corpus.
EN_REMARKS = "en/audiard-spanish-remarks.html"
EN_NOTES = "en/festival-notes.txt"
EN_TICKETS = "en/ticket-sales.html"
ES_GASCON = "es/gascon-pide-perdon.html"
FR_ACTRICE = "fr/l-actrice-et-le-realisateur.html"
DE_KRITIK = "de/kritik.txt"
ALL_IDS = {EN_REMARKS, EN_NOTES, EN_TICKETS, ES_GASCON, FR_ACTRICE, DE_KRITIK}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of tests/pages, for tests that add, change or delete files."""
    dest = tmp_path / "corpus"
    shutil.copytree(PAGES, dest)
    return dest


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    """Where a test's own index goes."""
    return tmp_path / "index"


@pytest.fixture
def index(corpus: Path, index_dir: Path) -> Iterator[Index]:
    """A fresh index of a copy of the test corpus, owned by one test."""
    with Index.create(index_dir) as ix:
        ix.add_path(corpus, jobs=1)
        yield ix


@pytest.fixture(scope="session")
def pages_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of an index of the test corpus, built once; tests must only read it."""
    root = tmp_path_factory.mktemp("pages")
    corpus = root / "corpus"
    shutil.copytree(PAGES, corpus)
    with Index.create(root / "index") as ix:
        ix.add_path(corpus, jobs=1)
    return root / "index"


@pytest.fixture(scope="session")
def shared_index(pages_index_dir: Path) -> Iterator[Index]:
    """The read-only index of the test corpus, opened once for all search tests."""
    with Index.open(pages_index_dir) as ix:
        yield ix


def ids(hits: list) -> list[str]:
    """The ids of search hits, in rank order."""
    return [hit.id for hit in hits]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "quality: the quality gate over ../shared/eval (tests/test_quality.py)"
    )
