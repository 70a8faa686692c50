"""The fold engine as it was before the bulk fold (c5ba115), kept as the oracle of
tests/text/test_bulk_fold.py: each step walks the text's characters in Python
(one ``fn(c)`` per non-ASCII character, ``finditer`` over every non-ASCII
character for case) and records its regions match by match. It reuses the
registry's per-character definitions (``_nfkc_char``, ``_strip_marks_char``) and
character lists, so what it checks is the bulk *application* of the folds."""

from __future__ import annotations

import re
from typing import Dict, List, Tuple

from mali_facts.text import normalize as N

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class RefMap:
    def __init__(self) -> None:
        self.os: List[int] = []
        self.oe: List[int] = []
        self.is_: List[int] = []
        self.ie: List[int] = []

    def regions(self):
        return list(zip(self.os, self.oe, self.is_, self.ie))


def _generic(text, pattern, replace, edits=None):
    smap = RefMap()
    parts, pos, olen = [], 0, 0
    for a, b, rep in (edits or _plain_edits)(text, pattern, replace):
        if a > pos:
            parts.append(text[pos:a])
            olen += a - pos
        smap.os.append(olen)
        olen += len(rep)
        smap.oe.append(olen)
        smap.is_.append(a)
        smap.ie.append(b)
        parts.append(rep)
        pos = b
    if not smap.os:
        return text, smap
    parts.append(text[pos:])
    return "".join(parts), smap


def _plain_edits(text, pattern, replace):
    for m in pattern.finditer(text):
        rep = replace(m)
        if rep != m.group():
            yield m.start(), m.end(), rep


def _per_char(text, fn, pattern=None, replace=None):
    """Translate each non-ASCII character by ``fn``, one by one."""
    out = []
    multi = set()
    for c in text:
        r = fn(c) if not c.isascii() else c
        if len(r) == 1:
            out.append(r)
        else:
            out.append(c)
            multi.add(c)
    text = "".join(out)
    if multi:
        pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(multi)) + "]")
        replace = lambda m: fn(m.group())  # noqa: E731
    if pattern is None:
        return text, RefMap()
    return _generic(text, pattern, replace)


def _spaced(text, sides: Dict[str, str], rep: str, only_if_spaced=False, max_run=1):
    core = re.compile("[" + "".join(re.escape(c) for c in sides) + "]")

    def edits(text, pattern, replace):
        n = len(text)
        pos = 0
        for m in pattern.finditer(text):
            a, b = m.span()
            if a < pos:
                continue
            c = m.group()
            if max_run > 1:
                run = b
                while run < n and text[run] == c:
                    run += 1
                if run - a > max_run:
                    pos = run
                    continue
                b = run
            if "l" in sides[c]:
                while a > pos and text[a - 1].isspace():
                    a -= 1
            if "r" in sides[c]:
                while b < n and text[b].isspace():
                    b += 1
            if b - a == 1 and (only_if_spaced or text[a] == rep):
                continue
            pos = b
            yield a, b, rep

    return _generic(text, core, None, edits)


def _table(text, chars, value):
    return "".join(value if c in chars else c for c in text)


def unicode_compat(text):
    return _per_char(text, N._nfkc_char)


def accents(text):
    text, _ = _per_char(text, N._strip_marks_char)
    return _generic(text, N._LOOSE_DIACRITICS, lambda m: "")


def invisible(text):
    return _generic(text, re.compile("[" + N._INVISIBLE + "]+"), lambda m: "")


def quotes(text):
    text = _table(_table(text, N._SINGLE_QUOTES, "'"), N._DOUBLE_QUOTES, '"')
    return _spaced(text, {"\u00ab": "r", "\u2039": "r", "\u00bb": "l", "\u203a": "l"}, '"')


def dashes(text):
    return _spaced(_table(text, N._DASHES, "-"), {"-": "lr"}, "-", only_if_spaced=True, max_run=3)


def whitespace(text):
    text = _table(text, N._WS_CHARS, " ")
    return _generic(text, re.compile(" {2,}"), lambda m: " ")


def case(text):
    out = text.casefold()
    smap = RefMap()
    extra = 0
    for m in _NON_ASCII.finditer(text):
        a = m.start()
        n = len(m.group().casefold())
        if n != 1:
            smap.os.append(a + extra)
            smap.oe.append(a + extra + n)
            smap.is_.append(a)
            smap.ie.append(a + 1)
            extra += n - 1
    return out, smap


STEPS = {"unicode_compat": unicode_compat, "accents": accents, "invisible": invisible,
         "quotes": quotes, "dashes": dashes, "whitespace": whitespace, "case": case}


def fold(text: str, steps=tuple(STEPS)) -> Tuple[str, List[RefMap]]:
    """The folded text and the maps of the steps that changed a length."""
    maps = []
    for name in STEPS:
        if name in steps:
            text, smap = STEPS[name](text)
            if smap.os:
                maps.append(smap)
    return text, maps


def to_original(maps, i: int, j: int) -> Tuple[int, int]:
    """The reference's answer for the folded span ``[i, j)``, by walking each map's
    regions one by one."""
    def back(smap, x, end):
        for os_, oe, is_, ie in reversed(smap.regions()):
            if (os_ < x if end else os_ <= x):
                if (x <= oe if end else x < oe):
                    return ie if end else is_
                return x - oe + ie
        return x

    if i == j:
        for smap in reversed(maps):
            i = back(smap, i, False)
        return i, i
    for smap in reversed(maps):
        i, j = back(smap, i, False), back(smap, j, True)
    return i, j
