"""Named cosmetic folds with an offset map back to the original text.

Each fold is a small pure function registered in :data:`STEPS` in a fixed order.
Every fold is a *local* replacement (a regex whose matches are replaced), so the
positions can be tracked: a :class:`StepMap` records the changed regions of one
step, and :class:`Folded` maps a span of the folded text back to the original
through the chain of steps.  Offsets are Unicode code points.

>>> f = fold("Col. Assimi Go\\u00efta \\u2013 \\u201cthe\\u00a0junta\\u201d")
>>> f.text
'col. assimi goita-"the junta"'
>>> f.original[slice(*f.to_original(12, 17))]
'Goïta'
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from operator import add, eq
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple, Union

__all__ = [
    "STEPS",
    "ALL",
    "Step",
    "StepMap",
    "Folded",
    "fold",
    "fold_and_explain",
    "fold_text",
    "unicode_compat",
    "accents",
    "invisible",
    "quotes",
    "dashes",
    "whitespace",
    "case",
]

_NON_ASCII = re.compile(r"[^\x00-\x7f]")

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033"
_GUILLEMETS = "\u00ab\u00bb\u2039\u203a"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Bidirectional controls: they steer the display order, never the words.
_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
_INVISIBLE += _BIDI
# Combining marks that are diacritics (Latin, Greek, Cyrillic): the blocks of
# combining diacritical marks, without the overlays U+0334-U+0338, which negate
# a symbol (= with U+0338 is ≠, ∈ with U+0338 is ∉). `accents` strips them only
# after a letter.
_DIACRITICS = "".join(
    chr(c) for lo, hi in ((0x0300, 0x0333), (0x0339, 0x036F), (0x1AB0, 0x1AFF),
                          (0x1DC0, 0x1DFF), (0xFE20, 0xFE2F))
    for c in range(lo, hi + 1) if unicodedata.category(chr(c)) == "Mn")
# Compatibility decompositions that carry a number's meaning: 10⁶ is not 106,
# ④① is not 41 and ¼ is not 14. `unicode_compat` keeps these characters.
_NUMERIC_FORMS = ("<super>", "<sub>", "<circle>", "<fraction>")
# Characters owned by a later, more specific step: `unicode_compat` leaves them
# alone so that each step stays independent (NFKC would turn ″ into ′′).
_RESERVED = set(_SINGLE_QUOTES + _DOUBLE_QUOTES + _GUILLEMETS + _DASHES + _INVISIBLE)


class StepMap:
    """The changed regions of one fold step.

    Each region says that output ``[os, oe)`` replaced input ``[is_, ie)``;
    text between regions is copied unchanged. The regions are sparse
    breakpoints: a step that changes characters one for one records none.
    """

    __slots__ = ("os", "oe", "is_", "ie")

    def __init__(self) -> None:
        self.os: List[int] = []
        self.oe: List[int] = []
        self.is_: List[int] = []
        self.ie: List[int] = []

    def back_start(self, i: int) -> int:
        """Map an inclusive output start to an input start."""
        k = bisect_right(self.os, i) - 1
        if k < 0:
            return i
        if i < self.oe[k]:
            return self.is_[k]
        return i - self.oe[k] + self.ie[k]

    def back_end(self, j: int) -> int:
        """Map an exclusive output end to an input end."""
        k = bisect_left(self.os, j) - 1
        if k < 0:
            return j
        if j <= self.oe[k]:
            return self.ie[k]
        return j - self.oe[k] + self.ie[k]


_ASCII_BYTES = bytes(range(128))
_NO_CHARS: FrozenSet[str] = frozenset()


def _non_ascii(text: str) -> FrozenSet[str]:
    """The distinct non-ASCII characters of ``text``, found at C speed: the UTF-8
    bytes without the ASCII ones are exactly the non-ASCII characters' bytes.

    >>> sorted(_non_ascii("Go\u00efta \u2013 \u00efx")), _non_ascii("ascii")
    (['ï', '–'], frozenset())
    """
    if text.isascii():
        return _NO_CHARS
    data = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return frozenset(data.decode("utf-8", "surrogatepass"))


@lru_cache(maxsize=64)
def _char_class(chars: FrozenSet[str]) -> "re.Pattern[str]":
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


@lru_cache(maxsize=64)
def _splitter(pattern: "re.Pattern[str]") -> "re.Pattern[str]":
    """``pattern`` as one capturing group, for ``split`` to return what it matched."""
    return re.compile("(" + pattern.pattern + ")", pattern.flags)


def _split_splice(text: str, splitter: "re.Pattern[str]", replace: Any,
                  smap: StepMap) -> Optional[Tuple[str, List[str]]]:
    """Replace every match of ``splitter`` by ``replace`` (a string, or a function of
    the matched text) and record the regions, with no Python code per character
    and little per match: ``split`` cuts the text, the region ends are running sums
    of the parts' lengths. None when a match is empty or replaced by itself (then
    it is no change: the caller goes match by match). Returns the text and the
    replacements made."""
    parts = splitter.split(text)
    if len(parts) == 1:
        return text, []
    seps = parts[1::2]
    if isinstance(replace, str):
        if replace in seps or not all(seps):
            return None
        reps = [replace] * len(seps)
    else:
        reps = list(map(replace, seps))
        if not all(seps) or any(map(eq, reps, seps)):
            return None
    ends = list(accumulate(map(len, parts), initial=0))
    smap.is_, smap.ie = ends[1:-1:2], ends[2::2]
    parts[1::2] = reps
    ends = list(accumulate(map(len, parts), initial=0))
    smap.os, smap.oe = ends[1:-1:2], ends[2::2]
    return "".join(parts), reps


class Step:
    """A named fold, applied in bulk to the whole text in two passes, so that only
    real changes cost time and no Python code runs per character.

    1. a 1:1 character translation (``table``, or built per text from
       ``char_fn`` for the distinct non-ASCII characters of the text): one
       ``str.replace`` over the whole text per character that occurs (C speed);
       1:1 changes need no offset regions;
    2. a regex pass: ``pattern`` matches (or, with ``char_fn``, the characters
       whose replacement has another length) are replaced by ``replace`` (a
       string, or a function of the match) and recorded as regions. It is
       skipped unless one of ``triggers`` occurs.

    Which characters occur is known from the set of distinct non-ASCII characters,
    computed once per text (:func:`_non_ascii`) and carried from step to step (a
    superset after each step: a character the set names but the text lacks costs
    one search, never a different result).
    """

    def __init__(self, name: str, *, table: Optional[Dict[int, str]] = None,
                 pattern: "Optional[re.Pattern[str]]" = None,
                 replace: "Optional[Union[str, Callable[[re.Match[str]], str]]]" = None,
                 char_fn: Optional[Callable[[str], str]] = None,
                 triggers: Iterable[str] = "") -> None:
        self.name = name
        # the regex pass is skipped unless one of these strings occurs
        self.triggers = tuple(triggers)
        self.table = table
        self.pattern = pattern
        self.replace = replace
        self.char_fn = char_fn
        # the fixed table split by where its keys are looked up: non-ASCII keys in
        # the set of characters, ASCII ones in the text itself
        table = table or {}
        self._wide = {chr(k): v for k, v in table.items() if k > 127}
        self._wide_keys = frozenset(self._wide)
        self._narrow = [(chr(k), v) for k, v in table.items() if k <= 127]
        self._wide_triggers = frozenset(t for t in self.triggers if len(t) == 1 and not t.isascii())
        # a step whose changes are its pattern's matches, each replaced by a constant,
        # makes them all at C speed (see _split_splice)
        self._split = pattern if type(self)._edits is Step._edits and pattern is not None else None
        self._narrow_triggers = tuple(t for t in self.triggers if t not in self._wide_triggers)
        #: every change the step makes needs a non-ASCII character (its table's keys,
        #: ``char_fn``'s characters, its triggers): on ASCII text it is skipped
        self.wide_only = type(self)._run is Step._run and not self._narrow and (
            pattern is None or bool(self.triggers) and not any(t.isascii() for t in self.triggers))

    def _plan(self, chars: FrozenSet[str]):
        """The replacements for a text of these non-ASCII characters: ``(pairs,
        pattern, replace, own)``, where ``pairs`` are the 1:1 replacements and
        ``own`` says the pattern is the step's own (its triggers apply)."""
        if self.char_fn is not None and chars:
            fn = self.char_fn
            pairs = []
            multi = []
            for c in chars:
                r = fn(c)
                if r == c:
                    continue
                if len(r) == 1:
                    pairs.append((c, r))
                else:
                    multi.append(c)
            if multi:
                return pairs, _char_class(frozenset(multi)), fn, False
            return pairs, self.pattern, self.replace, True
        pairs = [(c, self._wide[c]) for c in chars & self._wide_keys] if chars else []
        return pairs, self.pattern, self.replace, True

    def _triggered(self, text: str, chars: FrozenSet[str]) -> bool:
        if not self.triggers:
            return True
        return bool(chars & self._wide_triggers) or any(t in text for t in self._narrow_triggers)

    def _translate(self, text: str, chars: FrozenSet[str],
                   pairs: Sequence[Tuple[str, str]]) -> Tuple[str, FrozenSet[str]]:
        """The 1:1 pass: the planned ``pairs`` and the ASCII keys of the table."""
        if pairs:
            # each replacement's result is no key (NFKC, stripped letters and the
            # fixed tables map to characters they leave alone): any order is one
            for c, r in pairs:
                text = text.replace(c, r)
            chars = (chars - {c for c, _ in pairs}) | {r for _, r in pairs if not r.isascii()}
        for c, r in self._narrow:
            if c in text:
                text = text.replace(c, r)
                if not r.isascii():  # pragma: no cover - no fold maps ASCII to non-ASCII
                    chars = chars | {r}
        return text, chars

    def _run(self, text: str, chars: FrozenSet[str]) -> Tuple[str, StepMap, FrozenSet[str]]:
        """The step applied to ``text`` whose non-ASCII characters are (at most)
        ``chars``: the text, its regions and the characters after the step."""
        smap = StepMap()
        pairs, pattern, replace, own = self._plan(chars)
        text, chars = self._translate(text, chars, pairs)
        if pattern is None or replace is None:
            return text, smap, chars
        if own and not self._triggered(text, chars):
            return text, smap, chars
        done = None
        if not own or (self._split is not None and isinstance(replace, str)):
            done = _split_splice(text, _splitter(pattern), replace, smap)
        if done is None:
            if not own:  # a function of the matched text
                fn = replace
                replace = lambda m: fn(m.group())  # noqa: E731
            edits = self._edits(text, pattern, replace)
            done = self._splice(text, edits, smap), [rep for _, _, rep in edits]
        text, reps = done
        if reps:
            new = "".join(set(reps))
            if not new.isascii():
                chars = chars | _non_ascii(new)
        return text, smap, chars

    @staticmethod
    def _splice(text: str, edits: Sequence[Tuple[int, int, str]], smap: StepMap) -> str:
        """``text`` with the edits ``(start, end, replacement)`` (in order, not
        overlapping) made, each recorded as a region of ``smap``."""
        if not edits:
            return text
        parts: List[str] = []
        pos = 0
        olen = 0
        os_, oe, is_, ie = smap.os, smap.oe, smap.is_, smap.ie
        for a, b, rep in edits:
            if a > pos:
                parts.append(text[pos:a])
                olen += a - pos
            os_.append(olen)
            olen += len(rep)
            oe.append(olen)
            is_.append(a)
            ie.append(b)
            parts.append(rep)
            pos = b
        parts.append(text[pos:])
        return "".join(parts)

    def _edits(self, text, pattern, replace) -> List[Tuple[int, int, str]]:
        """``(start, end, replacement)`` for every real change, match by match."""
        out = []
        for m in pattern.finditer(text):
            rep = replace if isinstance(replace, str) else replace(m)
            if rep != m.group():
                out.append((m.start(), m.end(), rep))
        return out

    def apply(self, text: str) -> Tuple[str, StepMap]:
        """The folded text and its regions."""
        text, smap, _ = self._run(text, _non_ascii(text))
        return text, smap

    def __call__(self, text: str) -> str:
        return self.apply(text)[0]

    def __repr__(self) -> str:
        return f"Step({self.name!r})"


