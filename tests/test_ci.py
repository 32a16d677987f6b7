"""Under CI a missing resource fails the run; elsewhere the tests that need it skip and say why.

Each case runs one real test of the suite in a separate pytest, with the
resource pointed at a folder that does not exist, once as a developer runs it
and once with ``CI=true`` (as ``.ci/run`` and CI services set it). The install
scripts are held to the same rule: without apt-get they print a notice, and
under CI they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

#: (what is missing, the environment that hides it, a test that needs it, its reason).
MISSING = [
    (
        "dictionaries",
        {"PRESSSEARCH_DICT_DIR": "/nonexistent/dictd"},
        "tests/test_translate.py::test_freedict_sizes",
        "the FreeDict dictionaries are not all installed in /nonexistent/dictd",
    ),
    (
        "evaluation-data",
        {"PRESSSEARCH_EVAL_DIR": "/nonexistent/eval"},
        "tests/test_detect.py::test_ntrex_headlines_in_capitals_are_read_as_well_as_written[en]",
        "no evaluation data at /nonexistent/eval/ntrex/DOCUMENT_IDS.tsv",
    ),
    (
        "chromium",
        {"PRESSSEARCH_CHROMIUM": "/nonexistent/chromium"},
        "tests/test_serve_browser.py::test_paging_with_the_keyboard",
        "no Chromium at /nonexistent/chromium",
    ),
    (
        "git-history",
        {"GIT_DIR": "/nonexistent/git"},
        "tests/test_floors.py::test_floors_never_fall",
        "the git history of tests/quality_floors.json is not available",
    ),
]


def run_pytest(node: str, env: dict[str, str], *, ci: bool) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "CI"}
    environ.update(env)
    if ci:
        environ["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rsf", "-p", "no:cacheprovider", node],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(("what", "env", "node", "reason"), MISSING, ids=[m[0] for m in MISSING])
def test_missing_resource_skips_with_its_reason(
    what: str, env: dict[str, str], node: str, reason: str
) -> None:
    run = run_pytest(node, env, ci=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1].startswith("1 skipped in "), run.stdout
    assert reason in run.stdout, run.stdout


@pytest.mark.parametrize(("what", "env", "node", "reason"), MISSING, ids=[m[0] for m in MISSING])
def test_missing_resource_fails_under_ci(
    what: str, env: dict[str, str], node: str, reason: str
) -> None:
    run = run_pytest(node, env, ci=True)
    assert run.returncode == 1, run.stdout + run.stderr
    # A test fails, or errors when a fixture asks for the resource: either fails the run.
    assert re.match(r"1 (failed|error) in ", run.stdout.splitlines()[-1]), run.stdout
    assert reason in run.stdout and "CI=true" in run.stdout, run.stdout


def apt_install(tmp_path: Path, *, ci: bool) -> subprocess.CompletedProcess[str]:
    """scripts/apt-install.sh on a machine without apt-get (nor dpkg) on its PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    grep = shutil.which("grep")
    assert grep is not None
    (bin_dir / "grep").symlink_to(grep)
    env = {"PATH": str(bin_dir), **({"CI": "true"} if ci else {})}
    bash = shutil.which("bash")
    assert bash is not None
    return subprocess.run(
        [bash, str(REPO / "scripts" / "apt-install.sh"), "cross-language search is off", "dictd"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_apt_install_without_apt_get_gives_a_notice(tmp_path: Path) -> None:
    run = apt_install(tmp_path, ci=False)
    assert run.returncode == 0
    assert run.stderr.splitlines() == [
        "notice: apt-get not found; install dictd with your package manager,"
        " or cross-language search is off"
    ]


def test_apt_install_without_apt_get_fails_under_ci(tmp_path: Path) -> None:
    run = apt_install(tmp_path, ci=True)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "error: apt-get not found; install dictd with your package manager,"
        " or cross-language search is off (CI=true: the tests need them)"
    ]
