"""The quality floors only ever rise.

``tests/quality_floors.json`` is compared, through git, twice: the file as it
is now against the version in ``HEAD``, and ``HEAD``'s against the version in
``HEAD``'s (first) parent. A ``min`` floor that went down or disappeared, or a
``max`` ceiling that went up or disappeared, fails the test: a gate that can be
moved out of the way of a regression is no gate. Without git or the history
(no repository, a shallow clone) the test is skipped, and fails under CI.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, skip_or_fail

FLOORS = Path("tests") / "quality_floors.json"


class HistoryUnavailable(Exception):
    """git, the repository or the commits to compare are not there."""


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise HistoryUnavailable(f"git cannot run: {exc}") from exc


def floors_at(repo: Path, rev: str) -> dict[str, Any] | None:
    """The floors as committed in ``rev``, or None when ``rev`` does not have the file."""
    shown = git(repo, "show", f"{rev}:./{FLOORS.as_posix()}")
    if shown.returncode == 0:
        return json.loads(shown.stdout)
    if git(repo, "cat-file", "-e", f"{rev}^{{commit}}").returncode != 0:
        raise HistoryUnavailable(f"no commit {rev}: {shown.stderr.strip()}")
    return None


def first_parent(repo: Path) -> str | None:
    """HEAD's first parent; None for a root commit."""
    parent = git(repo, "rev-parse", "--verify", "--quiet", "HEAD^1^{commit}")
    if parent.returncode == 0:
        return parent.stdout.strip()
    shallow = git(repo, "rev-parse", "--is-shallow-repository")
    if shallow.returncode != 0 or shallow.stdout.strip() != "false":
        raise HistoryUnavailable("a shallow clone: HEAD's parent was not fetched")
    return None


def floor_changes(repo: Path) -> list[tuple[str, dict[str, Any] | None, dict[str, Any]]]:
    """(which change, the floors before, the floors after), newest first.

    The working tree against HEAD, then HEAD against its first parent (left
    out for a root commit). A floors file missing from the working tree is an
    empty gate: every floor removed.
    """
    head = floors_at(repo, "HEAD")
    path = repo / FLOORS
    now = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    changes = [("working tree against HEAD", head, now)]
    parent = first_parent(repo)
    if parent is not None and head is not None:
        changes.append((f"HEAD against {parent[:12]}", floors_at(repo, parent), head))
    return changes


def lowered(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Every floor of ``before`` that ``after`` lowers or drops (ceilings: raises or drops)."""
    problems = []
    for kind, worse in (("min", lambda old, new: new < old), ("max", lambda old, new: new > old)):
        now = after.get(kind, {})
        for key, bound in before.get(kind, {}).items():
            if key not in now:
                problems.append(f"{kind} {key} removed (was {bound})")
            elif worse(bound, now[key]):
                problems.append(f"{kind} {key} moved from {bound} to {now[key]}")
    return problems


def test_floors_never_fall() -> None:
    try:
        changes = floor_changes(REPO)
    except HistoryUnavailable as exc:
        missing = str(exc)
    else:
        missing = ""
    if missing:
        skip_or_fail(f"the git history of {FLOORS.as_posix()} is not available ({missing})")
    _, head, _ = changes[0]
    assert head is not None, f"{FLOORS.as_posix()} is not committed: nothing holds its floors"
    problems = [
        f"{label}: {problem}"
        for label, before, after in changes
        if before is not None
        for problem in lowered(before, after)
    ]
    assert not problems, "quality floors only ever rise:\n" + "\n".join(problems)


# -- the comparison itself, on a repository of its own -------------------------------------------


def commit_floors(repo: Path, floors: dict[str, Any], message: str) -> None:
    write_floors(repo, floors)
    for args in (("add", FLOORS.as_posix()), ("commit", "-q", "-m", message)):
        run = git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", *args)
        assert run.returncode == 0, run.stderr


def write_floors(repo: Path, floors: dict[str, Any]) -> None:
    (repo / FLOORS).parent.mkdir(parents=True, exist_ok=True)
    (repo / FLOORS).write_text(json.dumps(floors), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    if shutil.which("git") is None:
        skip_or_fail("git is not installed")
    run = git(root, "init", "-q")
    assert run.returncode == 0, run.stderr
    return root


def test_a_lowered_floor_in_the_last_commit_or_the_working_tree_is_caught(repo: Path) -> None:
    commit_floors(repo, {"min": {"a": 0.5, "b": 0.7}, "max": {"c": 0.1, "d": 0.2}}, "first")
    # The last commit lowers a, drops b, raises c, keeps d, and adds e.
    commit_floors(repo, {"min": {"a": 0.4, "e": 0.9}, "max": {"c": 0.2, "d": 0.2}}, "second")
    # Not committed: e lowered, a raised back, d dropped.
    write_floors(repo, {"min": {"a": 0.6, "e": 0.8}, "max": {"c": 0.2}})
    changes = floor_changes(repo)
    assert [label.split(" against ")[0] for label, _, _ in changes] == ["working tree", "HEAD"]
    assert [lowered(before or {}, after) for _, before, after in changes] == [
        ["min e moved from 0.9 to 0.8", "max d removed (was 0.2)"],
        ["min a moved from 0.5 to 0.4", "min b removed (was 0.7)", "max c moved from 0.1 to 0.2"],
    ]


def test_floors_that_rise_or_stay_pass(repo: Path) -> None:
    commit_floors(repo, {"min": {"a": 0.5}, "max": {"c": 0.1}}, "first")
    commit_floors(repo, {"min": {"a": 0.5, "b": 0.1}, "max": {"c": 0.05}}, "second")
    changes = floor_changes(repo)
    assert len(changes) == 2
    assert [lowered(before or {}, after) for _, before, after in changes] == [[], []]


def test_a_root_commit_has_nothing_before_it(repo: Path) -> None:
    commit_floors(repo, {"min": {"a": 0.5}}, "first")
    assert [label for label, _, _ in floor_changes(repo)] == ["working tree against HEAD"]


def test_a_shallow_clone_has_no_history_to_compare(repo: Path, tmp_path: Path) -> None:
    commit_floors(repo, {"min": {"a": 0.5}}, "first")
    commit_floors(repo, {"min": {"a": 0.6}}, "second")
    clone = tmp_path / "clone"
    run = git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    assert run.returncode == 0, run.stderr
    with pytest.raises(HistoryUnavailable, match="shallow"):
        floor_changes(clone)
