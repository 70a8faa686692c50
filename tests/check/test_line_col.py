"""A source's line and column lookups (counted from the nearest offset already
looked up) give what a full line index gives, in any order of lookups."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mali_facts.sources import SourceText
from mali_facts.text.lines import LineIndex


@settings(max_examples=150, deadline=None)
@given(st.text(st.sampled_from("ab \n\r\u2028\u00e9"), max_size=120), st.data())
def test_lookups_in_any_order_agree_with_the_line_index(text, data):
    src, index = SourceText(None, text, None), LineIndex(text)
    offsets = data.draw(st.lists(st.integers(0, len(text)), max_size=80))
    assert [src.line_col(o) for o in offsets] == [index.line_col(o) for o in offsets]
