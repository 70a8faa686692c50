"""Differential test: sentence and passage segmentation against a frozen reference.

The functions ``ref_unwrap``, ``ref_sentences`` and ``ref_passages`` below are
verbatim copies of ``mali_facts.search.text.unwrap``/``passages`` and
``mali_facts.text.segment.sentences`` as of commit 0874e69, before they were
optimised. THEY ARE THE REFERENCE THE FAST VERSIONS MUST AGREE WITH, span for
span, on every input: do not "fix" them here. A deliberate change of behaviour
must change this reference too, in the same commit, and say so.

Only the data is shared (``ABBREVIATIONS``, ``MAX_PASSAGE``), so that adding an
abbreviation does not make the reference and the real code disagree.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

import pytest
from hypothesis import given, settings, strategies as st

from mali_facts.search.text import MAX_PASSAGE, passages, unwrap
from mali_facts.text.segment import ABBREVIATIONS, sentences

from .conftest import ROOT


# --------------------------------------------------------------------------
# Frozen reference (copied from mali_facts/text/segment.py and
# mali_facts/search/text.py at 0874e69). Do not edit.
# --------------------------------------------------------------------------

_REF_SOFT_WRAP = re.compile(r"^([^\n]{49,99}[^\s.!?:;\u2026\"\u201d\u00bb)\]])\n(?=\S)", re.M)
_REF_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+")
_REF_END = re.compile(r"[.!?\u2026]+[\"'\u2019\u201d\u00bb)\]]*(?=\s+(\S))")
_REF_WORD_BEFORE = re.compile(r"(\S+)$")


def _ref_trim(text: str, a: int, b: int) -> Optional[Tuple[int, int]]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


def _ref_is_boundary(text: str, m: "re.Match[str]", line_start: int) -> bool:
    punct = m.group()
    nxt = m.group(1)
    if nxt[0].islower():
        return False  # "a.m. on", "U.S. from": a sentence rarely starts lower-case
    if punct != ".":
        return True
    word = _REF_WORD_BEFORE.search(text, line_start, m.start())
    if word is None:
        return True
    w = word.group(1).lstrip("(\"'\u2018\u201c\u00ab").lower()
    if w in ABBREVIATIONS:
        return False
    if len(w) == 1 and w.isalpha():
        return False  # an initial: "J. Smith"
    if "." in w and all(len(p) <= 2 for p in w.split(".")):
        return False  # dotted abbreviations such as "U.S" in "U.S.-trained"
    return True


def ref_sentences(text: str) -> List[Tuple[int, int]]:
    """Sentence spans ``[start, end)``, trimmed of surrounding whitespace."""
    out: List[Tuple[int, int]] = []
    for line in _REF_LINE.finditer(text):
        ls, le = line.span()
        start = ls
        for m in _REF_END.finditer(text, ls, le):
            if m.start(1) >= le:
                break
            if _ref_is_boundary(text, m, max(ls, text.rfind(" ", ls, m.start()) + 1)):
                span = _ref_trim(text, start, m.end())
                if span:
                    out.append(span)
                start = m.end()
        span = _ref_trim(text, start, le)
        if span:
            out.append(span)
    return out


def ref_unwrap(text: str) -> str:
    """``text`` with hard line wraps replaced by spaces (same length)."""
    return _REF_SOFT_WRAP.sub(r"\1 ", text)


def ref_passages(text: str) -> List[Tuple[int, int]]:
    """Passage spans ``[start, end)`` in code points of ``text``."""
    out: List[Tuple[int, int]] = []
    for a, b in ref_sentences(ref_unwrap(text)):
        while b - a > MAX_PASSAGE:
            cut = text.rfind(" ", a + MAX_PASSAGE // 2, a + MAX_PASSAGE)
            cut = cut if cut > a else a + MAX_PASSAGE
            out.append((a, cut))
            a = cut
            while a < b and text[a].isspace():
                a += 1
        if a < b:
            out.append((a, b))
    return out

# --------------------------------------------------------------------------
# End of the frozen reference.
# --------------------------------------------------------------------------


def assert_same(text: str) -> None:
    assert unwrap(text) == ref_unwrap(text)
    assert sentences(text) == ref_sentences(text)
    assert passages(text) == ref_passages(text)


REAL_FILES = sorted(
    [*(ROOT / "seeds").glob("*.txt"), *(ROOT / "tests" / "data").rglob("*.txt"),
     *(ROOT / "docs" / "demo").rglob("*.txt")])


def test_real_files_found():
    names = {p.name for p in REAL_FILES}
    assert len(list((ROOT / "seeds").glob("*.txt"))) == 2
    assert "excerpt-2020.txt" in names and len(REAL_FILES) >= 5


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_real_files_agree(path):
    text = path.read_text(encoding="utf-8")
    assert_same(text)
    # the same text with Windows line ends, and with the wraps turned into spaces
    assert_same(text.replace("\n", "\r\n"))
    assert_same(ref_unwrap(text))


@pytest.mark.parametrize("text", [
    "", " ", "\n", ".", ". ", " . A", "A. B", "a. b", "U.S. Army", "U.S. army",
    "Lt. Col. Anton Semelroth spoke. The U.S. military is “looking.” Next one",
    "He left at 9 a.m. On Monday.", "J. Smith. K. Jones!", "(Lt. Gen. X.) Then",
    "Wait… What?! No.” Yes.\u2028Next.  \tTab.\x0bV. \x85N. \u2029P.",
    "Ends.\r\nCRLF. Lines\rOnly CR. x",
    "e.g. This. i.e. That. etc. Then. vs. Them.", "“U.S.” Done. ‘Col. Okay.",
    "A. ", "..!? X", "x.\u00a0Y", "x.\x1cY", "«Dr. Who» et. Al.",
    "It was approx. Ten. Troops approx. Then reapprox. Then (approx. Five", "x" * 50 + ". Y",
    "a\tb. C", "tab\tword. Next", "ab.cd. Next x.ab. Y J.R.R. Tolkien a.bcd. Z", "xy. Z",
    "Fin. été. Été. x. ßa. y. ǅz. w. ªb. v. Σ. u. σ.", "line\nJ. Smith",
    "  lead. Trail.  \n\n  x  \n",
])
def test_examples_agree(text):
    assert_same(text)


def test_long_sentences_agree():
    long_line = " ".join(["word"] * 400) + ". After"
    assert_same(long_line)
    assert_same("x" * 1500 + " y. Z")
    wrapped = "\n".join(("lorem ipsum dolor sit amet consectetur adipiscing " * 2)[:75]
                        for _ in range(30))
    assert_same(wrapped)


# Random text rich in the characters the rules look at.
_PIECES = [
    " ", " ", " ", "  ", "\t", "\n", "\n", "\r", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c",
    "\x85", "\u00a0", "\x1c", "\n\n", "\n  ",
    ".", ".", ".", "!", "?", "…", "?!", "...", ":", ";", ",", "-",
    "\"", "'", "’", "”", "»", ")", "]", "(", "“", "‘", "«",
    "a", "b", "x", "A", "B", "Z", "é", "É", "ß", "ǅ", "ª", "1", "42",
    "U.S.", "U.S", "u.s.", "Lt.", "Col.", "a.m.", "p.m.", "Mr.", "Dr.", "etc.", "No.",
    "e.g.", "i.e.", "J.", "K.", "j.", "A.B.", "U.S.-trained", "(Gen.", "“Capt.",
    "the", "The", "army", "Army", "soldiers", "Mali", "Bamako", "spoke", "said",
    "approx.", "Approx.", "(approx.", "reapprox.", "sept.", "dept.", "x.words.", "cmdr.",
    "supercalifragilisticexpialidocious-and-then-some", "J.R.R.", "ab.cd.", "İ.", "\u212a.",
]

_WORDS = ["the", "The", "army", "Army", "soldiers", "Mali", "Bamako", "officers", "said",
          "in", "of", "trained", "U.S.", "Lt.", "Col.", "a.m.", "J.", "e.g.", "Mr.", "coup",
          "“quoted”", "(aside)", "[note]", "it.", "it!", "why?", "so…", "end.”", "done.’",
          "x", "A", "de", "Goïta", "U.S.-trained", "2020", "12:30", "p.m.", "No.", "approx.",
          "(approx.", "Sept.", "troops.", "été", "Été",
          "a-very-long-hyphenated-word-of-forty-characters."]
_LINE_ENDS = ["", "", "", ".", "!", "?", "…", ":", ";", "\"", "”", "»", ")", "]", ",", " ",
              ".”", "’", "'", "\t"]
_SEPS = ["\n", "\n", "\n", "\n", "\n\n", "\r\n", "\u2028", "\n ", "\n\t", "\r", "\n\n\n"]


@st.composite
def wrapped_text(draw):
    """Paragraphs of lines of 40-110 characters, so the soft-wrap rule is exercised."""
    out = []
    for _ in range(draw(st.integers(1, 14))):
        target = draw(st.integers(40, 110))
        words = []
        while sum(len(w) + 1 for w in words) < target:
            words.append(draw(st.sampled_from(_WORDS)))
        line = " ".join(words)[:target - 1] if draw(st.booleans()) else " ".join(words)
        line += draw(st.sampled_from(_LINE_ENDS))
        out.append(line)
        out.append(draw(st.sampled_from(_SEPS)))
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))
def test_random_pieces_agree(text):
    assert_same(text)


@settings(max_examples=300, deadline=None)
@given(wrapped_text())
def test_wrapped_text_agrees(text):
    assert_same(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(".!?…\"'’”»)] \n\r\u2028\taAbBxX:;(")),
               max_size=120))
def test_random_characters_agree(text):
    assert_same(text)


_NO_STOP = ["the", "army", "Mali", "officers", "trained", "in", "of", "U.S.", "Lt.", "Col.",
            "a.m.", "J.", "Goïta", "x", "2020", "“quoted” it", "(aside) as", "long-winded,"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(46, 104), st.lists(st.sampled_from(_NO_STOP), min_size=20,
                                                         max_size=20)), min_size=8, max_size=20),
       st.sampled_from(["\n", "\n", "\n", " ", "\n\n"]))
def test_long_paragraphs_agree(lines, sep):
    """Sentences over MAX_PASSAGE characters are cut: exercise the cutting too."""
    text = sep.join(" ".join(words)[:n] for n, words in lines) + ". End."
    assert_same(text)
