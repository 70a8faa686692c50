"""Property tests of the writer: any text value round-trips, and only its line changes."""

from __future__ import annotations


import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mali_facts.ledger.writer import ClaimsEditor, format_flow, format_scalar

# YAML's indicator characters often, any other character (but lone surrogates) too.
TEXT = st.text(st.one_of(st.sampled_from(list(":#'\"-?[]{},&*!|>%@` \n\t\\0123456789.")),
                         st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=40)
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(value=TEXT, key=st.sampled_from(["title", "publisher", "published", "note"]))
def test_any_string_round_trips_and_changes_one_line(commented, value, key):
    ed = ClaimsEditor.open(commented)
    ed.set_value(("sources", "memo-2026", key), value)
    data = yaml.safe_load(ed.text)
    assert data["sources"][0][key] == value
    before = yaml.safe_load(ed.original)
    before["sources"][0][key] = value
    assert data == before
    diff = ed.diff().splitlines()[3:]
    changed = [line for line in diff if line[:1] in "+-"]
    assert len([line for line in changed if line.startswith("+")]) == 1
    assert len([line for line in changed if line.startswith("-")]) == (0 if key == "note" else 1)


@SETTINGS
@given(value=TEXT, quote=st.sampled_from(['"', "'"]), flow=st.booleans())
def test_formatted_strings_load_back(value, quote, flow):
    written = format_flow([value], quote) if flow else format_scalar(value, quote)
    loaded = yaml.safe_load(f"k: {written}\n")["k"]
    assert loaded == ([value] if flow else value)


@SETTINGS
@given(value=st.one_of(st.integers(), st.booleans(), st.dates(), st.lists(TEXT, max_size=3)))
def test_formatted_values_load_back(value):
    written = format_flow(value) if isinstance(value, list) else format_scalar(value)
    loaded = yaml.safe_load(f"k: {written}\n")["k"]
    assert loaded == value and type(loaded) is type(value)


WORDS = st.lists(st.one_of(TEXT, st.sampled_from(["budget", "doubles,", "the", "12", "#", "-", "a:"])),
                 min_size=1, max_size=30).map(" ".join)


@SETTINGS
@given(statement=WORDS)
def test_appended_statements_load_back(commented, statement):
    ed = ClaimsEditor.open(commented)
    ed.append_item("claims", {"id": "c", "statement": statement,
                              "evidence": [{"source": "notes-2026", "quote": "budget"}]})
    assert yaml.safe_load(ed.text)["claims"][-1]["statement"] == statement
    assert ed.text.startswith(ed.original[:ed.original.index("  # more claims go here")].rstrip("\n"))
