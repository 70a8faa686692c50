"""The ledger loader's shortcuts (issue 15) answer what the long way answers."""

from __future__ import annotations

import gc

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mali_facts.ledger import yamlpos
from mali_facts.ledger.validate import _quote_problem
from mali_facts.text.syntax import has_content

# word characters, brackets, dots and ellipses, spaces: what decides has_content()
QUOTES = st.text(st.sampled_from(list("ab1_é [].…\u0301 -'")), max_size=12) | st.text(max_size=12)


@settings(max_examples=2000, deadline=None)
@given(QUOTES)
def test_the_quick_quote_check_agrees_with_has_content(quote):
    assert (_quote_problem(quote) is None) == has_content(quote)


# the first characters YAML's implicit resolvers look at, and what follows them
SCALARS = st.text(st.sampled_from(list("0123456789+-._:eExXoObB~nNuUlLtTrRfFyYaAsSoO ")), max_size=10)


@settings(max_examples=3000, deadline=None)
@given(SCALARS, st.booleans(), st.booleans())
def test_the_quick_resolver_gives_pyyamls_tags(value, plain, quoted):
    loader = yamlpos._loader_class()
    assert loader.resolve is not yaml.SafeLoader.resolve  # the quick one is in use
    for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
        implicit = (plain, quoted) if kind is yaml.ScalarNode else plain
        assert loader.resolve(loader, kind, value, implicit) == \
            yaml.SafeLoader.resolve(yaml.SafeLoader(""), kind, value, implicit)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["0", "7", "10", "007", "010", "0x1F", "0o17", "1_000", "-3", "+4", "1:20", "3.0",
                        "~", "null", "true", "2013-08-19", "'9'", "\"9\""]))
def test_a_scalar_gets_the_value_safe_load_gives(raw):
    tree = yamlpos.parse(f"a: {raw}\n", "f.yaml")
    expected = yaml.safe_load(f"a: {raw}\n")["a"]
    value = tree.value["a"].value
    if tree.value["a"].tag == "tag:yaml.org,2002:timestamp":
        assert value == raw  # dates stay as written
    else:
        assert (type(value), value) == (type(expected), expected)


def test_validating_leaves_the_garbage_collector_as_it_was():
    from pathlib import Path

    from mali_facts.ledger.validate import validate

    def run():
        validate("version: 1\nsources: []\nclaims: []\n", Path("c.yaml"), "c.yaml")

    assert gc.isenabled()
    run()
    assert gc.isenabled()
    gc.disable()
    try:
        run()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_pause_built_goes_to_the_oldest_generation_unless_objects_are_frozen():
    from mali_facts._gc import paused

    kept = []
    with paused():
        kept += [[n] for n in range(20_000)]
    # in the oldest generation at once: no young collection walks them all
    assert any(o is kept[-1] for o in gc.get_objects(generation=2))
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused():
            kept += [[n] for n in range(20_000)]
        assert gc.get_freeze_count() == frozen  # theirs stay frozen
        assert not any(o is kept[-1] for o in gc.get_objects(generation=2))
    finally:
        gc.unfreeze()
