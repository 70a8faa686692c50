"""The claims-file writer: surgical edits, validated, refused on conflict, atomic."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import yaml

from mali_facts.errors import MaliFactsError
from mali_facts.ledger import LedgerInvalid, load_ledger
from mali_facts.ledger.writer import ClaimsEditor, EditConflict, EditError

DATA = Path(__file__).resolve().parents[1] / "data" / "importer"
CASES = yaml.safe_load((DATA / "writer_cases.yaml").read_text(encoding="utf-8"))["cases"]


def apply(ed: ClaimsEditor, edit: dict) -> None:
    if edit["op"] == "set":
        ed.set_value(tuple(edit["path"]), edit["value"])
    else:
        ed.append_item(edit["section"], edit["item"])


@pytest.fixture(params=["libyaml", "python"])
def composer(request, monkeypatch):
    """Both of PyYAML's composers give the writer the same node marks."""
    from mali_facts.ledger import writer

    if request.param == "python":
        monkeypatch.setattr(writer, "_COMPOSER", [yaml.SafeLoader])
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML is built without libyaml")
    return request.param


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_edit_changes_only_the_intended_lines(commented, case, composer):
    ed = ClaimsEditor.open(commented)
    for edit in case["edits"]:
        apply(ed, edit)
    assert ed.diff().splitlines() == case["diff"]
    if all(edit["op"] == "append" for edit in case["edits"]):  # only new lines
        assert [line for line in ed.diff().splitlines()[2:] if line.startswith("-")] == []
    if case.get("valid", True):
        ed.save()
        assert commented.read_text(encoding="utf-8") == ed.text
        load_ledger(commented)


def test_editor_api_shape():
    assert issubclass(EditConflict, MaliFactsError)
    assert issubclass(EditError, MaliFactsError)


def test_nothing_changed_nothing_written(commented):
    before = os.stat(commented).st_mtime_ns
    ed = ClaimsEditor.open(commented)
    assert ed.diff() == ""
    ed.save()
    assert os.stat(commented).st_mtime_ns == before


def test_interrupted_write_leaves_the_old_file(commented, monkeypatch):
    before = commented.read_bytes()
    ed = ClaimsEditor.open(commented)
    ed.set_value(("claims", "budget-doubles", "evidence", 0, "start"), 5)

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        ed.save()
    monkeypatch.undo()
    assert commented.read_bytes() == before
    assert sorted(p.name for p in commented.parent.iterdir()) == ["claims.yaml", "memo.txt", "notes.txt"]


def test_a_concurrent_change_is_refused(commented):
    ed = ClaimsEditor.open(commented)
    ed.set_value(("claims", "budget-doubles", "evidence", 0, "start"), 5)
    theirs = commented.read_text(encoding="utf-8").replace("# more claims go here", "# theirs")
    commented.write_text(theirs, encoding="utf-8")
    with pytest.raises(EditConflict) as err:
        ed.save()
    assert str(err.value) == ("claims.yaml: the claims file changed on disk since it was read; "
                              "nothing written (run the command again)")
    assert commented.read_text(encoding="utf-8") == theirs


def test_an_invalid_edit_writes_nothing(commented):
    before = commented.read_bytes()
    ed = ClaimsEditor.open(commented)
    ed.append_item("sources", {"id": "gone-2026", "file": "gone.txt"})
    with pytest.raises(LedgerInvalid) as err:
        ed.save()
    assert str(err.value) == ("claims.yaml:22: source 'gone-2026': file 'gone.txt' does not exist "
                              "(did you mean 'notes.txt'?)")
    assert commented.read_bytes() == before


def test_the_mode_is_kept(commented):
    os.chmod(commented, 0o600)
    ed = ClaimsEditor.open(commented)
    ed.set_value(("sources", "memo-2026", "sha256"), "a" * 64)
    ed.save()
    assert stat.S_IMODE(os.stat(commented).st_mode) == 0o600


def test_unknown_id_is_a_one_line_error(commented):
    ed = ClaimsEditor.open(commented)
    with pytest.raises(EditError) as err:
        ed.set_value(("claims", "no-such-claim", "statement"), "x")
    assert str(err.value) == "claims.yaml: nothing at claims/no-such-claim to edit (check the id)"


def test_crlf_files_stay_crlf(commented):
    commented.write_bytes(commented.read_bytes().replace(b"\n", b"\r\n"))
    ed = ClaimsEditor.open(commented)
    ed.set_value(("sources", "notes-2026", "title"), "Notes")
    ed.append_item("claims", {"id": "c2", "statement": "S",
                              "evidence": [{"source": "notes-2026", "quote": "budget"}]})
    ed.save()
    data = commented.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b'    title: "Notes"\r\n' in data
    assert load_ledger(commented).claims[-1].id == "c2"


@pytest.mark.parametrize("before, after", [
    ("version: 1\nsources: []\nclaims: []\n",
     "version: 1\nsources:\n  - id: n\n    file: n.txt\nclaims: []\n"),
    ("version: 1\nsources:   # none yet\nclaims: []\n",
     "version: 1\nsources:   # none yet\n  - id: n\n    file: n.txt\nclaims: []\n"),
    ("version: 1\nclaims: []",
     "version: 1\nclaims: []\nsources:\n  - id: n\n    file: n.txt\n"),
    ("version: 1\n\nclaims: []",
     "version: 1\n\nclaims: []\n\nsources:\n  - id: n\n    file: n.txt\n"),
    ("version: 1\nsources:\n- id: a\n  file: n.txt\nclaims: []\n",
     "version: 1\nsources:\n- id: a\n  file: n.txt\n- id: n\n  file: n.txt\nclaims: []\n"),
])
def test_append_in_the_files_own_layout(tmp_path, before, after):
    path = tmp_path / "claims.yaml"
    path.write_text(before, encoding="utf-8")
    (tmp_path / "n.txt").write_text("n\n", encoding="utf-8")
    ed = ClaimsEditor.open(path)
    ed.append_item("sources", {"id": "n", "file": "n.txt"})
    assert ed.text == after


def test_an_items_own_trailing_comment_stays_with_it(tmp_path):
    path = tmp_path / "claims.yaml"
    (tmp_path / "n.txt").write_text("n\n", encoding="utf-8")
    path.write_text("version: 1\nsources:\n  - id: a\n    file: n.txt\n    # pages numbered by hand\n"
                    "  # more sources below\nclaims: []\n", encoding="utf-8")
    ed = ClaimsEditor.open(path)
    ed.append_item("sources", {"id": "n", "file": "n.txt"})
    assert ed.text == ("version: 1\nsources:\n  - id: a\n    file: n.txt\n    # pages numbered by hand\n"
                       "  - id: n\n    file: n.txt\n  # more sources below\nclaims: []\n")