# --- the folds -------------------------------------------------------------


@lru_cache(maxsize=4096)
def _nfkc_char(c: str) -> str:
    """NFKC of one character, unless that could change a number.

    Superscripts, subscripts, circled and fraction forms, other numeric
    characters (category No, Nl: ⒈, Ⅻ) and anything else whose compatibility
    form would hold a digit it did not hold before stay as they are.

    >>> [_nfkc_char(c) for c in "\ufb01\uff11\u00b2\u2074\u2463\u00bc\u2082\u2488\u2160"]
    ['fi', '1', '²', '⁴', '④', '¼', '₂', '⒈', 'Ⅰ']
    """
    if c in _RESERVED or unicodedata.is_normalized("NFKC", c):
        return c
    if unicodedata.category(c) in ("No", "Nl"):
        return c
    if unicodedata.decomposition(c).startswith(_NUMERIC_FORMS):
        return c
    r = unicodedata.normalize("NFKC", c)
    if r != c and any(x.isdigit() for x in r) and not c.isdigit():
        return c
    return r


@lru_cache(maxsize=4096)
def _strip_marks_char(c: str) -> str:
    """A precomposed letter without its diacritics; anything else unchanged.

    Only a letter loses marks, and only diacritics: ≠ (= with U+0338) and ∉
    stay, and so does a character that would not stay one character.

    >>> [_strip_marks_char(c) for c in "\u00e9\u01d6\u2260\u2209\u0301\ud55c"]
    ['e', 'u', '≠', '∉', '\u0301', '한']
    """
    d = unicodedata.normalize("NFD", c)
    if len(d) < 2 or not unicodedata.category(d[0]).startswith("L"):
        return c
    kept = unicodedata.normalize("NFC", "".join(x for x in d if x not in _DIACRITICS_SET))
    return kept if len(kept) == 1 else c


