"""What authoring added to the claims-file writer: set_values (many scalar edits in
one pass, as fix needs: one set_value re-composes the whole file) and append_item
keeping the blank lines between the items of the list it appends to."""

from __future__ import annotations

import shutil

import pytest

from mali_facts.ledger.writer import ClaimsEditor, EditError

from .authoring_paths import ROOT

COMMENTED = ROOT / "tests" / "data" / "importer" / "commented.yaml"

EDITS = [
    (("claims", "budget-doubles", "evidence", 0, "start"), 40),
    (("claims", "budget-doubles", "evidence", 0, "end"), 58),
    (("claims", "budget-doubles", "evidence", 0, "quote"), "the budget “doubles”"),
    (("claims", "budget-doubles", "evidence", 1, "quote"), "it's doubled"),
    (("sources", "memo-2026", "sha256"), "ab" * 32),
    (("claims", "budget-doubles", "evidence", 1, "prefix"), "so "),     # a new key
    (("sources", "memo-2026", "publisher"), None),                     # a deleted key
]


@pytest.fixture
def commented(tmp_path):
    shutil.copy(COMMENTED, tmp_path / "claims.yaml")
    return tmp_path / "claims.yaml"


def test_set_values_writes_what_set_value_writes(commented):
    one = ClaimsEditor.open(commented)
    for keys, value in EDITS:
        one.set_value(keys, value)
    batch = ClaimsEditor.open(commented)
    batch.set_values(EDITS)
    assert batch.text == one.text
    assert batch.diff().splitlines()[2:] == [
        "@@ -8,10 +8,9 @@",
        "   - id: memo-2026",
        "     file: memo.txt",
        "     title: \"Budget memo: the plan\"   # quoted on purpose",
        "-    publisher: 'City Hall'",
        "     authors: [Jane Roe]",
        "     published: 2026-10",
        "-    sha256: 0000000000000000000000000000000000000000000000000000000000000000",
        "+    sha256: " + "ab" * 32,
        " ",
        "   - id: notes-2026",
        "     file: notes.txt",
        "@@ -26,10 +25,11 @@",
        "       doubles.",
        "     evidence:",
        "       - source: memo-2026   # the first page",
        "-        quote: \"the budget doubles\"",
        "-        start: 4",
        "-        end: 22",
        "+        quote: \"the budget “doubles”\"",
        "+        start: 40",
        "+        end: 58",
        "       - source: notes-2026",
        "-        quote: 'budget doubles'",
        "+        quote: 'it''s doubled'",
        "+        prefix: \"so \"",
        " ",
        "   # more claims go here",
    ]


def test_a_batch_that_cannot_be_made_keeps_nothing(commented):
    ed = ClaimsEditor.open(commented)
    before = ed.text
    with pytest.raises(EditError):
        ed.set_values([(("sources", "memo-2026", "sha256"), "2" * 64),
                       (("claims", "no-such-claim", "evidence", 0, "start"), 1)])
    assert ed.text == before


def test_append_keeps_the_blank_lines_of_its_own_list(tmp_path):
    path = tmp_path / "claims.yaml"
    path.write_text("version: 1\nentities:\n  - {name: A, kind: person}\n  - {name: B, kind: person}\n"
                    "sources:\n  - {id: s, file: s.txt}\nclaims:\n  - id: one\n    statement: One.\n"
                    "    evidence: [{source: s, quote: one}]\n\n  - id: two\n    statement: Two.\n"
                    "    evidence: [{source: s, quote: two}]\n", encoding="utf-8")
    ed = ClaimsEditor.open(path)
    ed.append_item("claims", {"id": "three", "statement": "Three.",
                              "evidence": [{"source": "s", "quote": "three"}]})
    assert ed.text.endswith("    evidence: [{source: s, quote: two}]\n\n  - id: three\n"
                            "    statement: Three.\n    evidence:\n      - source: s\n"
                            "        quote: three\n")
