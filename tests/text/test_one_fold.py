"""One fold (issue 11): every caller that compares text folds it through the text
engine's registry, naming the steps it wants."""

from __future__ import annotations

import pathlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mali_facts import consistency, report
from mali_facts.importer import ids
from mali_facts.ledger.validate import _fold_name
from mali_facts.cite import _format
from mali_facts.search import text as search_text
from mali_facts.text.normalize import ALL, fold_text

# letters, marks, quotes, dashes, spaces, invisible characters and ligatures
ALPHABET = st.sampled_from(list(
    "aAzZ09 .,'\"()[]-\n\t\u00a0\u2009\u00ad\u200b\ufeff\u00e9\u00ef\u0301\u00df\ufb01\uff21"
    "\u2018\u2019\u201c\u201d\u00ab\u00bb\u2013\u2014\u2212\u00bd\u2026\u0130\u03a3"))
TEXTS = st.text(ALPHABET, max_size=40) | st.text(max_size=20)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_every_caller_folds_with_the_engine(text):
    assert consistency.fold(text) == fold_text(text, consistency.STEPS)
    assert search_text.fold_text(text) == fold_text(text, search_text.STEPS)
    assert _fold_name(text) == fold_text(text, ALL).strip()
    assert _format.sort_text(text) == fold_text(_format.to_plain(text), _format.SORT_STEPS).translate(
        str.maketrans("", "", _format.SORT_IGNORED))
    assert ids.slugify(text) == re.sub(r"[^a-z0-9]+", "-", fold_text(text, ids.SLUG_STEPS)).strip("-")
    assert report._case(text) == fold_text(text, ("case",))


def test_callers_name_registry_steps():
    assert consistency.STEPS == ALL and search_text.STEPS == ALL
    assert set(_format.SORT_STEPS) < set(ALL)


FOLDING = re.compile(r"casefold\(|unicodedata\.normalize|import unicodedata|\.lower\(\)|\.upper\(\)")
# Case changes that are not comparisons of text, each named with its reason.
NOT_FOLDING = {
    "ledger/validate.py": "suggesting an id: a slug made of the value",
    "cli/check.py": "a file suffix picks the output format",
    "cli/app.py": "the value of the CI environment variable",
    "session.py": "the value of the CI environment variable",
    "authoring/anchor.py": "a source id suggested from a file name",
    "importer/extract.py": "a file suffix or a document's first bytes pick the format",
    "importer/fetch.py": "HTTP header names and values are case-insensitive",
    "importer/ids.py": "a host name is case-insensitive (DNS)",
    "cite/_format.py": "title case and initials: rendering, not comparing",
    "cite/apa.py": "a capital for a season in a date: rendering",
}


def test_no_text_folding_outside_the_engine():
    """`grep` finds no text folding outside mali_facts/text/."""
    package = pathlib.Path(consistency.__file__).parent
    offenders = [f"{p.relative_to(package)}:{i}" for p in sorted(package.rglob("*.py"))
                 if "text" not in p.relative_to(package).parts[:1]
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if FOLDING.search(line) and not (".lower()" in line or ".upper()" in line)
                 or FOLDING.search(line) and str(p.relative_to(package)) not in NOT_FOLDING]
    assert offenders == []
