"""The oracle of tests/text/test_engine_reference.py: the engine of main 02057b0, before
the fuzzy search was made faster.

Only the functions that the faster search rewrote are kept here, as they were then:
the seeds' windows, the token boundaries, the span's refinement, the alignment
(difflib's SequenceMatcher over token lists) and the fuzzy search that calls them,
with ref_differences.classify. :func:`locate` runs mali_facts.text.locate with these
in place of the new ones, so every answer of the engine can be compared with the
answer it gave before. Not to be edited but to follow a deliberate change of results.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from difflib import SequenceMatcher
from typing import Iterator, List, Tuple

from rapidfuzz import fuzz

from mali_facts.text import locate as _engine
from mali_facts.text.locate import (FUZZY_WINDOW_QUOTES, _MAX_SEED_HITS, _MAX_SEEDS, _MAX_WINDOWS,
                                    _SCAN_CHUNK, _SCAN_LIMIT, _SHORT_NEEDLE, _TOKEN, _WORD, _find_all)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ref_differences  # noqa: E402


def _windows(ft: str, fq: str) -> List[Tuple[int, int]]:
    """Candidate windows of the folded text, seeded by shared word n-grams."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(fq)]
    nw = len(words)
    if nw == 0:
        return []
    n = 3 if nw >= 8 else 2 if nw >= 3 else 1
    count = nw - n + 1
    step = max(1, count // _MAX_SEEDS)
    starts: List[Tuple[int, int]] = []  # (implied quote start, seed index)
    for i in range(0, count, step):
        a, b = words[i][0], words[i + n - 1][1]
        gram = fq[a:b]
        if len(gram) < 3 and n == 1 and nw > 1:
            continue
        hits = _find_all(ft, gram, _MAX_SEED_HITS + 1)
        if len(hits) > _MAX_SEED_HITS:
            continue
        starts.extend((h - a, i) for h in hits)
    if not starts:
        return []
    starts.sort()
    radius = len(fq) // 4 + 50
    # a cluster spans at most FUZZY_WINDOW_QUOTES quote lengths of implied starts
    # (hits of common words could otherwise chain into one window as long as the text)
    span = FUZZY_WINDOW_QUOTES * len(fq)
    clusters: List[List[Tuple[int, int]]] = [[starts[0]]]
    for item in starts[1:]:
        if item[0] - clusters[-1][-1][0] <= radius and item[0] - clusters[-1][0][0] <= span:
            clusters[-1].append(item)
        else:
            clusters.append([item])
    clusters.sort(key=lambda c: -len({i for _, i in c}))
    slack = len(fq) // 4 + 20
    out = []
    for c in clusters[:_MAX_WINDOWS]:
        out.append((max(0, c[0][0] - slack), min(len(ft), c[-1][0] + len(fq) + slack)))
    return out


def _bounds(ft: str, lo: int, hi: int) -> Tuple[List[int], List[int]]:
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(ft, lo, hi)]
    return [a for a, _ in toks], [b for _, b in toks]


def _refine(ft: str, fq: str, s: int, e: int, lo: int, hi: int) -> Tuple[int, int, float]:
    """Move the span ends to the best nearby token boundaries (by ratio)."""
    starts, ends = _bounds(ft, lo, hi)
    if not starts:
        return s, e, fuzz.ratio(fq, ft[s:e])

    def near(options: List[int], x: int, k: int = 4) -> List[int]:
        from bisect import bisect_left
        j = bisect_left(options, x)
        return options[max(0, j - k):j + k]

    from bisect import bisect_right
    # snap to the token containing each end
    k = bisect_right(starts, s) - 1
    if k >= 0 and s < ends[k]:
        s = starts[k]
    k = bisect_right(starts, e - 1) - 1
    if k >= 0 and e - 1 < ends[k]:
        e = ends[k]
    best = (fuzz.ratio(fq, ft[s:e]), s, e)
    for _ in range(3):
        before = best
        _, s, e = best
        for s2 in near(starts, s):
            if s2 < e:
                r = fuzz.ratio(fq, ft[s2:e])
                if r > best[0]:
                    best = (r, s2, e)
        _, s, e = best
        for e2 in near(ends, e):
            if e2 > s:
                r = fuzz.ratio(fq, ft[s:e2])
                if r > best[0]:
                    best = (r, s, e2)
        if best == before:  # no move: another round would try the same spans
            break
    return best[1], best[2], best[0]


def _align(ft: str, fq: str, lo: int, hi: int) -> Tuple[int, int, float]:
    window = ft[lo:hi]
    if len(fq) <= _SHORT_NEEDLE:
        al = fuzz.partial_ratio_alignment(fq, window)
        s, e = lo + al.dest_start, lo + al.dest_end
    else:
        qw = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(fq)]
        ww = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(window)]
        sm = SequenceMatcher(None, [w for w, _, _ in qw], [w for w, _, _ in ww], autojunk=False)
        blocks = [b for b in sm.get_matching_blocks() if b.size]
        if not blocks:
            return lo, lo, 0.0
        first, last = blocks[0], blocks[-1]
        i0 = max(0, first.b - first.a)
        i1 = min(len(ww) - 1, last.b + last.size - 1 + (len(qw) - last.a - last.size))
        s, e = lo + ww[i0][1], lo + ww[i1][2]
    return _refine(ft, fq, s, e, max(0, s - 200), min(len(ft), e + 200))


def _fuzzy(ft: str, fq: str) -> List[Tuple[float, int, int]]:
    found = []
    wins = _windows(ft, fq)
    for lo, hi in wins:
        s, e, r = _align(ft, fq, lo, hi)
        if e > s:
            found.append((r, s, e))
    if not wins and len(fq) <= _SHORT_NEEDLE and len(ft) <= _SCAN_LIMIT:
        # bounded scan for short quotes that share no word with the text
        step = _SCAN_CHUNK
        for lo in range(0, max(1, len(ft)), step):
            hi = min(len(ft), lo + step + len(fq))
            s, e, r = _align(ft, fq, lo, hi)
            if e > s:
                found.append((r, s, e))
    found.sort(key=lambda t: (-t[0], t[1]))
    return found


#: The engine's functions, and what stands for each here.
_OLD = {"_windows": _windows, "_bounds": _bounds, "_refine": _refine, "_align": _align,
        "_fuzzy": _fuzzy, "classify": ref_differences.classify}


@contextmanager
def _as_before() -> Iterator[None]:
    new = {name: getattr(_engine, name) for name in _OLD}
    for name, old in _OLD.items():
        setattr(_engine, name, old)
    try:
        yield
    finally:
        for name, fn in new.items():
            setattr(_engine, name, fn)


def locate(text: str, quote: str, **kw):
    """:func:`mali_facts.text.locate.locate` as the engine of main 02057b0 answered."""
    with _as_before():
        return _engine.locate(text, quote, **kw)