@lru_cache(maxsize=4096)
def _casefold_char(c: str) -> str:
    return c.casefold()


class _CaseStep(Step):
    """Case folding: a whole-string ``casefold`` plus regions for the few
    characters that expand (ß → ss); casefold never deletes a character and is
    context-free, so equal length means a 1:1 fold. The expanding characters are
    found with a regex made of those that occur, never by a loop over the text."""

    def _run(self, text: str, chars: FrozenSet[str]) -> Tuple[str, StepMap, FrozenSet[str]]:
        out = text.casefold()
        smap = StepMap()
        if chars:
            chars = _casefold_chars(chars)
        if len(out) == len(text):
            return out, smap, chars
        wide = _expanding(_non_ascii(text))
        extra = 0
        for m in _char_class(wide).finditer(text):
            a = m.start()
            n = len(_casefold_char(m.group()))
            smap.os.append(a + extra)
            smap.oe.append(a + extra + n)
            smap.is_.append(a)
            smap.ie.append(a + 1)
            extra += n - 1
        return out, smap, chars


@lru_cache(maxsize=256)
def _casefold_chars(chars: FrozenSet[str]) -> FrozenSet[str]:
    """The non-ASCII characters of the case folds of ``chars``."""
    return frozenset(x for c in chars for x in _casefold_char(c) if not x.isascii())


