"""Never crash, never lose data.

Bad files are skipped with one warning line each (or indexed, when they still
hold an article) while the rest of the folder is indexed; an indexer killed or
interrupted at any point leaves an index that opens, answers queries and is
completed by running the same command again; queries run while another
process indexes; a second indexer waits or fails clearly; any query string
gives results or one line on stderr; an index of another format asks for a
rebuild, and an interrupted rebuild leaves the old index as it was.

Everything is real: files on disk, the ``presssearch`` command through
click's CliRunner or as a separate process, and indexes in ``tmp_path``.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EN_REMARKS, ES_GASCON, FR_ACTRICE, SAFETY_TIMEOUT, SUMMARY, ids
from presssearch import Index, IndexLocked, QueryError
from presssearch.cli import main
from presssearch.engine import engine_spec

# -- running the command -----------------------------------------------------------------------

PRESSSEARCH = shutil.which("presssearch") or str(Path(sys.executable).parent / "presssearch")
# The environment of whoever runs the tests must not leak in.
CLEAN_ENV: dict[str, str | None] = {"PRESSSEARCH_INDEX": None, "PRESSSEARCH_DEBUG": None}

PROGRESS_LINE = re.compile(r"^indexing: [\d,]+ files read, [\d,]+ per second, \d+ s$")


@dataclass(frozen=True)
class Run:
    """What one run of the command printed and returned."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def stderr_lines(self) -> list[str]:
        return self.stderr.strip().splitlines()


def cli(*args: str | Path) -> Run:
    """``presssearch ARGS`` in this process; an uncaught exception shows as a traceback."""
    result = CliRunner().invoke(main, [str(a) for a in args], env=CLEAN_ENV)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return Run(result.exit_code, result.stdout, stderr)


