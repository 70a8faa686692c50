"""The hostile corpus: every case of tests/hostile/cases.yaml through the real CLI.

Each case builds a folder (files, FIFOs, sparse giants, symlinks), may run
actions first (build the search index, damage it, make the cache read-only...),
then runs ``python -m mali_facts ARGS`` in a subprocess with a time budget and
an address-space limit (``RLIMIT_AS``), and checks the exit code and the
messages exactly. No case may print a traceback. See docs/hostile.md.

Set HOSTILE_FIGURES=FILE to append each case's time and peak memory to FILE.
"""

from __future__ import annotations

import json
import os
import re
import resource
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CASES = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))

DEFAULT_HEADER = ("version: 1\nsources:\n  - id: a\n    file: a.txt\n    title: A\nclaims:\n")
DEFAULT_SOURCE = ("Captain Amadou Sanogo having been through six training missions with the US. "
                  "The junta closed the borders. Nothing here mentions rain.\n")
DEFAULT_SECONDS = 30
DEFAULT_MEMORY_MB = 1536


def _ids(case):
    return case["id"]


def _params():
    out = []
    for case in CASES:
        marks = []
        if case.get("xfail"):
            marks.append(pytest.mark.xfail(reason=case["xfail"], strict=False))
        if case.get("root") and os.geteuid() != 0:
            marks.append(pytest.mark.skip(reason="needs root (mknod)"))
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out


def test_the_corpus_is_large_and_unique():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 60


# -- building a case -------------------------------------------------------------

def _content(spec) -> bytes:
    """A file's bytes from its spec (see cases.yaml's header)."""
    if isinstance(spec, str):
        return spec.encode("utf-8")
    if "repeat" in spec:
        return (spec.get("before", "") + spec["repeat"] * spec["times"] + spec.get("after", "")).encode("utf-8")
    if "hex" in spec:
        return bytes.fromhex(spec["hex"])
    if "copy" in spec:
        return (ROOT / spec["copy"]).read_bytes()
    raise ValueError(f"unknown file spec {spec!r}")


def _make(folder: Path, name: str, spec) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(spec, dict) and "fifo" in spec:
        os.mkfifo(path)
    elif isinstance(spec, dict) and "dir" in spec:
        path.mkdir()
    elif isinstance(spec, dict) and "symlink" in spec:
        os.symlink(spec["symlink"], path)
    elif isinstance(spec, dict) and "device" in spec:  # root only: /dev/null's numbers
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    elif isinstance(spec, dict) and "sparse" in spec:
        with open(path, "wb") as f:
            f.truncate(spec["sparse"])
    elif isinstance(spec, dict) and "files" in spec:  # many small files
        path.mkdir()
        for i in range(spec["files"]):
            (path / f"f{i:06d}{spec.get('suffix', '.txt')}").write_bytes(b"x\n")
    else:
        path.write_bytes(_content(spec))


def _build(case, folder: Path) -> None:
    files = dict(case.get("files") or {})
    if "claims" in case:
        files["claims.yaml"] = DEFAULT_HEADER + case["claims"]
    if "claims.yaml" in files and "a.txt" not in files and not case.get("no_source"):
        files["a.txt"] = DEFAULT_SOURCE
    for name, spec in files.items():
        _make(folder, name, spec)


def _environment(case, folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MALI_FACTS_", "PYTHONIOENCODING", "GITHUB_", "FORCE_COLOR"))}
    env.update({"MALI_FACTS_CACHE": str(folder / "cache"), "NO_COLOR": "1", "COLUMNS": "100",
                "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"})
    env.pop("CI", None)
    for key, value in (case.get("env") or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value).replace("{dir}", str(folder))
    return env


def _limits(memory_mb: int):
    def apply():
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


class ReadOnly:
    """Make paths read-only, for root too (which ignores file modes): ``chattr +i``
    when running as root, undone when the case ends."""

    def __init__(self):
        self.locked = []

    def __call__(self, *paths: Path) -> None:
        for path in paths:
            os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) & ~0o222)
            if os.geteuid() == 0:
                done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
                if done.returncode != 0:
                    pytest.skip("running as root where chattr +i does not work: "
                                "no read-only folder can be made")
                self.locked.append(path)

    def undo(self) -> None:
        for path in reversed(self.locked):
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)
            os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) | 0o200)


def _arg(spec) -> str:
    return spec if isinstance(spec, str) else _content(spec).decode("utf-8")


