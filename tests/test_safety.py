"""presssearch deletes or replaces only files it created.

Every case runs on real folders through the command line and the API, and
checks that every byte of the user's other files is still there afterwards.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from presssearch import FolderNotEmpty, Index, IndexExists, IndexStoreError
from presssearch.folder import MARKER
from test_robustness import GOOD_TXT, cli, folder, index_cli, one_line_error, summary

__all__ = ["folder"]  # the fixture, shared with the robustness tests

USER_FILES = {
    "thesis.txt": "Chapter one. The press and the election, a draft.\n",
    "sub/data.csv": "outlet,articles\nLe Regard Culturel,7\n",
    "notes.md": "# Interviews to transcribe\n",
}


def write_user_files(root: Path, files: dict[str, str] = USER_FILES) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` and a hash of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.blake2b(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def kept(before: dict[str, str], root: Path) -> None:
    """Every file of ``before`` is still under ``root``, byte for byte."""
    after = snapshot(root)
    assert {name: after.get(name) for name in before} == before


# -- the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize("rebuild", [False, True], ids=["index", "rebuild"])
def test_index_is_never_written_into_a_folder_of_other_files(
    folder: Path, tmp_path: Path, rebuild: bool
) -> None:
    docs = tmp_path / "docs2"
    write_user_files(docs)
    before = snapshot(docs)

    run = index_cli(folder, docs, *(["--rebuild"] if rebuild else []))

    assert str(docs) in one_line_error(run)
    assert "not a presssearch index" in run.stderr
    assert snapshot(docs) == before  # nothing deleted, nothing written


def test_corpus_that_is_the_index_folder_is_refused(tmp_path: Path) -> None:
    selfc = tmp_path / "selfc"
    for n in range(3):
        write_user_files(selfc, {f"a{n}.txt": f"Harbour story {n}\n\nThe pier reopened.\n"})
    before = snapshot(selfc)

    run = index_cli(selfc, selfc, "--rebuild")

    assert str(selfc) in one_line_error(run)
    assert snapshot(selfc) == before


def test_corpus_inside_the_folder_chosen_for_the_index_is_refused(tmp_path: Path) -> None:
    work = tmp_path / "work"
    write_user_files(work / "A", {"a.txt": "Harbour story\n\nThe pier reopened.\n"})
    write_user_files(work)
    before = snapshot(work)

    run = index_cli(work / "A", work, "--rebuild")

    assert str(work) in one_line_error(run)
    assert snapshot(work) == before


def test_corpus_inside_an_index_folder_is_refused(folder: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    assert index_cli(folder, index_dir).exit_code == 0
    write_user_files(index_dir / "articles", {"a.txt": "Harbour story\n\nThe pier reopened.\n"})
    before = snapshot(index_dir)

    run = index_cli(index_dir / "articles", index_dir)

    assert "inside the index folder" in one_line_error(run)
    assert snapshot(index_dir) == before
    with (
        pytest.raises(IndexStoreError, match="inside the index folder"),
        Index.open(index_dir) as ix,
    ):
        ix.add_path(index_dir / "articles")
    assert snapshot(index_dir) == before


def test_index_folder_inside_the_corpus_is_left_out_of_the_walk(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = folder / "idx"
    assert index_cli(folder, index_dir).exit_code == 0
    # A text file the user keeps in the index folder is not an article of the corpus.
    write_user_files(index_dir, {"readme.txt": "What this index holds\n\nHarbour news.\n"})
    before = snapshot(index_dir)

    monkeypatch.chdir(folder)
    run = cli("index", ".", "--index-dir", "idx", "--jobs", "1")

    assert run.exit_code == 0, run.stderr
    assert "left out the index folder idx" in run.stderr
    assert summary(run)["total"] == "2"
    with Index.open(index_dir) as ix:
        assert ix.search("readme") == []
        assert ix.get("idx/readme.txt") is None
    kept(before, index_dir)


def test_rebuild_keeps_the_users_files_in_the_index_folder_and_says_so(
    folder: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    assert index_cli(folder, index_dir).exit_code == 0
    write_user_files(index_dir)
    before = snapshot(index_dir)
    user = {name: digest for name, digest in before.items() if name in USER_FILES}

    run = index_cli(folder, index_dir, "--rebuild")

    assert run.exit_code == 0, run.stderr
    assert summary(run)["added"] == "2"
    for name in ("thesis.txt", "notes.md", "sub"):
        assert f"note: {index_dir / name} is not part of the index: left as it is" in run.stderr
    kept(user, index_dir)
    # The old data folder is gone; the new one is the only one.
    data = [p.name for p in index_dir.iterdir() if re.fullmatch(r"[a-z]+-[0-9a-f]{8}", p.name)]
    assert len(data) == 1
    assert index_cli(folder, index_dir).exit_code == 0  # and it is a working index
    kept(user, index_dir)


def test_index_dir_dot(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--index-dir .`` works in an empty folder and is refused, cleanly, in a full one."""
    full = tmp_path / "full"
    write_user_files(full)
    before = snapshot(full)
    monkeypatch.chdir(full)
    run = cli("index", folder, "--index-dir", ".", "--rebuild", "--jobs", "1")
    assert "not a presssearch index" in one_line_error(run)
    assert snapshot(full) == before

    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    for options in ([], ["--rebuild"]):
        run = cli("index", folder, "--index-dir", ".", "--jobs", "1", *options)
        assert run.exit_code == 0, run.stderr
        assert summary(run)["total"] == "2"
    query = cli("query", "Kerrowdale", "--index-dir", ".", "--json")
    assert GOOD_TXT in query.stdout


