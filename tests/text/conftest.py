"""What the text-engine tests share: the seed texts that cases name."""

from __future__ import annotations

from conftest import ROOT

SEEDS = ROOT / "seeds"
#: The Rolling Stone article, the longest seed: the engine's workhorse.
RS = (SEEDS / "rolling-stone-2013-mali-training.txt").read_text(encoding="utf-8")


def source_text(case: dict) -> str:
    """A case's source: its own ``text``, or the seed file it names as ``source``."""
    if "text" in case:
        return case["text"]
    return (SEEDS / case["source"]).read_text(encoding="utf-8")