def process_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def command(*args: str | Path) -> Run:
    """``presssearch ARGS`` as a separate process.

    For what could make a naive program block forever (a FIFO, link loops, a
    query with a huge edit distance): a run still going after
    :data:`SAFETY_TIMEOUT` is killed, with its whole process group, and the
    test fails instead of hanging.
    """
    proc = subprocess.Popen(
        [PRESSSEARCH, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=process_env(),
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=SAFETY_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(
            f"presssearch {' '.join(map(str, args))} hung: still running after {SAFETY_TIMEOUT} s"
        )
    return Run(proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def summary(run: Run) -> dict[str, str | None]:
    """The fields of the summary line, the only line on stdout of ``presssearch index``."""
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1, run.stdout
    match = SUMMARY.match(lines[0])
    assert match, lines[0]
    return match.groupdict()


def one_line_error(run: Run) -> str:
    """The single stderr line of a failed command, with no traceback."""
    assert run.exit_code != 0
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    assert len(run.stderr_lines) == 1, run.stderr
    assert run.stdout == ""
    line = run.stderr_lines[0]
    assert line.startswith("presssearch: "), line
    return line


# -- a folder with two good articles ----------------------------------------------------------
#
# Each test article carries an invented place name, searched for to find it: a
# plain word would also find other documents through its translations.

GOOD_TXT = "good/harbour.txt"
GOOD_HTML = "good/orchard.html"
GOOD = {
    GOOD_TXT: (
        "Kerrowdale reopens its northern pier\n\n"
        "The harbour authorities of Kerrowdale reopened the northern pier on Monday after a "
        "winter of repairs to the storm damage, and the island ferries will call again from "
        "next week.\n"
    ),
    GOOD_HTML: (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Vellanby orchards report a record harvest</title></head><body>"
        "<article><h1>Vellanby orchards report a record harvest</h1>"
        "<p>The orchard cooperative of Vellanby picked a record crop of apples this "
        "autumn despite the dry summer, its members said on Friday.</p></article>"
        "</body></html>"
    ),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of two good articles, to which a test adds a bad file."""
    root = tmp_path / "folder"
    for name, text in GOOD.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def index_cli(folder: Path, index_dir: Path, *options: str) -> Run:
    run = cli("index", folder, "--index-dir", index_dir, "--jobs", "1", *options)
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    return run


def assert_good_files_indexed(index_dir: Path) -> None:
    with Index.open(index_dir) as ix:
        assert ids(ix.search("Kerrowdale")) == [GOOD_TXT]
        assert ids(ix.search("Vellanby")) == [GOOD_HTML]


def assert_indexed_without_warnings(run: Run, index_dir: Path, *, added: int) -> None:
    assert run.exit_code == 0, run.stderr
    assert [line for line in run.stderr_lines if not PROGRESS_LINE.match(line)] == []
    counts = summary(run)
    assert (counts["added"], counts["skipped"], counts["total"]) == (str(added), "0", str(added))
    assert_good_files_indexed(index_dir)


# -- bad files: skipped with one warning each --------------------------------------------------

MIB = 1024 * 1024


def make_empty(path: Path) -> None:
    path.write_bytes(b"")


def make_binary(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8)


def make_too_large(path: Path) -> None:
    paragraph = b"The committee met again to discuss the budget of the regional museum.\n"
    path.write_bytes(paragraph * (MIB // len(paragraph) + 10))
    assert path.stat().st_size > MIB


def make_no_text(path: Path) -> None:
    path.write_text(
        "<!doctype html><html><head><title></title><script>var tracker = {id: 42};</script>"
        '<style>body { color: red }</style></head><body><nav><a href="/">Home</a>'
        '<a href="/news">News</a></nav><script>window.location.hash = "top";</script>'
        "<footer><ul><li><a href='/about'>About</a></li></ul></footer></body></html>",
        encoding="utf-8",
    )


def make_broken_symlink(path: Path) -> None:
    os.symlink("nowhere-to-be-found.html", path)


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


@dataclass(frozen=True)
class BadFile:
    name: str
    make: Callable[[Path], None]
    message: Callable[[Path], str]
    reason: str
    # Files a naive reader would block on run in a separate process (see command()).
    may_hang: bool = False


BAD_FILES = [
    BadFile("empty.html", make_empty, lambda p: "the file is empty", "empty"),
    BadFile("picture.html", make_binary, lambda p: "binary data, not text or HTML", "binary"),
    BadFile(
        "huge.txt",
        make_too_large,
        lambda p: f"{p.stat().st_size:,} bytes is over the 1,048,576-byte limit",
        "too-large",
    ),
    BadFile("menu-only.html", make_no_text, lambda p: "no article text found", "no-text"),
    BadFile(
        "moved-away.html", make_broken_symlink, lambda p: "No such file or directory", "unreadable"
    ),
    BadFile("pipe.html", make_fifo, lambda p: "not a regular file", "not-a-file", may_hang=True),
]

NON_BLOCKING = [b for b in BAD_FILES if not b.may_hang]


def index_with_bad_file(bad: BadFile, folder: Path, index_dir: Path, *options: str) -> Run:
    if bad.may_hang:
        return command(
            "index", folder, "--index-dir", index_dir, "--jobs", "1", "--max-size", "1", *options
        )
    return index_cli(folder, index_dir, "--max-size", "1", *options)


@pytest.mark.parametrize("bad", BAD_FILES, ids=[b.reason for b in BAD_FILES])
def test_bad_file_is_skipped_with_one_warning_and_the_rest_is_indexed(
    bad: BadFile, folder: Path, index_dir: Path
) -> None:
    path = folder / bad.name
    bad.make(path)
    run = index_with_bad_file(bad, folder, index_dir)
    assert run.exit_code == 0, run.stderr
    assert run.stderr_lines == [f"warning: skipped {path}: {bad.message(path)}"]
    counts = summary(run)
    assert (counts["added"], counts["skipped"], counts["reasons"]) == ("2", "1", f"{bad.reason} 1")
    assert counts["total"] == "2"
    assert_good_files_indexed(index_dir)
    with Index.open(index_dir) as ix:
        assert ix.get(bad.name) is None


# --strict does not depend on the kind of file: no need to run those that may hang.
@pytest.mark.parametrize("bad", NON_BLOCKING, ids=[b.reason for b in NON_BLOCKING])
def test_strict_makes_a_skipped_file_an_error(bad: BadFile, folder: Path, index_dir: Path) -> None:
    path = folder / bad.name
    bad.make(path)
    run = index_with_bad_file(bad, folder, index_dir, "--strict")
    assert run.exit_code == 1
    assert run.stderr_lines == [
        f"warning: skipped {path}: {bad.message(path)}",
        "presssearch: 1 file(s) skipped (--strict)",
    ]
    assert summary(run)["reasons"] == f"{bad.reason} 1"
    assert_good_files_indexed(index_dir)  # --strict still indexes what it can


def test_strict_without_skipped_files_succeeds(folder: Path, index_dir: Path) -> None:
    run = index_cli(folder, index_dir, "--strict")
    assert_indexed_without_warnings(run, index_dir, added=2)


def test_unreadable_file_is_skipped(folder: Path, index_dir: Path) -> None:
    path = folder / "locked.html"
    if os.geteuid() != 0:
        path.write_text(GOOD[GOOD_HTML].replace("Vellanby", "Rosmarren"), encoding="utf-8")
        path.chmod(0)
        message = "Permission denied"
    elif Path("/proc/self/mem").exists():
        # Root reads any mode-000 file. A regular file whose read fails does exist
        # for root: the memory of the reading process, unmapped at offset 0.
        os.symlink("/proc/self/mem", path)
        message = "Input/output error"
    else:
        pytest.skip("running as root without /proc: no file is unreadable for root")
    run = index_cli(folder, index_dir)
    assert run.exit_code == 0, run.stderr
    assert run.stderr_lines == [f"warning: skipped {path}: {message}"]
    counts = summary(run)
    assert (counts["added"], counts["reasons"]) == ("2", "unreadable 1")
    assert_good_files_indexed(index_dir)


def test_file_symlink_loop_is_skipped(folder: Path, index_dir: Path) -> None:
    first, second = folder / "first.html", folder / "second.html"
    os.symlink(second.name, first)
    os.symlink(first.name, second)
    run = index_cli(folder, index_dir)
    assert run.exit_code == 0, run.stderr
    assert run.stderr_lines == [
        f"warning: skipped {first}: Too many levels of symbolic links",
        f"warning: skipped {second}: Too many levels of symbolic links",
    ]
    counts = summary(run)
    assert (counts["added"], counts["reasons"]) == ("2", "unreadable 2")
    assert_good_files_indexed(index_dir)


def test_folder_symlink_loop_does_not_hang(folder: Path, index_dir: Path) -> None:
    os.symlink("..", folder / "good" / "parent")  # good/parent/good/parent/...
    os.symlink(".", folder / "itself")
    run = command("index", folder, "--index-dir", index_dir, "--jobs", "1")
    assert_indexed_without_warnings(run, index_dir, added=2)  # each article once


def test_folder_named_like_a_page_is_walked_not_read(folder: Path, index_dir: Path) -> None:
    inside = folder / "saved.html" / "article.txt"
    inside.parent.mkdir()
    inside.write_text(
        "Thistlewick keeps its cobbler\n\nThe cobbler of Thistlewick kept the village shop "
        "open for another year after neighbours clubbed together to pay the rent.\n",
        encoding="utf-8",
    )
    run = index_cli(folder, index_dir)
    assert_indexed_without_warnings(run, index_dir, added=3)
    with Index.open(index_dir) as ix:
        assert ids(ix.search("Thistlewick")) == ["saved.html/article.txt"]


def test_empty_folder_and_folder_of_only_bad_files_give_an_index_that_answers(
    folder: Path, index_dir: Path
) -> None:
    for name in GOOD:
        (folder / name).unlink()
    (folder / "empty.txt").write_bytes(b"")
    run = index_cli(folder, index_dir)
    assert run.exit_code == 0, run.stderr
    assert summary(run)["total"] == "0"
    for _ in range(2):  # the second query reuses nothing from the first
        query = cli("query", "Kerrowdale", "--index-dir", index_dir)
        assert query.exit_code == 0, query.stderr
        assert query.stderr_lines == ["no results"]
    with Index.open(index_dir) as ix:  # one Index object, several queries
        assert len(ix) == 0
        assert ix.search("Kerrowdale") == []
        assert ix.search("Vellanby") == []


# -- bad files that still hold an article: indexed ---------------------------------------------


def test_truncated_html_is_indexed_with_the_text_it_has(folder: Path, index_dir: Path) -> None:
    (folder / "cut.html").write_bytes(
        b"<!doctype html><html><head><title>Trevanwick lighthouse keeper retires"
        b"</title></head><body><article><h1>Trevanwick lighthouse keeper retires</h1>"
        b"<p>The lighthouse keeper of Trevanwick retired on Sunday after forty years of "
        b'service on the island, the council said.</p><p class="le'
    )
    run = index_cli(folder, index_dir)
    assert_indexed_without_warnings(run, index_dir, added=3)
    with Index.open(index_dir) as ix:
        assert ids(ix.search("Trevanwick")) == ["cut.html"]
        doc = ix.get("cut.html")
        assert doc is not None
        assert doc.title == "Trevanwick lighthouse keeper retires"
        assert "forty years of service on the island" in doc.text


UTF8_PAGE = (
    '<!doctype html><html><head><meta charset="utf-8">'
    "<title>Le café de la gare rouvre</title></head><body><article>"
    "<h1>Le café de la gare rouvre</h1>"
    "<p>Le café de la gare a rouvert ses portes ce matin après des travaux qui ont duré "
    "tout l’hiver, au grand plaisir des voyageurs. BREAK</p>"
    "<p>Les habitués ont retrouvé leur comptoir et le vieux piano près de la fenêtre.</p>"
    "</article></body></html>"
).encode()


@pytest.mark.parametrize(
    ("data", "replaced"),
    [
        (UTF8_PAGE.replace(b"BREAK", b"\xff\xfe stray bytes"), True),
        (UTF8_PAGE.replace(b"BREAK", b"caf\xc3"), True),  # a character cut in two
        # A file cut in the middle of its last character.
        (UTF8_PAGE[: UTF8_PAGE.index(b"fen\xc3\xaatre") + 4], False),
    ],
    ids=["stray-bytes", "cut-character", "truncated-mid-character"],
)
def test_invalid_utf8_in_a_utf8_page_is_replaced_and_indexed(
    folder: Path, index_dir: Path, data: bytes, replaced: bool
) -> None:
    (folder / "cafe.html").write_bytes(data)
    run = index_cli(folder, index_dir)
    assert_indexed_without_warnings(run, index_dir, added=3)
    with Index.open(index_dir) as ix:
        doc = ix.get("cafe.html")
        assert doc is not None
        # Decoded as the UTF-8 it declares, not as some other encoding.
        assert doc.title == "Le café de la gare rouvre"
        assert "après des travaux qui ont duré tout l’hiver" in doc.text
        assert ("\ufffd" in doc.text) == replaced
        assert ids(ix.search("café")) == ["cafe.html"]


def test_deeply_nested_markup_is_indexed(folder: Path, index_dir: Path) -> None:
    depth = 5000
    (folder / "nested.html").write_text(
        "<!doctype html><html><head><title>Brackenhurst counts its hives</title></head><body>"
        + "<div>" * depth
        + "<p>The beekeepers of Brackenhurst counted more hives than ever in the hills this "
        "spring, after three poor years.</p>" + "</div>" * depth + "</body></html>",
        encoding="utf-8",
    )
    run = index_cli(folder, index_dir)
    assert_indexed_without_warnings(run, index_dir, added=3)
    with Index.open(index_dir) as ix:
        assert ids(ix.search("Brackenhurst")) == ["nested.html"]
        doc = ix.get("nested.html")
        assert doc is not None
        assert "counted more hives than ever" in doc.text


MALFORMED = {
    "mismatched.html": (
        "<html><body><div><p>The <b>Ferrodale <i>ferrymen</b> voted</i> to accept the new "
        "timetable for the island crossings.</span></div></p></td></body>"
    ),
    "unquoted.html": (
        "<html><body><p class=lead id=intro data-x=>The Falconmere falconers gathered at the "
        "castle for their summer meeting and flew their birds over the moat.<p>And again</body>"
    ),
    "no-structure.html": (
        "<p>The Glassmoor glassblowers of the old quarter opened their workshops to visitors "
        "for the first time in a decade."
    ),
    "garbage.html": (
        "<<<>>><p <p>The Cartwell cartographers guild published a new map of the river delta "
        "<td></tr></table></html></html><p>after ten years of surveys.</p></html>"
    ),
    "doubled.html": (
        "<html><html><head><body><body><p>The Clockhythe clockmakers restored the tower clock "
        "of the town hall in time for the new year.</p></head></html></html>"
    ),
}


def test_malformed_markup_is_indexed(folder: Path, index_dir: Path) -> None:
    for name, text in MALFORMED.items():
        (folder / name).write_text(text, encoding="utf-8")
    run = index_cli(folder, index_dir)
    assert_indexed_without_warnings(run, index_dir, added=2 + len(MALFORMED))
    with Index.open(index_dir) as ix:
        for name, word in [
            ("mismatched.html", "Ferrodale"),
            ("unquoted.html", "Falconmere"),
            ("no-structure.html", "Glassmoor"),
            ("garbage.html", "Cartwell"),
            ("doubled.html", "Clockhythe"),
        ]:
            assert ids(ix.search(word)) == [name], word


def test_control_characters_in_a_page_do_not_stop_the_run(folder: Path, index_dir: Path) -> None:
    (folder / "ctrl.html").write_bytes(
        b"<html><body><article><script>var a;</script>\x01 The Ormskeld ferry resumed its "
        b"crossings on Tuesday after the storm.\x08<nav>Home</nav>\x1b</article></body></html>"
    )
    run = index_cli(folder, index_dir)
    assert_indexed_without_warnings(run, index_dir, added=3)
    with Index.open(index_dir) as ix:
        assert ids(ix.search("Ormskeld")) == ["ctrl.html"]
        doc = ix.get("ctrl.html")
        assert doc is not None
        assert "ferry resumed its crossings on Tuesday" in doc.text


def test_file_name_that_is_not_utf8(folder: Path, index_dir: Path) -> None:
    raw = os.fsencode(folder)
    with open(os.path.join(raw, b"caf\xe9.html"), "wb") as f:
        f.write(
            b"<html><body><p>The Pennyfold bakery on the corner won the regional bread "
            b"competition for the third year running.</p></body></html>"
        )
    with open(os.path.join(raw, b"vide-\xe9.txt"), "wb"):
        pass
    run = index_cli(folder, index_dir)
    assert run.exit_code == 0, run.stderr
    # The undecodable byte is shown escaped, never as a crash.
    shown_name = f"{folder}{os.sep}vide-\\xe9.txt"
    assert run.stderr_lines == [f"warning: skipped {shown_name}: the file is empty"]
    counts = summary(run)
    assert (counts["added"], counts["reasons"]) == ("3", "empty 1")
    assert_good_files_indexed(index_dir)
    with Index.open(index_dir) as ix:
        assert ids(ix.search("Pennyfold")) == ["caf\\xe9.html"]
    shown = cli("show", "caf\\xe9.html", "--index-dir", index_dir)
    assert shown.exit_code == 0, shown.stderr
    assert "regional bread competition" in shown.stdout
    # The same name gets the same id next time: unchanged, not removed and added again.
    again = summary(index_cli(folder, index_dir))
    assert (again["added"], again["removed"], again["unchanged"]) == ("0", "0", "3")


def test_size_cap_through_the_api(folder: Path, index_dir: Path) -> None:
    limit = 2000
    over = folder / "over.txt"
    over.write_text("Council notes\n\n" + "The council met again. " * 200, encoding="utf-8")
    at_limit = folder / "at-limit.txt"
    text = "Tramway notes\n\nThe tramway line will be extended to the station. "
    at_limit.write_text(text + "x" * (limit - len(text)), encoding="utf-8")
    assert at_limit.stat().st_size == limit
    outcomes = []
    with Index.create(index_dir) as ix:
        report = ix.add_path(folder, jobs=1, max_bytes=limit, progress=outcomes.append)
    skipped = [o for o in outcomes if o.status == "skipped"]
    assert [(Path(o.path), o.reason) for o in skipped] == [(over, "too-large")]
    assert skipped[0].message == f"{over.stat().st_size:,} bytes is over the 2,000-byte limit"
    assert report.added == 3  # a file of exactly the limit is read
    assert dict(report.skipped) == {"too-large": 1}


def test_every_kind_of_bad_file_at_once_with_worker_processes(
    folder: Path, index_dir: Path
) -> None:
    skipped = {}
    for bad in BAD_FILES:
        path = folder / "bad" / bad.name
        path.parent.mkdir(exist_ok=True)
        bad.make(path)
        skipped[path] = bad
    (folder / "kept").mkdir()
    (folder / "kept" / "cut.html").write_bytes(
        b"<html><body><p>The Trevanwick keeper retired after forty years on the island.</p><p"
    )
    for name, text in MALFORMED.items():
        (folder / "kept" / name).write_text(text, encoding="utf-8")
    run = command(
        "index", folder, "--index-dir", index_dir, "--jobs", "2", "--max-size", "1", "--strict"
    )
    assert run.exit_code == 1
    expected = [f"warning: skipped {p}: {bad.message(p)}" for p, bad in sorted(skipped.items())]
    strict = f"presssearch: {len(skipped)} file(s) skipped (--strict)"
    assert run.stderr_lines == [*expected, strict]
    counts = summary(run)
    reasons = ", ".join(f"{b.reason} 1" for b in sorted(BAD_FILES, key=lambda b: b.reason))
    assert counts["reasons"] == reasons
    assert counts["added"] == str(2 + 1 + len(MALFORMED))
    assert_good_files_indexed(index_dir)
    with Index.open(index_dir) as ix:
        assert ids(ix.search("Trevanwick")) == ["kept/cut.html"]


# -- never lose data: documents of two folders -------------------------------------------------


def test_two_folders_with_the_same_layout_keep_both_documents(
    tmp_path: Path, index_dir: Path
) -> None:
    first, second = tmp_path / "2024", tmp_path / "2025"
    for root, text in [
        (first, "Trevanwick keeper retires\n\nThe Trevanwick keeper retired after forty years."),
        (second, "Vellanby harvest breaks records\n\nThe Vellanby orchard had a record crop."),
    ]:
        (root / "en").mkdir(parents=True)
        (root / "en" / "story.txt").write_text(text, encoding="utf-8")
    assert index_cli(first, index_dir).exit_code == 0
    assert index_cli(second, index_dir).exit_code == 0
    with Index.open(index_dir) as ix:
        assert len(ix) == 2
        assert ids(ix.search("Trevanwick")) == ["en/story.txt"]
        # The same path under another folder gets an id of its own, with the folder's name.
        assert ids(ix.search("Vellanby")) == ["2025/en/story.txt"]
    # Every id a command prints is one that show accepts, and so is the file's path.
    for word, doc_id, path in [
        ("Trevanwick", "en/story.txt", first / "en" / "story.txt"),
        ("Vellanby", "2025/en/story.txt", second / "en" / "story.txt"),
    ]:
        printed = cli("query", word, "--index-dir", index_dir)
        assert f"    {doc_id}\n" in printed.stdout
        for ref in (doc_id, str(path)):
            shown = cli("show", ref, "--index-dir", index_dir, "--json")
            assert shown.exit_code == 0, shown.stderr
            assert json.loads(shown.stdout)["id"] == doc_id
            assert json.loads(shown.stdout)["path"] == str(path)
            assert (
                Path(json.loads(shown.stdout)["path"]).read_text(encoding="utf-8").startswith(word)
            )
    again = summary(index_cli(first, index_dir))
    assert (again["added"], again["removed"], again["unchanged"], again["total"]) == (
        "0",
        "0",
        "1",
        "2",
    )


# -- many small articles, for interruption and concurrency -------------------------------------

_CODE_LETTERS = "bcdfghjkmnpqrtvwxz"  # no vowels, s or y: no stemmer changes these words


def write_articles(root: Path, count: int, *, prefix: str = "q") -> list[tuple[str, str]]:
    """``count`` small English articles, each with one word no other has: (id, word)."""
    docs = []
    codes = itertools.product(_CODE_LETTERS, repeat=4)
    for i, letters in enumerate(itertools.islice(codes, count)):
        word = prefix + "".join(letters)
        doc_id = f"part{i // 500:02d}/a{i:05d}.txt"
        path = root / doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"Harbour bulletin {word}\n\nThe harbour council discussed item {word} at its "
            "weekly meeting on the quay.\n",
            encoding="utf-8",
        )
        docs.append((doc_id, word))
    return docs


@pytest.fixture(scope="module")
def articles_3000(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("articles") / "a3000"
    return root, write_articles(root, 3000)


@pytest.fixture(scope="module")
def articles_4000(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """Several commits: a run is still going when the first one is on disk, on either engine."""
    root = tmp_path_factory.mktemp("articles") / "a4000"
    return root, write_articles(root, 4000, prefix="c")


class Indexers:
    """``presssearch index`` processes started by a test, each in its own process group."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.procs: list[subprocess.Popen] = []

    def start(
        self, folder: Path, index_dir: Path, *options: str, progress: bool = False
    ) -> subprocess.Popen:
        """``presssearch index FOLDER``; with ``progress``, a progress line every 0.1 s."""
        n = len(self.procs)
        env = process_env()
        if progress:
            env["PRESSSEARCH_PROGRESS_SECONDS"] = "0.1"
        # Files, not pipes: worker processes that outlive a killed parent must not block us.
        with (
            open(self.logs / f"out{n}", "wb") as out,
            open(self.logs / f"err{n}", "wb") as err,
        ):
            proc = subprocess.Popen(
                [PRESSSEARCH, "index", folder, "--index-dir", index_dir, "--jobs", "2", *options],
                stdout=out,
                stderr=err,
                env=env,
                start_new_session=True,
            )
        self.procs.append(proc)
        return proc

    def output(self, proc: subprocess.Popen) -> Run:
        """Wait for ``proc`` to end and return what it printed."""
        proc.wait(timeout=SAFETY_TIMEOUT)
        out = (self.logs / f"out{self.procs.index(proc)}").read_text(
            encoding="utf-8", errors="replace"
        )
        return Run(proc.returncode, out, self.stderr(proc))

    def stderr(self, proc: subprocess.Popen) -> str:
        """What ``proc`` has printed on stderr so far."""
        return (self.logs / f"err{self.procs.index(proc)}").read_text(
            encoding="utf-8", errors="replace"
        )

    def files_read(self, proc: subprocess.Popen) -> int:
        """How many files ``proc`` has read, by its last progress line (``progress=True``)."""
        counts = [
            int(line.split()[1].replace(",", ""))
            for line in self.stderr(proc).splitlines()
            if PROGRESS_LINE.match(line)
        ]
        return counts[-1] if counts else 0

    def wait_until(self, proc: subprocess.Popen, condition: Callable[[], bool], what: str) -> None:
        """Wait until ``condition()``; fail if ``proc`` ends first."""
        if not self.wait_for(proc, condition):
            run = self.output(proc)
            pytest.fail(f"the indexer ended (exit {run.exit_code}) before {what}: {run.stderr}")

    def wait_for(self, proc: subprocess.Popen, condition: Callable[[], bool]) -> bool:
        """Wait until ``condition()`` (True) or until ``proc`` ends (False), checking every
        10 ms; fail if neither happens within :data:`SAFETY_TIMEOUT`."""
        deadline = time.monotonic() + SAFETY_TIMEOUT
        while not condition():
            if proc.poll() is not None:
                return condition()
            if time.monotonic() > deadline:
                pytest.fail(
                    f"neither the event waited for nor the end of the indexer came in"
                    f" {SAFETY_TIMEOUT} s"
                )
            time.sleep(0.01)
        return True

    def cleanup(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            # Worker processes left behind by a killed indexer.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture
def indexers(tmp_path: Path) -> Iterator[Indexers]:
    logs = tmp_path / "logs"
    logs.mkdir()
    started = Indexers(logs)
    yield started
    started.cleanup()


def committed(index_dir: Path) -> int:
    """Documents committed to the index, as a new reader sees them."""
    with Index.open(index_dir) as ix:
        return len(ix)


def index_files(index_dir: Path) -> set[str]:
    """Every file and folder under the index folder, by its path inside it."""
    return {str(p.relative_to(index_dir)) for p in index_dir.rglob("*")}


def writer_started(index_dir: Path, before: set[str]) -> Callable[[], bool]:
    """True once the index folder has files it did not have: a writer is at work."""
    return lambda: bool(index_files(index_dir) - before)


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL the indexer itself, as the kernel's out-of-memory killer would."""
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=SAFETY_TIMEOUT)


def check_usable(index_dir: Path, docs: list[tuple[str, str]], *, at_least: int) -> int:
    """The index opens, answers queries, and keeps at least ``at_least`` documents."""
    with Index.open(index_dir) as ix:
        count = len(ix)
        assert at_least <= count <= len(docs)
        for doc_id, word in docs[:: max(1, len(docs) // 20)]:
            assert ids(ix.search(word)) in ([], [doc_id])  # never twice, never another
        assert isinstance(ix.search("harbour council"), list)
    return count


def check_complete(index_dir: Path, docs: list[tuple[str, str]], *, extra: int = 0) -> None:
    """Every document is in the index exactly once, and findable."""
    with Index.open(index_dir) as ix:
        assert len(ix) == len(docs) + extra
        assert [doc_id for doc_id, _ in docs if ix.get(doc_id) is None] == []
        for doc_id, word in docs[:: max(1, len(docs) // 100)]:
            assert ids(ix.search(word)) == [doc_id]


# -- interruption ------------------------------------------------------------------------------


def test_indexer_killed_at_any_point_loses_nothing(
    articles_3000: tuple[Path, list], tmp_path: Path, indexers: Indexers
) -> None:
    # 3,000 articles, committed every 1,000 documents (--batch).
    folder, docs = articles_3000
    index_dir = tmp_path / "index"

    # 1. Killed while writing its first batch: it has read files, and a batch is
    # 1,000 of them.
    proc = indexers.start(folder, index_dir, "--batch", "1000", progress=True)
    indexers.wait_until(proc, lambda: indexers.files_read(proc) > 0, "it read its first files")
    kill(proc)
    count = check_usable(index_dir, docs, at_least=0)

    # 2. The same command again, killed just after it committed a batch.
    proc = indexers.start(folder, index_dir, "--batch", "1000")
    indexers.wait_until(proc, lambda: committed(index_dir) > count, "a batch was committed")
    kill(proc)
    count = check_usable(index_dir, docs, at_least=count + 1)

    # 3. Again, killed in the middle of a batch: past the files already in the
    # index, while it writes new ones.
    assert count < len(docs), "the second run committed every document before it was killed"
    proc = indexers.start(folder, index_dir, "--batch", "1000", progress=True)
    indexers.wait_until(
        proc,
        lambda: indexers.files_read(proc) > count,
        f"it read more files than the {count} already in the index",
    )
    kill(proc)
    count = check_usable(index_dir, docs, at_least=count)

    # 4. Run to the end: every document is there, once.
    final = indexers.output(indexers.start(folder, index_dir, "--batch", "1000"))
    assert final.exit_code == 0, final.stderr
    # Off a terminal, progress comes as a line every few seconds, and nothing else.
    assert all(PROGRESS_LINE.match(line) for line in final.stderr_lines), final.stderr
    counts = summary(final)
    assert int(counts["added"] or 0) + int(counts["unchanged"] or 0) == len(docs)
    assert (counts["updated"], counts["removed"], counts["skipped"]) == ("0", "0", "0")
    assert counts["total"] == str(len(docs))
    check_complete(index_dir, docs)


def test_ctrl_c_stops_with_one_line_and_exit_130(
    articles_4000: tuple[Path, list], folder: Path, index_dir: Path, indexers: Indexers
) -> None:
    articles, docs = articles_4000
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
    before = index_files(index_dir)
    proc = indexers.start(articles, index_dir)
    indexers.wait_until(proc, writer_started(index_dir, before), "the indexer started writing")
    # At once: the 4,000 pages take a second or two, and the first files of the
    # index appear well before the end.
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    run = indexers.output(proc)
    assert run.exit_code == 130
    assert run.stdout == ""
    assert run.stderr_lines == [
        "presssearch: interrupted: the index keeps what was committed before;"
        " run the same command again to finish"
    ]
    with Index.open(index_dir) as ix:
        # The old documents, and only whole batches (the engine's).
        batch = engine_spec(ix.stats().engine).batch
        assert len(ix) in {2 + min(n * batch, len(docs)) for n in range(len(docs) // batch + 2)}
        assert_good_files_indexed(index_dir)
        assert isinstance(ix.search(docs[0][1]), list)


def test_batched_commits_into_a_new_index(tmp_path: Path, index_dir: Path) -> None:
    docs = write_articles(tmp_path / "articles", 25)
    with Index.create(index_dir) as ix:
        report = ix.add_path(tmp_path / "articles", jobs=1, batch_size=10)
    assert report.added == 25
    assert report.total == 25
    check_complete(index_dir, docs)


# -- concurrency -------------------------------------------------------------------------------


def test_queries_while_another_process_indexes(
    articles_4000: tuple[Path, list], folder: Path, index_dir: Path, indexers: Indexers
) -> None:
    articles, docs = articles_4000
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
    before = index_files(index_dir)
    proc = indexers.start(articles, index_dir)
    counts: list[int] = []
    asked = itertools.count()

    def query(reused: Index) -> None:
        doc_id, word = docs[next(asked) * 37 % len(docs)]
        # One Index object for the whole run ...
        assert ids(reused.search("Kerrowdale")) == [GOOD_TXT]
        assert ids(reused.search(word)) in ([], [doc_id])
        # ... and a fresh one for each query.
        with Index.open(index_dir) as fresh:
            counts.append(len(fresh))
            assert ids(fresh.search("Vellanby")) == [GOOD_HTML]
            assert ids(fresh.search(word)) in ([], [doc_id])

    with Index.open(index_dir) as reused:
        # While the first batch is being written ...
        indexers.wait_until(proc, writer_started(index_dir, before), "it started writing")
        query(reused)
        # ... once it is committed, with more to come ...
        indexers.wait_until(proc, lambda: committed(index_dir) > 2, "the first batch was committed")
        query(reused)
        between = counts[-1]
        # ... and after every later commit the queries see, to the end of the run.
        while proc.poll() is None:
            seen = counts[-1]
            indexers.wait_for(proc, lambda seen=seen: committed(index_dir) > seen)
            query(reused)
        run = indexers.output(proc)
        assert run.exit_code == 0, run.stderr
        # The reused object sees the finished index.
        assert len(reused) == 2 + len(docs)
        assert ids(reused.search(docs[-1][1])) == [docs[-1][0]]
    assert 2 < between < 2 + len(docs)  # a query ran between two batches of the run
    assert counts == sorted(counts)  # the index only grows: nothing disappears mid-run
    assert counts[-1] == 2 + len(docs)
    check_complete(index_dir, docs, extra=2)


def test_second_indexer_fails_clearly_or_waits(
    articles_4000: tuple[Path, list],
    folder: Path,
    index_dir: Path,
    tmp_path: Path,
    indexers: Indexers,
) -> None:
    articles, docs = articles_4000
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
    other = tmp_path / "other"
    other.mkdir()
    (other / "tram.txt").write_text(
        "Dunmarrow tramway extended\n\nThe Dunmarrow tramway now runs to the station.\n",
        encoding="utf-8",
    )
    before = index_files(index_dir)
    first = indexers.start(articles, index_dir)
    indexers.wait_until(
        first, writer_started(index_dir, before), "the first indexer started writing"
    )
    # The first indexer is held where it is, its workers too, holding the index,
    # until the second has tried once and then said that it waits.
    os.killpg(first.pid, signal.SIGSTOP)
    try:
        assert first.poll() is None, "the first indexer ended before it could be held"
        refused = index_cli(other, index_dir)
        assert refused.exit_code == 1
        assert "--wait" in one_line_error(refused)
        second = indexers.start(other, index_dir, "--wait", str(SAFETY_TIMEOUT))
        indexers.wait_until(
            second, lambda: "waiting up to" in indexers.stderr(second), "the second said it waits"
        )
    finally:
        os.killpg(first.pid, signal.SIGCONT)

    waited = indexers.output(second)
    assert waited.exit_code == 0, waited.stderr
    assert [line for line in waited.stderr_lines if not PROGRESS_LINE.match(line)] == [
        f"waiting up to {SAFETY_TIMEOUT} s for another process to finish writing {index_dir}"
    ]
    assert summary(waited)["added"] == "1"

    run = indexers.output(first)
    assert run.exit_code == 0, run.stderr
    check_complete(index_dir, docs, extra=3)
    with Index.open(index_dir) as ix:
        assert ids(ix.search("Dunmarrow")) == ["tram.txt"]


def test_second_indexer_cannot_slip_in_between_batches(
    folder: Path, index_dir: Path, tmp_path: Path
) -> None:
    docs = write_articles(tmp_path / "articles", 60)
    other = tmp_path / "other"
    other.mkdir()
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
    progress = {"first": 0}
    intrusions: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()
    # The other indexer's failed attempts so far, and whether it has stopped trying.
    tried = threading.Condition()
    attempts = {"failed": 0, "stopped": False}

    def compete() -> None:
        # Another indexer that tries again and again, without --wait.
        try:
            with Index.open(index_dir) as ix:
                while not done.is_set():
                    try:
                        ix.add_path(other, jobs=1, wait=0)
                    except IndexLocked:
                        with tried:
                            attempts["failed"] += 1
                            tried.notify_all()
                        continue
                    if progress["first"] < len(docs):
                        intrusions.append(progress["first"])
                    return
        except BaseException as exc:
            errors.append(exc)
        finally:
            with tried:
                attempts["stopped"] = True
                tried.notify_all()

    competitor = threading.Thread(target=compete)

    def on_progress(_outcome: object) -> None:
        progress["first"] += 1
        if progress["first"] == 1:
            competitor.start()
        # The first indexer goes on to its next file (and, after every fifth, commits a
        # batch) only once the other has tried again: it tries throughout the run.
        with tried:
            before = attempts["failed"]
            assert tried.wait_for(
                lambda: attempts["failed"] > before or attempts["stopped"], SAFETY_TIMEOUT
            ), "the other indexer stopped trying"

    try:
        with Index.open(index_dir) as ix:
            report = ix.add_path(tmp_path / "articles", jobs=1, batch_size=5, progress=on_progress)
    finally:
        done.set()
        if competitor.is_alive():
            competitor.join()
    assert errors == []
    assert attempts["failed"] >= len(docs)  # it tried while each file was read
    assert report.added == len(docs)
    assert intrusions == [], "another indexer took the index between two batches"
    check_complete(index_dir, docs, extra=2)


# -- queries -----------------------------------------------------------------------------------

ODD_QUERIES = [
    '"unbalanced quote',
    'Audiard"',
    "((Audiard",
    "Audiard))",
    ")(",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "Audiard AND",
    "OR Audiard",
    "NOT NOT",
    "title:",
    "lang:",
    "source:",
    "date:",
    "author:",
    "nosuchfield:",
    ":",
    "lang:es:",
    "title:(a OR",
    'title:"',
    "Audiard\x00\x01\x07\x1b[31m\x7f",
    "\t\n\r\x0b",
    "a" * 10_000,
    "Audiard " * 1_250,
    "🎬🍿",
    "🎬 Audiard",
    "مهرجان الفيلم",
    "סרט חדש Audiard",
    "the of and",
    "el la de",
    "le la les",
    "*",
    "?",
    "~",
    "^",
    "*:*",
    "Aud*",
    "Aud?ard",
    "Audiard~",
    "Audiard~2",
    "Audiard^",
    "Audiard^x",
    "Audiard^-1",
    "date:[x TO y]",
    "date:[2025 TO]",
    "date:[TO 2025]",
    "date:[2025-02-01 TO 2025-01-01]",
    "date:2025-99",
    "date:>2025",
    "date:*",
    "[",
    "]",
    "{",
    "}",
    "[TO]",
    '"',
    '""',
    "'",
    "\\",
    "+-!&&||",
    "\u200b",
    "\ufeff",
    "\ud800",  # a lone surrogate, as a mangled command line can carry
    "a ANDNOT b",
    "signature:x",
    "http://example.com/a?b=c",
]


def check_query_run(run: Run, *, as_json: bool = False) -> None:
    """Results, or no results, or one line on stderr and exit 2; never a traceback."""
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    lines = run.stderr_lines
    if run.exit_code == 2:
        assert run.stdout == ""
        assert len(lines) == 1, run.stderr
        assert lines[0].startswith("presssearch: ")
        return
    assert run.exit_code == 0, run.stderr
    # Besides the results, a spelling suggestion may come on its own line; the text
    # output says "no results" when there are none, and then, when a language filter
    # names a language the index lacks, the languages it has.
    suggestions = [line for line in lines if line.startswith("did you mean: ")]
    others = [line for line in lines if line not in suggestions]
    assert len(suggestions) <= 1, run.stderr
    found = bool(run.stdout.strip())
    if not found and len(others) == 2:
        assert others[1].startswith("no document in "), run.stderr
        assert "in this index; its languages: " in others[1], run.stderr
        others = others[:1]
    assert others == ([] if found or as_json else ["no results"]), run.stderr


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_any_query_on_the_command_line(pages_index_dir: Path, query: str) -> None:
    check_query_run(cli("query", query, "--index-dir", pages_index_dir))
    check_query_run(cli("query", query, "--index-dir", pages_index_dir, "--json"), as_json=True)


def test_fuzzy_query_with_a_large_edit_distance_is_refused(pages_index_dir: Path) -> None:
    # Whoosh enumerates every term within the distance: at 9 edits, a minute on six
    # documents. A separate process, so that a query that never ends fails the test.
    run = command("query", "festivals~9", "--index-dir", pages_index_dir)
    assert run.exit_code == 2
    assert one_line_error(run).endswith("a fuzzy term allows at most 2 edits (festivals~9)")
    allowed = command("query", "festivals~2", "--index-dir", pages_index_dir)
    check_query_run(allowed)
    assert "en/festival-notes.txt" in allowed.stdout


@pytest.mark.parametrize(
    "options",
    [["--source", "!!!"], ["--source", ""], ["--lang", ""], ["--lang", "'\"*"], ["--limit", "1"]],
)
def test_odd_filter_values_on_the_command_line(pages_index_dir: Path, options: list[str]) -> None:
    check_query_run(cli("query", "Audiard", "--index-dir", pages_index_dir, *options))


def test_any_query_through_the_api(shared_index: Index) -> None:
    for query in ODD_QUERIES:
        try:
            hits = shared_index.search(query)
        except QueryError as exc:
            assert str(exc)
            assert "\n" not in str(exc)
        else:
            assert isinstance(hits, list)
            # The command line asks for a suggestion when a query finds little.
            suggestion = shared_index.suggest(query)
            assert suggestion is None or isinstance(suggestion, str)


def test_odd_queries_do_not_change_normal_results(shared_index: Index) -> None:
    for query in ODD_QUERIES:
        with contextlib.suppress(QueryError):
            shared_index.search(query)
    assert set(ids(shared_index.search("Audiard"))) == {EN_REMARKS, FR_ACTRICE, ES_GASCON}


# -- index format ------------------------------------------------------------------------------


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under ``root`` and a hash of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.blake2b(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    "format_file",
    ['{"format": 0, "created": "2020-01-01T00:00:00+00:00"}', '{"format": 999}', "{not json"],
    ids=["older", "newer", "garbled"],
)
def test_index_of_another_format_asks_for_a_rebuild(
    folder: Path, index_dir: Path, format_file: str
) -> None:
    assert index_cli(folder, index_dir).exit_code == 0
    (index_dir / "presssearch.json").write_text(format_file, encoding="utf-8")

    for run in (
        cli("query", "Kerrowdale", "--index-dir", index_dir),
        cli("show", GOOD_TXT, "--index-dir", index_dir),
        index_cli(folder, index_dir),  # updating it is refused too
    ):
        assert run.exit_code == 1
        assert "--rebuild" in one_line_error(run)

    (folder / "new.txt").write_text(
        "Dunmarrow tramway extended\n\nThe Dunmarrow tramway now runs to the station.\n",
        encoding="utf-8",
    )
    rebuilt = index_cli(folder, index_dir, "--rebuild")
    assert rebuilt.exit_code == 0, rebuilt.stderr
    counts = summary(rebuilt)
    assert (counts["added"], counts["total"]) == ("3", "3")
    assert_good_files_indexed(index_dir)
    with Index.open(index_dir) as ix:
        assert len(ix) == 3
        assert ids(ix.search("Dunmarrow")) == ["new.txt"]
    query = cli("query", "Kerrowdale", "--index-dir", index_dir, "--json")
    assert query.exit_code == 0, query.stderr
    assert [line for line in query.stdout.splitlines() if GOOD_TXT in line]


def write_first_format_1_index(index_dir: Path, folder: Path) -> None:
    """An index as presssearch 0.1.0 wrote it before near-duplicate groups (ec26969).

    Format 1 then had no ``outlet``, ``dup_bands``, ``signature`` or
    ``dup_group`` field, and ``lang`` was not sortable.
    """
    from whoosh import index as whoosh_index
    from whoosh.fields import ID

    from presssearch.engine.whoosh import build_schema

    schema = build_schema()
    for name in ("outlet", "dup_bands", "signature", "dup_group", "lang"):
        if name in schema:
            schema.remove(name)
    schema.add("lang", ID(stored=True))
    index_dir.mkdir()
    ix = whoosh_index.create_in(str(index_dir), schema)
    title, _, text = GOOD[GOOD_TXT].partition("\n\n")
    with ix.writer() as writer:
        writer.add_document(
            id=GOOD_TXT,
            root=str(folder.resolve()),
            path=str(folder / GOOD_TXT),
            hash="0" * 32,
            title=title,
            text=text,
            lang="en",
            title_en=title,
            body_en=text,
        )
    (index_dir / "presssearch.json").write_text(
        '{"format": 1, "created": "2026-11-27T19:40:00+00:00"}', encoding="utf-8"
    )


def test_index_of_the_first_format_1_works_or_asks_for_a_rebuild(
    folder: Path, index_dir: Path
) -> None:
    write_first_format_1_index(index_dir, folder)
    for run in (
        cli("query", "Kerrowdale", "--index-dir", index_dir),
        cli("show", GOOD_TXT, "--index-dir", index_dir),
        index_cli(folder, index_dir),
    ):
        # Either this version reads it, or it says what to do; never "unexpected error".
        if run.exit_code != 0:
            assert "--rebuild" in one_line_error(run)
    rebuilt = index_cli(folder, index_dir, "--rebuild")
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert_good_files_indexed(index_dir)


def test_progress_lines_off_a_terminal(tmp_path: Path, index_dir: Path) -> None:
    """A log file or a pipe gets a progress line every few seconds (here every 0.1 s)."""
    docs = write_articles(tmp_path / "many", 300)
    proc = subprocess.run(
        [PRESSSEARCH, "index", tmp_path / "many", "--index-dir", index_dir, "--jobs", "2"],
        capture_output=True,
        text=True,
        env={**process_env(), "PRESSSEARCH_PROGRESS_SECONDS": "0.1"},
        timeout=SAFETY_TIMEOUT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines, "no progress line"
    assert all(PROGRESS_LINE.match(line) for line in lines), proc.stderr
    counts = [int(line.split()[1].replace(",", "")) for line in lines]
    assert counts == sorted(counts) and counts[-1] <= len(docs)


@pytest.mark.parametrize("jobs", [1, 2])
def test_interrupted_rebuild_leaves_the_old_index_unchanged(
    folder: Path, index_dir: Path, tmp_path: Path, jobs: int
) -> None:
    with Index.create(index_dir) as ix:
        ix.add_path(folder, jobs=1)
    before = tree_digest(index_dir)
    new = tmp_path / "new"
    docs = write_articles(new, 12)
    seen = []

    def interrupt(outcome: object) -> None:
        seen.append(outcome)
        if len(seen) == 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Index.rebuild(index_dir, new, progress=interrupt, jobs=jobs)

    assert tree_digest(index_dir) == before  # not a byte changed
    assert sorted(p.name for p in index_dir.parent.iterdir() if p.name.startswith(".")) == []
    with Index.open(index_dir) as ix:
        assert len(ix) == 2
        assert ix.search(docs[0][1]) == []
    assert_good_files_indexed(index_dir)

    rebuilt, report = Index.rebuild(index_dir, new, jobs=jobs)
    with rebuilt:
        assert report.added == len(docs)
        assert len(rebuilt) == len(docs)
        assert rebuilt.search("Vellanby") == []
    check_complete(index_dir, docs)