def test_placeholder_files_leave_a_folder_empty(folder: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    write_user_files(index_dir, {".gitkeep": ""})

    for options in ([], ["--rebuild"]):
        run = index_cli(folder, index_dir, *options)
        assert run.exit_code == 0, run.stderr
        assert "note:" not in run.stderr
    assert (index_dir / ".gitkeep").read_bytes() == b""


# -- the API ----------------------------------------------------------------------------------


def test_create_on_an_index_raises_unless_asked_to_overwrite(folder: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
    write_user_files(index_dir)
    before = snapshot(index_dir)

    with pytest.raises(IndexExists, match="overwrite=True"):
        Index.create(index_dir)
    assert snapshot(index_dir) == before
    with Index.open(index_dir) as ix:
        assert len(ix) == 2

    with Index.create(index_dir, overwrite=True) as ix:
        assert len(ix) == 0
    with Index.open(index_dir) as ix:
        assert len(ix) == 0
    kept({k: v for k, v in before.items() if k in USER_FILES}, index_dir)


@pytest.mark.parametrize("overwrite", [False, True])
def test_create_in_a_folder_of_other_files_raises(tmp_path: Path, overwrite: bool) -> None:
    docs = tmp_path / "docs"
    write_user_files(docs)
    before = snapshot(docs)

    with pytest.raises(FolderNotEmpty, match="not a presssearch index"):
        Index.create(docs, overwrite=overwrite)
    with pytest.raises(FolderNotEmpty):
        Index.open_or_create(docs)

    assert snapshot(docs) == before


def test_rebuild_through_the_api_keeps_other_files(folder: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
    write_user_files(index_dir)
    user = {k: v for k, v in snapshot(index_dir).items() if k in USER_FILES}

    rebuilt, report = Index.rebuild(index_dir, folder, jobs=1)

    with rebuilt:
        assert len(rebuilt) == 2
    assert sorted(Path(p).name for p in report.others) == ["notes.md", "sub", "thesis.txt"]
    kept(user, index_dir)


def test_an_open_index_follows_a_rebuild_by_another_writer(folder: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
    reader = Index.open(index_dir)
    assert len(reader) == 2
    (folder / "new.txt").write_text(
        "Dunmarrow tramway extended\n\nThe tramway now runs to the station.\n", encoding="utf-8"
    )

    rebuilt, _ = Index.rebuild(index_dir, folder, jobs=1)
    rebuilt.close()

    with reader:
        assert len(reader) == 3
        assert [hit.id for hit in reader.search("Dunmarrow")] == ["new.txt"]


def test_a_data_folder_left_by_a_killed_build_is_removed_on_the_next_run(
    folder: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
    # What a rebuild killed with SIGKILL leaves: a data folder the marker does not name.
    stale = index_dir / "whoosh-0badf00d"
    stale.mkdir()
    (stale / "MAIN_abcdefgh12345678.seg").write_bytes(b"partial")
    (stale / "_MAIN_1.toc").write_bytes(b"partial")
    marker = (index_dir / MARKER).read_bytes()

    with Index.open(index_dir) as ix:
        ix.add_path(folder, jobs=1)

    assert not stale.exists()
    assert (index_dir / MARKER).read_bytes() == marker
    assert os.listdir(index_dir)  # the index itself is still there
    with Index.open(index_dir) as ix:
        assert len(ix) == 2
