"""Installs into fresh virtual environments: the pre-commit hook and the wheel.

Each test installs once (from PyPI, or the local pip configuration); both are
marked slow and still run by default.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile

import pytest

from .conftest import ROOT, line_of, misquote

LEDGER = (ROOT / "claims.yaml").read_text(encoding="utf-8")


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


@pytest.mark.slow
def test_pre_commit_try_repo_fails_on_a_misquote_and_passes_when_fixed(tmp_path):
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "ledger-repo"
    repo.mkdir()
    shutil.copytree(ROOT / "seeds", repo / "seeds")
    broken = misquote(LEDGER)
    (repo / "claims.yaml").write_text(broken, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "ledger")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)

    def try_repo():
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT),
                               "mali-facts-check", "--all-files", "--color", "never"],
                              cwd=repo, env=env, capture_output=True, text=True)

    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    line = line_of(broken, "through seven")
    assert f"claims.yaml:{line}:9: error: misquoted from 'mali-coup-2020'" in failed.stdout
    assert "mali-facts check" in failed.stdout and "Failed" in failed.stdout

    (repo / "claims.yaml").write_text(LEDGER, encoding="utf-8")
    git(repo, "commit", "-qam", "fix the quote")
    fixed = try_repo()
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout


@pytest.mark.slow
def test_wheel_carries_the_ledger_and_checks_it_from_an_empty_folder(tmp_path):
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                            str(ROOT)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("mali_facts-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"mali_facts/_ledger/claims.yaml", "mali_facts/ledger/claims.schema.json",
            "mali_facts/_ledger/seeds/rolling-stone-2013-mali-training.txt",
            "mali_facts/_ledger/seeds/mali-coup-2020-us-trained-officers.txt"} <= names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    installed = subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                               capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr

    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "PYTHONPATH")}
    done = subprocess.run([str(bindir / "mali-facts"), "check", "--format", "plain"], cwd=empty,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    # e.g. ".../site-packages/mali_facts/_ledger/claims.yaml: 3 claims, 5 quotes: 5 verified; 0 warnings. OK"
    assert done.stderr.endswith(" warnings. OK\n") and "failed" not in done.stderr
    assert "_ledger/claims.yaml" in done.stderr
    schema = subprocess.run([str(bindir / "mali-facts"), "schema"], cwd=empty, env=env,
                            capture_output=True, text=True)
    assert schema.stdout == (ROOT / "mali_facts" / "ledger" / "claims.schema.json").read_text(encoding="utf-8")
