"""docs/same-quote.md stays true: its examples run as doctests."""

from __future__ import annotations

import doctest

from .conftest import ROOT



def test_same_quote_examples():
    result = doctest.testfile(str(ROOT / "docs" / "same-quote.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 25
    assert result.failed == 0
