"""An archived original's pinned sha256 is checked on every run: a changed or
missing archive is a warning on each quote of its source (so `--strict` fails),
never silently accepted. The quote itself is still judged against the text."""

from __future__ import annotations

import hashlib
import json

import pytest

from conftest import ROOT

TEXT = ROOT / "seeds" / "rolling-stone-2013-mali-training.txt"
ARCHIVE = b"<html><body><p>The archived original.</p></body></html>\n"


def ledger(tmp_path, archive_bytes=ARCHIVE, pin=None):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "rs.txt").write_bytes(TEXT.read_bytes())
    if archive_bytes is not None:
        (tmp_path / "sources" / "rs.html").write_bytes(archive_bytes)
    pin = pin or hashlib.sha256(ARCHIVE).hexdigest()
    (tmp_path / "claims.yaml").write_text(f"""\
version: 1
sources:
  - id: rs
    file: sources/rs.txt
    title: Rolling Stone article
    archive:
      file: sources/rs.html
      sha256: {pin}
      media_type: text/html
claims:
  - id: six
    statement: Sanogo went through six US training missions.
    evidence:
      - source: rs
        quote: "Amadou Sanogo"
""", encoding="utf-8")
    return tmp_path / "claims.yaml"


def run(cli, path, *extra):
    return cli(["check", "--claims", str(path), "--format", "json", *extra])


def test_an_unchanged_archive_gives_no_warning(tmp_path, cli):
    result = run(cli, ledger(tmp_path))
    assert result.exit_code == 0, result.stderr
    ev = json.loads(result.stdout)["claims"][0]["evidence"][0]
    assert (ev["status"], ev["warnings"]) == ("verified", [])


@pytest.mark.parametrize("strict, code", [(False, 0), (True, 1)])
def test_a_changed_archive_is_a_warning(tmp_path, cli, strict, code):
    path = ledger(tmp_path)
    changed = ARCHIVE.replace(b"archived", b"altered")
    (tmp_path / "sources" / "rs.html").write_bytes(changed)
    result = run(cli, path, *(["--strict"] if strict else []))
    assert result.exit_code == code, result.stderr
    ev = json.loads(result.stdout)["claims"][0]["evidence"][0]
    assert ev["status"] == "verified"
    assert ev["warnings"] == [
        f"archive sources/rs.html changed: its sha256 is {hashlib.sha256(changed).hexdigest()}, "
        f"the ledger pins {hashlib.sha256(ARCHIVE).hexdigest()}; restore the archived original, "
        "or update the archive's sha256"]


def test_the_archive_is_checked_again_on_a_warm_run(tmp_path, cli):
    path = ledger(tmp_path)
    assert run(cli, path).exit_code == 0
    assert run(cli, path).exit_code == 0  # warm: every cache filled
    (tmp_path / "sources" / "rs.html").write_bytes(b"something else\n")
    result = run(cli, path, "--strict")
    assert result.exit_code == 1
    assert "archive sources/rs.html changed" in result.stdout


def test_the_finding_says_what_changed(tmp_path, cli):
    path = ledger(tmp_path)
    (tmp_path / "sources" / "rs.html").write_bytes(b"something else\n")
    result = cli(["check", "--claims", str(path), "--format", "plain", "--strict"])
    assert result.exit_code == 1
    now, pin = hashlib.sha256(b"something else\n").hexdigest(), hashlib.sha256(ARCHIVE).hexdigest()
    assert (
        f"claims.yaml:15:9: error: quote verified in 'rs': exact; archive sources/rs.html changed: its sha256 is "
        f"{now}, the ledger pins {pin}; restore the archived original, or update the archive's "
        "sha256 [verified]\n") in result.stdout


def test_the_table_says_what_changed(tmp_path, cli):
    path = ledger(tmp_path)
    (tmp_path / "sources" / "rs.html").write_bytes(b"something else\n")
    result = cli(["check", "--claims", str(path), "--format", "table"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    assert "│ exact; archive sources/rs.html changed: its sha256 is " in result.stdout


def test_a_changed_archive_is_said_once_for_all_its_quotes(tmp_path, cli):
    path = ledger(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '      - source: rs\n        quote: "training missions"\n', encoding="utf-8")
    (tmp_path / "sources" / "rs.html").write_bytes(b"something else\n")
    result = cli(["check", "--claims", str(path), "--format", "plain"])
    assert result.exit_code == 0
    archive = [line for line in result.stdout.splitlines() if "archive sources/rs.html changed" in line]
    assert len(archive) == 1 and archive[0].endswith("sha256 (2 quotes affected) [verified]")
    table = cli(["check", "--claims", str(path), "--format", "table"], env={"COLUMNS": "400"})
    assert table.stdout.count("archive sources/rs.html changed") == 1
    assert "the source's problem above" in table.stdout
