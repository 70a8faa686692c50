"""The `coverage` service: which sentences of each source are cited by a quote.

A source is split into sentences (``mali_facts.text.segment.sentences``).
Each sentence is then one of:

* **furniture**: every non-space character lies inside a span the source
  declares under ``furniture:`` (page navigation, "Powered by", icon labels,
  image captions, bylines...). Furniture is left out of the count.
* **covered**: the quotes that were found in the source (status ``verified``
  or ``drifted``) together cover at least ``min_share`` (default one half) of
  the sentence's remaining non-space characters. A quote of three words in a
  long sentence does not cover it.
* **uncovered**: anything else.

``percent`` is covered / (sentences - furniture). Pure: no printing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from mali_facts.ledger import Ledger

#: Default share of a sentence's non-space characters that quotes must cover.
MIN_SHARE = 0.5

Span = Tuple[int, int]


@dataclass
class SentenceCoverage:
    start: int
    end: int
    line: int
    text: str           # the sentence, or its ends around " … " when it is long (see excerpt)
    state: str          # covered | uncovered | furniture
    share: float        # share of the substantive characters inside quotes (0..1)


@dataclass
class SourceCoverage:
    id: str
    file: str
    sentences: List[SentenceCoverage] = field(default_factory=list)
    missing_furniture: List[str] = field(default_factory=list)  # declared but not in the text
    error: Optional[str] = None  # the source could not be read

    def count(self, state: str) -> int:
        return sum(1 for s in self.sentences if s.state == state)

    @property
    def substantive(self) -> int:
        return len(self.sentences) - self.count("furniture")

    @property
    def percent(self) -> float:
        total = self.substantive
        return round(100.0 * self.count("covered") / total, 1) if total else 100.0

    @property
    def uncovered(self) -> List[SentenceCoverage]:
        return [s for s in self.sentences if s.state == "uncovered"]


@dataclass
class CoverageReport:
    ledger: Ledger
    sources: List[SourceCoverage]
    min_share: float = MIN_SHARE

    @property
    def problems(self) -> List[str]:
        """Furniture quotes that are not in their source, and unreadable sources."""
        out = []
        for s in self.sources:
            if s.error:
                out.append(f"source {s.id!r}: {s.error}")
            out.extend(f"source {s.id!r}: furniture {q!r} is not in {s.file}"
                       for q in s.missing_furniture)
        return out


def find_all(text: str, needle: str) -> List[Span]:
    """Every (non-overlapping) exact occurrence of ``needle``.

    >>> find_all("ab ab", "ab")
    [(0, 2), (3, 5)]
    >>> find_all("ab", "")
    []
    """
    out: List[Span] = []
    if not needle:
        return out
    i = text.find(needle)
    while i != -1:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + len(needle))
    return out


def covered_chars(text: str, span: Span, marks: Sequence[Span]) -> Tuple[int, int]:
    """Non-space characters in ``span``, and how many of them lie inside ``marks``.

    >>> covered_chars("aa bb cc", (0, 8), [(3, 5)])
    (6, 2)
    """
    a, b = span
    hit, last = 0, a
    for s, e in sorted(marks):  # the union of the marks, clipped to the span
        s, e = max(s, last), min(e, b)
        if s < e:
            hit += _nonspace(text, s, e)
            last = e
    return _nonspace(text, a, b), hit


def _nonspace(text: str, a: int, b: int) -> int:
    """Non-space characters (``str.isspace``) in ``text[a:b]``, a MiB at a time at C
    speed: a sentence may be 50 MB.

    >>> _nonspace("a b\\u00a0c\\n", 0, 6), _nonspace("x " * 3, 1, 6)
    (3, 2)
    """
    total = 0
    for i in range(a, b, _CHUNK):
        chunk = text[i:min(i + _CHUNK, b)]
        if chunk.isascii():
            total += len(chunk.encode("ascii").translate(None, _ASCII_SPACES))
        else:
            total += sum(map(len, chunk.split()))
    return total


_CHUNK = 1 << 20
_ASCII_SPACES = bytes(c for c in range(128) if chr(c).isspace())


def excerpt(text: str, most: int) -> str:
    """``text`` when it has at most ``2 * most`` characters, else its first and last
    ``most`` characters around an ellipsis (a sentence of 50 MB is not printed).

    >>> excerpt("one two three", 4)
    'one  … hree'
    >>> excerpt("short", 4)
    'short'
    """
    if len(text) <= 2 * most:
        return text
    return f"{text[:most]} … {text[-most:]}"


def classify(text: str, sentences: Sequence[Span], quotes: Sequence[Span],
             furniture: Sequence[Span], line_of=None,
             min_share: float = MIN_SHARE) -> List[SentenceCoverage]:
    """Give each sentence its state (see the module docstring).

    >>> t = "Menu. Keita won. Cisse lost badly."
    >>> [(s.text, s.state) for s in classify(t, [(0, 5), (6, 16), (17, 34)], [(6, 15), (17, 22)], [(0, 5)])]
    [('Menu.', 'furniture'), ('Keita won.', 'covered'), ('Cisse lost badly.', 'uncovered')]
    """
    from mali_facts.limits import limit

    most = limit("MAX_CONTEXT_CHARS")
    out = []
    for a, b in sentences:
        total, furn = covered_chars(text, (a, b), furniture)
        line = line_of(a) if line_of else text.count("\n", 0, a) + 1
        if total == furn:
            out.append(SentenceCoverage(a, b, line, excerpt(text[a:b], most), "furniture", 0.0))
            continue
        # characters that are quoted but not furniture
        marks = [(s, e) for s, e in quotes if s < b and e > a]
        substantive = total - furn
        _, both = covered_chars(text, (a, b), _intersect(marks, furniture))
        _, hit = covered_chars(text, (a, b), marks)
        share = (hit - both) / substantive
        state = "covered" if share >= min_share - 1e-9 else "uncovered"
        out.append(SentenceCoverage(a, b, line, excerpt(text[a:b], most), state, round(share, 3)))
    return out


def _intersect(a: Sequence[Span], b: Sequence[Span]) -> List[Span]:
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s < e:
                out.append((s, e))
    return out


def coverage(ledger: Ledger, *, min_share: float = MIN_SHARE, report=None) -> CoverageReport:
    """Coverage of every source of ``ledger``. ``report`` may be a CheckReport already made."""
    from mali_facts.text.segment import sentences
    from mali_facts.verify import verify_ledger

    if not 0 < min_share <= 1:
        raise ValueError("min_share must be in (0, 1]")
    report = report or verify_ledger(ledger)
    quotes: Dict[str, List[Span]] = {sid: [] for sid in ledger.sources}
    for e in report.evidence:
        if e.status in ("verified", "drifted") and e.start is not None:
            quotes.setdefault(e.evidence.source, []).append((e.start, e.end))
    out = []
    for sid, source in ledger.sources.items():
        src = report.sources[sid]
        cov = SourceCoverage(sid, source.file)
        if src.text is None:
            cov.error = src.error or "cannot be read"
            out.append(cov)
            continue
        furniture: List[Span] = []
        for q in source.furniture:
            found = find_all(src.text, q)
            if not found:
                cov.missing_furniture.append(q)
            furniture.extend(found)
        cov.sentences = classify(src.text, sentences(src.text), quotes.get(sid, []), furniture,
                                 line_of=lambda i, s=src: s.line_col(i)[0], min_share=min_share)
        out.append(cov)
    return CoverageReport(ledger, out, min_share)