@lru_cache(maxsize=256)
def _expanding(chars: FrozenSet[str]) -> FrozenSet[str]:
    """Those of ``chars`` whose case fold is not one character (ß → ss)."""
    return frozenset(c for c in chars if len(_casefold_char(c)) != 1)


class _SpacedStep(Step):
    """Replace a core character and the whitespace next to it.

    ``sides`` maps each core character to the sides (``"l"``, ``"r"``) whose
    whitespace it absorbs.  Scanning for the literal core character first is
    much faster than a regex that starts with ``\\s*``.
    """

    def __init__(self, name: str, *, sides: Dict[str, str], rep: str,
                 table: Optional[Dict[int, str]] = None, only_if_spaced: bool = False,
                 max_run: int = 1) -> None:
        core = re.compile("[" + "".join(re.escape(c) for c in sides) + "]")
        super().__init__(name, table=table, pattern=core, replace=lambda m: rep,
                         triggers="".join(sides))
        self.sides = sides
        self.rep = rep
        self.only_if_spaced = only_if_spaced
        # a run of up to this many of the same core character is one (``--`` typed
        # for a dash); a longer run is left alone
        self.max_run = max_run

    def _hits(self, text: str, pattern) -> Iterable[int]:
        """Where a core character may make a change: every occurrence, but with a
        single core character that only counts when spaced (dashes), not one with
        no white space and no core character on either side (``U.S.-trained``):
        such a one changes nothing and moves nothing (see :meth:`_edits`). Found
        with ``str.find`` (C speed), not a regex, and sifted per occurrence."""
        if not (self.only_if_spaced and len(self.sides) == 1):
            return [m.start() for m in pattern.finditer(text)]
        core = next(iter(self.sides))
        find = text.find
        last = len(text) - 1
        out = []
        i = find(core)
        while i != -1:
            if ((i > 0 and (text[i - 1] == core or text[i - 1].isspace()))
                    or (i < last and (text[i + 1] == core or text[i + 1].isspace()))):
                out.append(i)
            i = find(core, i + 1)
        return out

    def _edits(self, text, pattern, replace):
        n = len(text)
        pos = 0
        out = []
        for a in self._hits(text, pattern):
            b = a + 1  # (the pattern is one character)
            if a < pos:  # inside the run or the white space already replaced
                continue
            core = text[a]
            if self.max_run > 1:
                run = b
                while run < n and text[run] == core:
                    run += 1
                if run - a > self.max_run:
                    pos = run
                    continue
                b = run
            side = self.sides[core]
            if "l" in side:
                while a > pos and text[a - 1].isspace():
                    a -= 1
            if "r" in side:
                while b < n and text[b].isspace():
                    b += 1
            if b - a == 1 and (self.only_if_spaced or text[a] == self.rep):
                continue
            pos = b
            out.append((a, b, self.rep))
        return out


