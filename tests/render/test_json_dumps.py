"""The one JSON writer (render/json_.dumps) writes exactly what the standard
library writes with the same options, for any JSON value: only faster."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mali_facts.render.json_ import _encoder, dumps


class Shade(str, enum.Enum):  # like verify.Status: a str Enum
    red = "red"


class Rank(enum.IntEnum):
    first = 1


class Ratio(float):
    pass


leaves = st.one_of(
    st.none(), st.booleans(),
    st.integers(), st.integers(min_value=-(10 ** 40), max_value=10 ** 40),
    st.floats(allow_nan=True, allow_infinity=True),  # NaN, Infinity, -0.0, 1e-300 ...
    st.text(),  # any code point: controls, quotes, backslashes, lone surrogates, astral
    st.sampled_from([Shade.red, Rank.first, Ratio(0.5), "\u2028\u2029", "\x00\x7f\"\\/"]),
)
keys = st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none(),
                 st.just(Shade.red))
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(keys, inner, max_size=6),
    ),
    max_leaves=40,
)


@settings(max_examples=1000, deadline=None)
@given(values)
def test_dumps_writes_what_json_dumps_writes(value):
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=300, deadline=None)
@given(values, st.booleans(), st.integers(min_value=0, max_value=4))
def test_the_encoder_follows_json_for_other_options(value, ensure_ascii, indent):
    assert _encoder(ensure_ascii, indent)(value) == json.dumps(
        value, ensure_ascii=ensure_ascii, indent=indent)


@pytest.mark.parametrize("value", [
    {}, [], (), "", 0, -0.0, True, False, None, math.nan, -math.inf, math.inf,
    [[[]]], {"": {"": {}}}, {1: 1, "1": 2, 1.5: None, True: 0, None: [], False: {}},
    [{"a": [1, {"b": []}]}, "x"], 10 ** 30, 1e16, 5e-324,
])
def test_edge_values(value):
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("bad, error", [
    ({"a": object()}, "Object of type object is not JSON serializable"),
    ({(1, 2): 3}, "keys must be str, int, float, bool or None, not tuple"),
    ([{1, 2}], "Object of type set is not JSON serializable"),
])
def test_what_json_refuses_it_refuses_the_same_way(bad, error):
    with pytest.raises(TypeError) as ours:
        dumps(bad)
    with pytest.raises(TypeError) as theirs:
        json.dumps(bad, ensure_ascii=False, indent=2)
    assert str(ours.value) == str(theirs.value) == error


def test_a_circular_value_is_refused_as_json_refuses_it():
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="^Circular reference detected$"):
        dumps(loop)
