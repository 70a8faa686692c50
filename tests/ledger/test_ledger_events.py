"""The claims file's tree built from libyaml's events (issue 15) is the tree the
composer's nodes give, and anything unusual takes the long way, which says what it
always said. The long way (yamlpos._composed) is the oracle."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mali_facts.errors import LedgerError
from mali_facts.ledger import yamlpos

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def outcome(fn, text: str):
    """The tree, or the error said (type and message): what a caller can see."""
    try:
        return fn(text, "claims.yaml")
    except LedgerError as err:
        return ("error", type(err).__name__, err.format())
    except Exception as err:  # a bug of either way: the same bug
        return ("crash", type(err).__name__, str(err))


def long_way(text: str, path: str):
    """parse() as it was: the quick way never taken."""
    quick = yamlpos._from_events
    yamlpos._from_events = lambda text, path: None
    try:
        return yamlpos.parse(text, path)
    finally:
        yamlpos._from_events = quick


def agree(text: str) -> bool:
    """parse() answers what the long way answers; True when the events built the tree."""
    fast = yamlpos._from_events(text, "claims.yaml")
    slow = outcome(long_way, text)
    if fast is not None:
        assert fast == slow, text
    assert outcome(yamlpos.parse, text) == slow, text
    return fast is not None


def _texts():
    files = sorted(p for p in [*DATA.rglob("*.yaml"), ROOT / "claims.yaml", ROOT / "tests" / "hostile" / "cases.yaml"]
                   if p.stat().st_size < 2_000_000)
    out = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in files]
    header = (DATA / "ledger" / "header.yaml").read_text(encoding="utf-8")
    for case in yaml.safe_load((DATA / "ledger" / "errors.yaml").read_text(encoding="utf-8")):
        out.append((case["label"], case.get("whole") or header + case.get("claims", "")))
    for case in yaml.safe_load((ROOT / "tests" / "hostile" / "cases.yaml").read_text(encoding="utf-8")):
        if isinstance(case.get("claims"), str):
            out.append((case["id"], case["claims"]))
        for name, content in (case.get("files") or {}).items():
            if name.endswith(".yaml") and isinstance(content, str):
                out.append((f"{case['id']}/{name}", content))
    return out


TEXTS = _texts()


@pytest.mark.parametrize("text", [t for _, t in TEXTS], ids=[n for n, _ in TEXTS])
def test_every_claims_file_of_the_tests_gives_the_same_tree_or_error(text):
    agree(text)


def test_the_usual_files_take_the_quick_way():
    assert agree((ROOT / "claims.yaml").read_text(encoding="utf-8"))
    assert agree("a: [x, 'y', \"z\", 1, 1.5, true, ~, 2013-08-19, 0x1F, {b: c}]\nd: |\n  e\n  f\ne: >-\n  g\n")
    assert agree("a:\tb\nc: 0o8\nd: 1.5.5\ne: 010\nf:\ng: ''\n")


# What the long way alone says: each is left to it (the quick way gives None).
UNUSUAL = [
    "a: &x 1\nb: *x\n", "a: &x 1\n", "a: *x\n", "a: !!str 1\n", "a: !foo 1\n", "!!map {a: 1}\n",
    "a: 1\na: 2\n", "? [a]\n: 1\n", "<<: {a: 1}\n", "a: 1\n---\nb: 2\n", "", "# nothing\n",
    "a: [1\n", "a: 1\n b: 2\n", "[" * 2000 + "]" * 2000,
    "a: ! 1\n", "a: !!int x\n", "a: !!timestamp 2013-13-45\n",
]


@pytest.mark.parametrize("text", UNUSUAL)
def test_anything_unusual_takes_the_long_way(text):
    assert yamlpos._from_events(text, "claims.yaml") is None
    agree(text)


# -- hypothesis: random documents, dumped in every style, then damaged ---------------------

SCALAR = st.one_of(
    st.text(st.sampled_from(list("ab 1:-#&*!'\"\\\n\t[]{},.?|>%@`~<é\u2019\u00a0")), max_size=8),
    st.integers(-10**20, 10**20), st.floats(allow_nan=False), st.booleans(), st.none(),
    st.dates(min_value=datetime.date(1000, 1, 1)),
    st.sampled_from(["0", "010", "0x1F", "1_000", "1:20", ".inf", "~", "null", "yes", "No", "<<", "=",
                     "2013-08-19", "2013-08-19T10:00:00Z", "0o17", "+1", "-0", "3.", ".5"]),
)
KEYS = st.one_of(st.text(st.sampled_from(list("ab1 :-é")), max_size=4), st.sampled_from(["<<", "1", "null", "~"]))
DOCS = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                    max_leaves=12)
DAMAGE = st.lists(st.tuples(st.integers(0, 400), st.sampled_from(
    ["&a ", "*a", "!!str ", "! ", "<<: ", "\n", "\n  ", "---\n", "? ", "\t", "#", "'", "\"", "[", "]", "{", "}",
     ",", ": ", "- ", "|\n", ">\n", "a: 1\n", "\\"])), max_size=3)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCS, st.sampled_from([None, True, False]), st.sampled_from([None, "'", '"', "|", ">"]),
       st.integers(2, 6), DAMAGE, st.booleans())
def test_any_document_gives_the_same_tree_or_error(doc, flow, style, indent, damage, allow_unicode):
    text = yaml.safe_dump(doc, default_flow_style=flow, default_style=style, indent=indent,
                          allow_unicode=allow_unicode, sort_keys=False)
    agree(text)
    for at, piece in damage:
        at = min(at, len(text))
        text = text[:at] + piece + text[at:]
        agree(text)