class _SpacesStep(Step):
    """White space: the 1:1 table (every white space character becomes a space),
    then each run of two or more spaces becomes one. The runs are found by
    ``str.split`` on two spaces (C speed: one pass, one part per run), not by a
    regex scan of the whole text.

    >>> text, smap = STEPS["whitespace"].apply("a  b   c    d\\n\\n")
    >>> text, list(zip(smap.os, smap.oe, smap.is_, smap.ie))
    ('a b c d ', [(1, 2, 1, 3), (3, 4, 4, 7), (5, 6, 8, 12), (7, 8, 13, 15)])
    """

    def _run(self, text: str, chars: FrozenSet[str]) -> Tuple[str, StepMap, FrozenSet[str]]:
        smap = StepMap()
        text, chars = self._translate(text, chars, self._plan(chars)[0])
        return _collapse_spaces(text, smap), smap, chars


def _collapse_spaces(text: str, smap: StepMap) -> str:
    """``text`` with each run of two or more spaces made one, each run a region of
    ``smap``. ``text.split("  ")`` cuts a run of n spaces into n // 2 separators:
    the parts between them are empty, and the part after holds the odd space."""
    parts = text.split("  ")
    n = len(parts)
    if n == 1:
        return text
    if "   " not in text:
        # every run is two spaces (no part is empty but the first and the last, none
        # starts with a space): run k starts after parts 0..k and k runs before it
        ends = list(accumulate(map(len, parts)))
        del ends[-1]
        smap.is_ = list(map(add, ends, range(0, 2 * n - 2, 2)))
        smap.ie = list(map(add, ends, range(2, 2 * n, 2)))
        smap.os = list(map(add, ends, range(n - 1)))
        smap.oe = list(map(add, ends, range(1, n)))
        return " ".join(parts)
    out = [parts[0]]
    os_, oe, is_, ie = smap.os, smap.oe, smap.is_, smap.ie
    ipos = opos = len(parts[0])  # where the run starts, in the input and the output
    k = 1
    while k < n:
        end = ipos + 2
        part = parts[k]
        while not part and k + 1 < n:  # the run goes on
            end += 2
            k += 1
            part = parts[k]
        if part[:1] == " ":  # an odd run
            end += 1
            part = part[1:]
        os_.append(opos)
        oe.append(opos + 1)
        is_.append(ipos)
        ie.append(end)
        out.append(part)
        ipos = end + len(part)
        opos += 1 + len(part)
        k += 1
    return " ".join(out)


