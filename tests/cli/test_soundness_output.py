"""Issue 10, writes: --output never destroys an input, a link, a device or a mode.
The cases are in tests/data/soundness/output.yaml."""

from __future__ import annotations

import hashlib
import os
import stat
import threading

import pytest
import yaml

from conftest import DATA

CASES = yaml.safe_load((DATA / "soundness" / "output.yaml").read_text(encoding="utf-8"))
CLAIMS = """\
version: 1
sources:
  - id: mc-2020
    file: seeds/mali-coup-2020-us-trained-officers.txt
claims:
  - id: sanogo-seven
    statement: Sanogo had been through seven training missions.
    evidence:
      - source: mc-2020
        quote: Captain Amadou Sanogo having been through seven training missions with the US
"""


def _make(folder, steps):
    for kind, path, *arg in steps or ():
        target = folder / path
        if kind == "file":
            target.write_text(arg[0], encoding="utf-8")
        elif kind == "symlink":
            target.symlink_to(arg[0])
        elif kind == "hardlink":
            os.link(folder / arg[0], target)
        elif kind == "fifo":
            os.mkfifo(target)
        elif kind == "mode":
            os.chmod(target, int(arg[0], 8))
        elif kind == "owner":
            if os.geteuid() != 0:
                pytest.skip("only root can give a file to another user")
            os.chown(target, arg[0], arg[0])


def _read_fifo(path, into):
    with open(path, "rb") as handle:
        into.append(handle.read())


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_output(case, ledger_dir, cli):
    (ledger_dir / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
    _make(ledger_dir, case.get("make"))
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest()
              for p in [ledger_dir / "claims.yaml", *(ledger_dir / "seeds").iterdir()]}
    expected = cli(["check", "--format", "plain"]).stdout
    fifo = [c[1] for c in case.get("make") or () if c[0] == "fifo"]
    got: list = []
    reader = None
    if fifo:
        reader = threading.Thread(target=_read_fifo, args=(ledger_dir / fifo[0], got), daemon=True)
        reader.start()
    result = cli(["check", "--format", "plain", "--output", case["output"]])
    if reader is not None:
        reader.join(10)
        assert got == [expected.encode()]
    assert result.exit_code == case["exit"], result.stderr
    assert result.stdout == ""
    if "stderr" in case:
        assert result.stderr == case["stderr"] + "\n"
    for check, path, *arg in case.get("then") or ():
        target = ledger_dir / path
        if check == "unchanged":
            assert hashlib.sha256(target.read_bytes()).hexdigest() == before[target]
        elif check == "report":
            assert target.read_text(encoding="utf-8") == expected
        elif check == "symlink":
            assert target.is_symlink()
        elif check == "regular":
            assert stat.S_ISREG(os.lstat(target).st_mode)
        elif check == "fifo":
            assert stat.S_ISFIFO(os.lstat(target).st_mode)
        elif check == "mode":
            assert oct(stat.S_IMODE(os.stat(target).st_mode)) == oct(int(arg[0], 8))
        elif check == "owner":
            assert (os.stat(target).st_uid, os.stat(target).st_gid) == (arg[0], arg[0])
        elif check == "same":
            assert os.path.samefile(target, ledger_dir / arg[0])
        else:  # pragma: no cover - a typo in the table
            raise AssertionError(f"unknown check {check!r}")
    assert [p.name for p in ledger_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_dash_means_stdout(ledger_dir, cli):
    (ledger_dir / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
    plain = cli(["check", "--format", "plain"])
    result = cli(["check", "--format", "plain", "--output", "-"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, plain.stdout, plain.stderr)
    assert not (ledger_dir / "-").exists()


@pytest.mark.parametrize("kind", ["symlink", "hardlink"])
def test_a_link_planted_as_a_cache_entry_is_replaced_not_followed(kind, tmp_path):
    """A shared cache folder: someone links an entry's name to your file."""
    from mali_facts.cache import write_quietly

    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    entry = tmp_path / "cache" / "entry.json"
    entry.parent.mkdir()
    if kind == "symlink":
        entry.symlink_to(victim)
    else:
        os.link(victim, entry)
    assert write_quietly(entry, b"cache")
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert (entry.read_bytes(), stat.S_ISREG(os.lstat(entry).st_mode)) == (b"cache", True)
    assert oct(stat.S_IMODE(os.stat(entry).st_mode)) == oct(0o600)


def test_a_write_is_refused_when_the_file_changed_underneath(tmp_path):
    from mali_facts.atomic import FileChanged, write_atomically

    path = tmp_path / "claims.yaml"
    path.write_bytes(b"version: 1\n")
    seen = os.stat(path)
    read = hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_bytes(b"version: 1\n# edited by someone else\n")
    for kwargs in ({"expected_sha256": read}, {"expected_stat": seen}):
        with pytest.raises(FileChanged):
            write_atomically(path, b"mine\n", **kwargs)
        assert path.read_bytes() == b"version: 1\n# edited by someone else\n"
    now = hashlib.sha256(path.read_bytes()).hexdigest()
    write_atomically(path, b"mine\n", expected_sha256=now, expected_stat=os.stat(path))
    assert path.read_bytes() == b"mine\n"
    path.unlink()
    with pytest.raises(FileChanged):
        write_atomically(path, b"mine\n", expected_sha256=now)
    assert not path.exists()
