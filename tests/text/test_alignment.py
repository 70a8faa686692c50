"""The engine's token alignment (mali_facts.text.differences.matching_blocks and
opcodes) is difflib's: difflib.SequenceMatcher(None, a, b, autojunk=False) is the
oracle, and every answer must be its answer, block for block (docs/performance.md).

Small alphabets make repeated tokens, ties between equally long runs and runs that
cross one another: the cases where a different longest-run rule would show."""

from __future__ import annotations

from difflib import SequenceMatcher

import pytest
from hypothesis import example, given, settings, strategies as st

from mali_facts.text.differences import (_one_replacement, matching_blocks, opcodes, outer_blocks,
                                          tokenize)


def oracle_blocks(a, b):
    return [tuple(m) for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()]


def oracle_opcodes(a, b):
    return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


tokens = st.lists(st.sampled_from(["a", "b", "c", "the", "x"]), max_size=40)


@settings(max_examples=1500, deadline=None)
@given(tokens, tokens)
@example(["a", "x", "a", "a"], ["a", "a", "a", "a"])   # the run found is off the diagonal
@example(["a", "b"], ["a", "a", "b"])
@example([], ["a"])
@example(["a", "b", "a", "b"], ["b", "a", "b", "a"])
def test_blocks_and_opcodes_are_difflibs(a, b):
    assert matching_blocks(a, b) == oracle_blocks(a, b)
    assert opcodes(a, b) == oracle_opcodes(a, b)
    assert_outer(a, b)


def assert_outer(a, b):
    """outer_blocks: the first block starts where difflib's first does, the last ends
    where its last does, on the same diagonal."""
    blocks = oracle_blocks(a, b)[:-1]
    outer = outer_blocks(a, b)
    if not blocks:
        assert outer is None
        return
    (fa, fb, _), (la, lb, lk) = outer
    assert (fa, fb) == blocks[0][:2]
    assert (la + lk, lb + lk) == (blocks[-1][0] + blocks[-1][2], blocks[-1][1] + blocks[-1][2])
    assert lb - la == blocks[-1][1] - blocks[-1][0]


near = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "h"]), min_size=1, max_size=60)


@settings(max_examples=600, deadline=None)
@given(near, st.data())
def test_near_misses_align_as_difflib_does(a, data):
    """One token changed, added or dropped, and the quote seen inside a longer window."""
    b = list(a)
    k = data.draw(st.integers(0, len(b) - 1))
    edit = data.draw(st.sampled_from(["replace", "insert", "delete"]))
    new = data.draw(st.sampled_from(["a", "h", "zz"]))
    if edit == "replace":
        b[k] = new
    elif edit == "insert":
        b.insert(k, new)
    else:
        del b[k]
    left = data.draw(st.lists(st.sampled_from(["a", "b", "q"]), max_size=12))
    right = data.draw(st.lists(st.sampled_from(["a", "c", "q"]), max_size=12))
    for x, y in ((a, b), (b, a), (a, left + b + right), (left + b + right, a)):
        assert matching_blocks(x, y) == oracle_blocks(x, y)
        assert opcodes(x, y) == oracle_opcodes(x, y)
        assert_outer(x, y)


@pytest.mark.parametrize("a, b, fast", [
    ("xxx", "xBxx", False),      # an insertion: a run of a may cross from P into S
    ("xBxx", "xxx", False),
    ("abYab", "abZab", True),    # P and S alike: P is taken first, then S
    ("abYcd", "abZcd", True),
    ("aYbbb", "aZbbb", True),
    ("aYa", "aZa", True),
    ("aYa", "aaa", False),       # the new token is in the other one
    ("ab", "ab", False),
    ("Y", "Z", True),
])
def test_one_replacement(a, b, fast):
    got = _one_replacement(list(a), list(b))
    assert (got is not None) == fast
    if fast:
        assert got + [(len(a), len(b), 0)] == oracle_blocks(list(a), list(b))
    assert matching_blocks(list(a), list(b)) == oracle_blocks(list(a), list(b))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .,’'-\u00a0xyz", max_size=120),
       st.text(alphabet="ab .,'xyz", max_size=120))
def test_tokens_of_text(q, s):
    a, b = [t for t, _, _ in tokenize(q)], [t for t, _, _ in tokenize(s)]
    assert matching_blocks(a, b) == oracle_blocks(a, b)


def test_many_distinct_tokens_past_the_code_points_of_a_str():
    a = [f"w{i}" for i in range(0xD800)] + ["same"]
    b = ["same", "w7", "w8"]
    assert matching_blocks(a, b) == oracle_blocks(a, b)


@pytest.mark.parametrize("a, b", [("", ""), ("abc", "abc"), ("abc", "xyz"), ("aaaa", "aa")])
def test_small_cases(a, b):
    assert matching_blocks(list(a), list(b)) == oracle_blocks(list(a), list(b))
    assert opcodes(list(a), list(b)) == oracle_opcodes(list(a), list(b))