_DIACRITICS_SET = frozenset(_DIACRITICS)
# A run of separate diacritics after a letter (decomposed text: e + U+0301).
_LOOSE_DIACRITICS = re.compile("(?<=[^\\W\\d_])[" + _DIACRITICS + "]+")

# Every character but the space that str.isspace() calls whitespace (none is above
# U+3000), written out rather than found at each start-up by testing 12,289 characters;
# tests/text/test_normalize_tables.py checks it against str.isspace().
_WS_CHARS = list("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                 "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")

_STEP_LIST = [
    Step("unicode_compat", char_fn=_nfkc_char),
    Step("accents", char_fn=_strip_marks_char, pattern=_LOOSE_DIACRITICS,
         replace="", triggers=_DIACRITICS),
    Step("invisible", pattern=re.compile("[" + _INVISIBLE + "]+"), replace="",
         triggers=_INVISIBLE),
    _SpacedStep("quotes",
                table={**{ord(c): "'" for c in _SINGLE_QUOTES},
                       **{ord(c): '"' for c in _DOUBLE_QUOTES}},
                sides={"\u00ab": "r", "\u2039": "r", "\u00bb": "l", "\u203a": "l"}, rep='"'),
    _SpacedStep("dashes", table={ord(c): "-" for c in _DASHES}, sides={"-": "lr"}, rep="-",
                only_if_spaced=True, max_run=3),
    _SpacesStep("whitespace", table={ord(c): " " for c in _WS_CHARS},
         pattern=re.compile("  +"), replace=" ", triggers=("  ",)),
    _CaseStep("case"),
]

#: The registry of folds, in the order they are applied.
STEPS: Dict[str, Step] = {s.name: s for s in _STEP_LIST}
#: All fold names in registry order.
ALL: Tuple[str, ...] = tuple(STEPS)


def unicode_compat(text: str) -> str:
    """NFKC compatibility forms, per character (quotes and dashes excepted),
    never one that changes a number: 10⁶ stays 10⁶, not 106.

    >>> unicode_compat("\\ufb01nance \\uff21\\uff22 wait\\u2026 a\\u00a0b")
    'finance AB wait... a b'
    >>> unicode_compat("10\\u2076 \\u2463\\u2460 \\u00bd H\\u2082O \\uff11\\uff12")
    '10⁶ ④① ½ H₂O 12'
    """
    return STEPS["unicode_compat"](text)


def accents(text: str) -> str:
    """Strip the diacritics of letters; marks on symbols stay (≠ is not =).

    >>> accents("Go\\u00efta, Comit\\u00e9, Come\\u0301")
    'Goita, Comite, Come'
    >>> accents("x \\u2260 y, a \\u2209 B, a =\\u0338 b")
    'x ≠ y, a ∉ B, a =\u0338 b'
    """
    return STEPS["accents"](text)


def invisible(text: str) -> str:
    """Delete soft hyphens, zero-width characters and bidirectional controls.

    >>> invisible("coun\\u00adter\\u200bterrorism\\ufeff")
    'counterterrorism'
    >>> invisible("the junta\\u200e said \\u2067x\\u2069\\u061c")
    'the junta said x'
    """
    return STEPS["invisible"](text)


def quotes(text: str) -> str:
    """Straighten curly, low and prime quotes; guillemets (and inner spaces) become ``"``.

    >>> quotes("\\u2018Mali\\u2019s\\u2019 \\u201cjunta\\u201d")
    '\\'Mali\\'s\\' "junta"'
    >>> quotes("\\u00ab Comit\\u00e9 national \\u00bb")
    '"Comité national"'
    """
    return STEPS["quotes"](text)


def dashes(text: str) -> str:
    """Unify dashes to ``-`` and remove the whitespace around a dash; two or three
    hyphens typed for a dash are one dash (four or more, a rule, are left alone).

    >>> dashes("Tuaregs \\u2013 a"), dashes("Tuaregs\\u2014a"), dashes("Tuaregs - a")
    ('Tuaregs-a', 'Tuaregs-a', 'Tuaregs-a')
    >>> dashes("Tuaregs--a"), dashes("Tuaregs -- a"), dashes("Tuaregs---a"), dashes("a ---- b")
    ('Tuaregs-a', 'Tuaregs-a', 'Tuaregs-a', 'a ---- b')
    >>> dashes("U.S.-provided 11-12")
    'U.S.-provided 11-12'
    """
    return STEPS["dashes"](text)


def whitespace(text: str) -> str:
    """Collapse any run of whitespace (line breaks, tabs, NBSP) to one space.

    >>> whitespace("a \\n\\t b\\u00a0c")
    'a b c'
    """
    return STEPS["whitespace"](text)


def case(text: str) -> str:
    """Case-fold.

    >>> case("Stra\\u00dfe MALI")
    'strasse mali'
    """
    return STEPS["case"](text)


# --- folding with an offset map ---------------------------------------------


class Folded:
    """The result of :func:`fold`: ``text`` (folded), ``original`` and the maps."""

    __slots__ = ("text", "original", "steps", "_maps")

    def __init__(self, text: str, original: str, steps: Tuple[str, ...],
                 maps: Sequence[StepMap]) -> None:
        self.text = text
        self.original = original
        self.steps = steps
        self._maps = tuple(maps)

    def to_original(self, i: int, j: int) -> Tuple[int, int]:
        """Map the folded span ``[i, j)`` to ``(start, end)`` in the original.

        >>> f = fold("Stra\\u00dfe\\n\\n  x")
        >>> f.text, f.to_original(4, 6), f.to_original(7, 9)
        ('strasse x', (4, 5), (6, 11))
        """
        if not 0 <= i <= j <= len(self.text):
            raise ValueError(f"span [{i}, {j}) outside the folded text")
        if i == j:
            for smap in reversed(self._maps):
                i = smap.back_start(i)
            return i, i
        for smap in reversed(self._maps):
            i, j = smap.back_start(i), smap.back_end(j)
        return i, j

    def __repr__(self) -> str:
        return f"Folded({self.text[:40]!r}..., steps={self.steps})"


def _check_steps(steps: Iterable[str]) -> Tuple[str, ...]:
    """The named steps in registry order; ValueError for an unknown name."""
    return _ordered_steps(steps if isinstance(steps, tuple) else tuple(steps))


@lru_cache(maxsize=256)
def _ordered_steps(steps: Tuple[str, ...]) -> Tuple[str, ...]:
    # callers name the same few subsets over and over (the statement check folds
    # each word): remembered, as the answer depends on the names alone
    wanted = set(steps)
    unknown = wanted - set(STEPS)
    if unknown:
        raise ValueError(f"unknown fold step(s): {sorted(unknown)}")
    return tuple(name for name in ALL if name in wanted)


def _run_steps(text: str, steps: Tuple[str, ...], maps: Optional[List[StepMap]] = None) -> str:
    """``text`` through the named steps (registry order), each applied in bulk; the
    set of non-ASCII characters is found once and carried from step to step."""
    chars = _non_ascii(text)
    for name in steps:
        step = STEPS[name]
        if not chars and step.wide_only:
            continue  # ASCII text: nothing for it to do
        text, smap, chars = step._run(text, chars)
        if maps is not None and smap.os:
            maps.append(smap)
    return text


def _prefixes(text: str) -> List[str]:
    """``text`` after each prefix of the registry: ``[text, after ALL[:1], ...,
    after ALL]`` (each step applied once)."""
    out = [text]
    chars = _non_ascii(text)
    for name in ALL:
        step = STEPS[name]
        if not (not chars and step.wide_only):
            text, _, chars = step._run(text, chars)
        out.append(text)
    return out


@lru_cache(maxsize=16)
def _fold_cached(text: str, steps: Tuple[str, ...]) -> Folded:
    maps: List[StepMap] = []
    return Folded(_run_steps(text, steps, maps), text, steps, maps)


def fold(text: str, steps: Iterable[str] = ALL) -> Folded:
    """Apply the named folds (always in registry order) and keep the offset map.

    >>> fold("Ti\\u00e9 \\u2019X\\u2019", steps=["quotes"]).text
    "Tié 'X'"
    """
    return _fold_cached(text, _check_steps(steps))


#: Strings up to this long are folded once and remembered (words, quotes and the
#: context around them are folded again and again: ``classify`` folds every token).
SHORT_FOLD = 200


def _fold_steps(text: str, steps: Tuple[str, ...]) -> str:
    return _run_steps(text, steps)


_fold_short = lru_cache(maxsize=1 << 15)(_fold_steps)


def _fold_text(text: str, steps: Tuple[str, ...]) -> str:
    if len(text) <= SHORT_FOLD:
        return _fold_short(text, steps)
    return _fold_steps(text, steps)


def fold_text(text: str, steps: Iterable[str] = ALL) -> str:
    """Just the folded string, without an offset map (use it for many small strings
    so they do not evict big texts from the :func:`fold` cache; the short ones are
    remembered in a cache of their own).

    >>> fold_text("  \u00abComit\u00e9\u00a0\u00bb ")
    ' "comite" '
    """
    return _fold_text(text, _check_steps(steps))


def fold_and_explain(quote: str, source: str) -> Optional[Tuple[str, ...]]:
    """The folds needed to make ``quote`` equal ``source`` (minimal, registry order).

    Returns ``()`` when they are equal verbatim and ``None`` when even all folds
    do not make them equal.  Starting from all folds, each fold is dropped in
    reverse registry order if the two strings still fold alike without it, so
    the earlier, more specific fold is credited when two could explain a
    difference (``case`` also expands ligatures, but ``unicode_compat`` is
    reported).  The result is irredundant: removing any reported fold breaks
    the equality.

    >>> fold_and_explain("Mali's", "Mali\\u2019s")
    ('quotes',)
    >>> fold_and_explain("the\\ncoup", "the coup")
    ('whitespace',)
    >>> fold_and_explain("The Coup", "the coup")
    ('case',)
    >>> fold_and_explain("\ufb01nance", "finance")
    ('unicode_compat',)
    >>> fold_and_explain("x", "y") is None
    True
    """
    if quote == source:
        return ()
    if _fold_text(quote, ALL) != _fold_text(source, ALL):
        return None
    # Dropping steps from the last: when step k is tried, every step before it is
    # still needed, so a trial is the text after ALL[:k] (computed once, ``_prefixes``)
    # through the needed steps after k; a step that changes neither string there
    # can go without a trial (the needed steps make them equal, and it is a no-op).
    qs, ss = _prefixes(quote), _prefixes(source)
    needed = list(ALL)
    for k in reversed(range(len(ALL))):
        name = ALL[k]
        if qs[k + 1] == qs[k] and ss[k + 1] == ss[k]:
            needed.remove(name)
            continue
        later = tuple(needed[needed.index(name) + 1:])
        if (_run_steps(qs[k], later) == _run_steps(ss[k], later) if later
                else qs[k] == ss[k]):
            needed.remove(name)
    return tuple(needed)