class Run:
    def __init__(self, code, stdout: bytes, stderr: bytes, seconds: float, peak_mb: float):
        self.code, self.stdout_bytes, self.stderr_bytes = code, stdout, stderr
        self.stdout = stdout.decode("utf-8", "replace")
        self.stderr = stderr.decode("utf-8", "replace")
        self.seconds, self.peak_mb = seconds, peak_mb


def run_cli(args, folder: Path, env: dict, *, seconds: float, memory_mb: int, stdin: bytes = b"") -> Run:
    """``python -m mali_facts ARGS`` under the limits; its own time and peak RSS."""
    cmd = [sys.executable, "-m", "mali_facts", *[_arg(a) for a in args]]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=folder, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=_limits(memory_mb))
    chunks = {"out": [], "err": []}

    def pump(stream, into):
        for block in iter(lambda: stream.read(65536), b""):
            into.append(block)

    threads = [threading.Thread(target=pump, args=(proc.stdout, chunks["out"]), daemon=True),
               threading.Thread(target=pump, args=(proc.stderr, chunks["err"]), daemon=True)]
    for t in threads:
        t.start()
    try:
        proc.stdin.write(stdin)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    status = usage = None
    deadline = start + seconds
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            proc.returncode = -9
            for t in threads:
                t.join(5)
            pytest.fail(f"over its time budget of {seconds} s: {' '.join(map(_arg, args))[:200]}")
        time.sleep(0.01)
    elapsed = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in threads:
        t.join(10)
    return Run(proc.returncode, b"".join(chunks["out"]), b"".join(chunks["err"]), elapsed,
               usage.ru_maxrss / 1024)


# -- actions: what happens before the command under test -----------------------------

def _act(action, folder: Path, env: dict, readonly: "ReadOnly") -> None:
    if "run" in action:  # a command that prepares the case (the index, the cache)
        run = run_cli(action["run"], folder, env, seconds=120, memory_mb=DEFAULT_MEMORY_MB)
        assert "Traceback" not in run.stderr, run.stderr
    elif "python" in action:  # a few lines with `d` (the case folder) and `Path`, `os`
        exec(action["python"], {"d": folder, "Path": Path, "os": os, "re": re, "readonly": readonly})
    else:
        raise ValueError(f"unknown action {action!r}")


def _fill(text: str, folder: Path) -> str:
    return text.replace("{dir}", str(folder))


@pytest.mark.parametrize("case", _params())
def test_hostile_case(case, tmp_path):
    readonly = ReadOnly()
    try:
        _case(case, tmp_path, readonly)
    finally:
        readonly.undo()


def _case(case, tmp_path: Path, readonly: ReadOnly) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    _build(case, folder)
    env = _environment(case, folder)
    for action in case.get("before") or []:
        _act(action, folder, env, readonly)
    run = run_cli(case["args"], folder, env, seconds=case.get("seconds", DEFAULT_SECONDS),
                  memory_mb=case.get("memory_mb", DEFAULT_MEMORY_MB),
                  stdin=_content(case.get("stdin", "")))
    figures = os.environ.get("HOSTILE_FIGURES")
    if figures:
        with open(figures, "a", encoding="utf-8") as f:
            f.write(json.dumps({"id": case["id"], "seconds": round(run.seconds, 3),
                                "peak_mb": round(run.peak_mb, 1), "exit": run.code}) + "\n")
    where = f"\nexit {run.code}\nstdout: {run.stdout[-2000:]!r}\nstderr: {run.stderr[-3000:]!r}"
    if not case.get("traceback_ok"):
        assert "Traceback" not in run.stderr, where
    assert run.code == case["exit"], where
    if "stderr" in case:
        assert run.stderr == _fill(case["stderr"], folder), where
    for piece in case.get("stderr_has", []):
        assert _fill(piece, folder) in run.stderr, where
    if "stderr_lines" in case:
        assert len(run.stderr.splitlines()) == case["stderr_lines"], where
    if "stdout" in case:
        assert run.stdout == _fill(case["stdout"], folder), where
    for piece in case.get("stdout_has", []):
        assert _fill(piece, folder) in run.stdout, where
    for piece in case.get("stdout_lacks", []):
        assert piece not in run.stdout, where
    for piece in case.get("stderr_lacks", []):
        assert piece not in run.stderr, where
    if "stdout_max_bytes" in case:
        assert len(run.stdout_bytes) <= case["stdout_max_bytes"], f"{len(run.stdout_bytes)} bytes" + where
    for check in case.get("after") or []:
        exec(check["python"], {"d": folder, "Path": Path, "os": os, "stat": stat, "run": run})
