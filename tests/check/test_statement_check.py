"""The statement check of a whole ledger (issue 15): what one StatementCheck works out
once and shares between claims changes no claim's result."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import DATA
from mali_facts.consistency import StatementCheck, _has_word, unsupported_details

# Words and marks that make details: numbers in words and digits, dates, months,
# weekdays, names, abbreviations, sentence ends, and what the folds forgive.
WORDS = ("the a of and in on by led coup troops Troops soldiers May may March Sept. Monday "
         "monday 6 six Six 22 2012 2012-03-22 310,000 4.2 million hundred twenty-five first "
         "Capt. Captain U.S. US Sanogo Sanogo's Go\u00efta Goita Sa\u00adnogo Keita keita CNSP "
         "However Elections elections Ledger").split()
MARKS = [" ", " ", ", ", ". ", "; ", ": ", "? ", " \u2013 ", "\n", " \u201c", "\u201d "]


def sentence(max_words):
    return st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(MARKS)), max_size=max_words).map(
        lambda pairs: "".join(w + m for w, m in pairs).strip())


CLAIM = st.fixed_dictionaries({
    "statement": sentence(10),
    "quotes": st.lists(sentence(10), min_size=1, max_size=2),
    "text": st.sampled_from([0, 1, 2]),
    "title": st.sampled_from(["A source", "The Ledger", "Keita Weekly"]),
})
TEXTS = ["", "Sanogo and keita led troops. may", "elections in March; Goita, monday"]
ALIASES = [("Assimi Goita", "Go\u00efta"), ("Ibrahim Boubacar Keita", "IBK")]


def _claim(statement, quote, text, title="A source"):
    return {"statement": statement, "quotes": [quote], "text": text, "title": title}


@settings(max_examples=150, deadline=None)
@given(st.lists(CLAIM, min_size=1, max_size=8))
# the same word, asked of two source texts: one writes it in lower case, one does not
@example([_claim("Troops led the coup.", "they led the coup", 1),
          _claim("Troops led the coup.", "they led the coup", 2)])
# the same name, cited from two sources: one names it in its title
@example([_claim("The Keita Weekly said so.", "so", 0, "Keita Weekly"),
          _claim("The Keita Weekly said so.", "so", 0)])
def test_one_check_for_many_claims_says_what_each_check_alone_says(claims):
    shared = StatementCheck(ALIASES)
    shared.prepare([c["statement"] for c in claims], [q for c in claims for q in c["quotes"]])
    for c in claims:
        source = SimpleNamespace(title=c["title"], subtitle=None, publisher=None, authors=[])
        args = dict(sources=[source], texts=[TEXTS[c["text"]]])
        alone = unsupported_details(c["statement"], c["quotes"], ALIASES, **args)
        assert shared.unsupported(c["statement"], c["quotes"], **args) == alone
        assert shared.unsupported(c["statement"], c["quotes"], **args) == alone  # again: remembered


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("ab_ .-'\u00e9\u0301\u00b2"), max_size=40),
       st.text(st.sampled_from("ab.-'"), max_size=3))
def test_has_word_finds_what_the_regex_finds(text, word):
    pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")
    for t in (text, text * 9):  # found often (inside words), the regex takes over
        assert _has_word(t, word) == (pattern.search(t) is not None)


CASES = yaml.safe_load((DATA / "statement_check" / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_shortcuts_table(case):
    """All the claims of a case by one prepared StatementCheck, and each alone."""
    claims = case["claims"]
    aliases = case.get("aliases", ())
    check = StatementCheck(aliases)
    check.prepare([c["statement"] for c in claims], [q for c in claims for q in c["quotes"]])
    texts = {}  # one str object per distinct source text, as a session has
    for c in claims:
        source = SimpleNamespace(title=c.get("title", "A source"), subtitle=None, publisher=None, authors=[])
        args = dict(sources=[source], texts=[texts.setdefault(c.get("text"), c.get("text"))])
        assert check.unsupported(c["statement"], c["quotes"], **args) == c["warn"], c["statement"]
        assert unsupported_details(c["statement"], c["quotes"], aliases, **args) == c["warn"]


def test_the_garbage_collector_is_left_as_it_was(tmp_path, monkeypatch):
    """statement_details pauses automatic collections while it runs (it makes no
    cycles) and leaves them as they were, on or off."""
    import gc

    from mali_facts.ledger import load_ledger
    from mali_facts.verify import statement_details

    (tmp_path / "a.txt").write_text("Sanogo had six missions.\n", encoding="utf-8")
    (tmp_path / "claims.yaml").write_text(
        "version: 1\nsources:\n  - {id: a, file: a.txt, title: A}\nclaims:\n  - id: c\n"
        "    statement: Sanogo had seven missions.\n    evidence:\n"
        "      - {source: a, quote: \"Sanogo had six missions\"}\n", encoding="utf-8")
    ledger = load_ledger(tmp_path / "claims.yaml")
    from mali_facts.session import Session

    sources = Session(ledger, cache=False).sources()
    seen = []
    real = StatementCheck.unsupported
    monkeypatch.setattr(StatementCheck, "unsupported",
                        lambda self, *a, **k: seen.append(gc.isenabled()) or real(self, *a, **k))
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            assert statement_details(ledger, sources) == [["seven"]]
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False, False]
