"""Does a claim's statement say more than its quotes? Numbers, dates, months,
weekdays and proper names in the statement must appear in at least one of its quotes.

A careful editor's rules:

- a number is compared by its value, however it is written: ``6`` and ``six``,
  ``310000`` and ``310,000``, ``4.2 million`` and ``4,200,000``;
- a date is supported by a quote's date with the same month and, when the
  statement gives them, the same day and year (``February 3`` is not supported
  by ``January 3``); a month or weekday on its own needs the same month or weekday;
- a capitalised word is a name, except an ordinary word that is capitalised only
  because it starts a sentence (one the statement, its quotes or its sources write
  in lower case, or a common function word) and is not a word of one of the
  ledger's entities;
- a name is supported by its quotes, by another spelling of the same entity, by a
  standard abbreviation (``Capt.``/``Captain``), or by the title, publisher or
  authors of the sources the claim cites ("The Ledger reported …").

Text is compared after the text engine's folds (:data:`STEPS`), so a quote that
verifies after folding supports what it says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Iterable, List, Optional, Sequence, Tuple

from mali_facts.text.normalize import ALL, fold_text

#: The folds a statement's details and its quotes are compared under: every fold
#: `check` forgives in a quote, so a quote that verifies supports what it says.
STEPS = ALL
#: The same folds but case, for what capitals tell (names, ``May`` the month).
CASED_STEPS = tuple(s for s in ALL if s != "case")

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}
SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9,
          "trillion": 10**12, "bn": 10**9}
NUMBER_WORDS = {**UNITS, **ORDINALS, **{k: v for k, v in SCALES.items() if k != "bn"}}

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
MONTH_NUMBERS = {**{m: i for i, m in enumerate(MONTHS, 1)},
                 **{m[:3]: i for i, m in enumerate(MONTHS, 1) if m != "may"}, "sept": 9}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_NUMBERS = {**{d: i for i, d in enumerate(WEEKDAYS)}, **{d[:3]: i for i, d in enumerate(WEEKDAYS)}}

# Abbreviations a statement may use for a word a quote spells out.
ABBREVIATIONS = {
    "capt": ("captain",), "col": ("colonel",), "lt": ("lieutenant",), "gen": ("general",),
    "maj": ("major",), "sgt": ("sergeant",), "pres": ("president",), "dept": ("department",),
    "us": ("u.s.", "united states", "america", "american"),
    "u.s.": ("us", "united states", "america", "american"),
    "dod": ("pentagon", "department of defense"), "pm": ("prime minister",),
}
# Words that end with a full stop without ending the sentence.
_TITLES = {"mr", "mrs", "ms", "dr", "st", "prof", "sen", "rep", "gov", "no", "vs", "jr", "sr",
           *ABBREVIATIONS}
# Capitalised words that are not names wherever they stand.
NOT_NAMES = frozenset("""
a an the in on at of and or but nor for to by with from into onto upon about above across
after against along among around as before behind below beneath beside between beyond
during except inside near off out outside over since through throughout till toward towards
under until unlike up via within without according despite
he she it they we i you me him them his her its their our your my this that these those
who whom whose which what when where why how there here then thus so yet also even still
however although though because if unless while whereas once both each either neither every
all any some many most much more few several no not none only other another such same
later earlier today yesterday tomorrow now soon meanwhile instead afterwards eventually
is are was were be been has have had do does did will would can could should may might must
""".split())

_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_](?:[\w'’.-]*\w)?\.?")
_PLAIN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


@dataclass(frozen=True)
class Detail:
    """One checkable detail of a statement, as written (``text``), and what it means."""

    text: str
    kind: str                   # number | date | month | weekday | name
    value: object = None        # Decimal (number), (day, month, year) (date), int (month, weekday)


@dataclass
class _Token:
    text: str
    start: int
    end: int
    initial: bool               # starts a sentence


def fold(text: str) -> str:
    """``text`` folded by the text engine's :data:`STEPS`, for containment tests.

    >>> fold("Goïta’s  “junta” Sa\\u00adnogo")
    'goita\\'s "junta" sanogo'
    """
    return fold_text(text, STEPS)


def _case(word: str) -> str:
    return fold_text(word, ("case",))


def _tokens(text: str) -> List[_Token]:
    """Words and numbers, each knowing whether it starts a sentence.

    >>> [(t.text, t.initial) for t in _tokens("Capt. Sanogo led it in 2012. Troops left.")]
    [('Capt.', True), ('Sanogo', False), ('led', False), ('it', False), ('in', False), ('2012', False), ('Troops', True), ('left.', False)]
    """
    out: List[_Token] = []
    for m in _TOKEN.finditer(text):
        if not out:
            initial = True
        else:
            prev = out[-1].text
            gap = text[out[-1].end:m.start()]
            initial = (prev.endswith(".") and not _is_abbreviation(prev)
                       or re.search(r"[.!?:]", gap) is not None)
        out.append(_Token(m.group(), m.start(), m.end(), initial))
    return out


def _is_abbreviation(word: str) -> bool:
    """``Capt.``, ``U.S.``, ``Mr.``: a full stop that does not end a sentence."""
    if not word.endswith("."):
        return False
    bare = _case(word.rstrip("."))
    return bare in _TITLES or re.fullmatch(r"(?:[^\W\d_]\.)+", word) is not None


def _word(tok: _Token) -> str:
    return _case(tok.text.rstrip("."))


def _decimal(digits: str) -> Optional[Decimal]:
    if not _PLAIN_NUMBER.fullmatch(digits):
        # "1.2.3" or "3,00": digits all the same, compared as written
        digits = re.sub(r"\D", "", digits)
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the token is digits
        return None


def _numbers(toks: Sequence[_Token], text: str) -> List[Tuple[int, int, Decimal]]:
    """``(first token, last token + 1, value)`` of every number, in token order.

    >>> s = "6 and six, 310,000, 4.2 million, twenty-five and two hundred and ten"
    >>> [str(v) for _, _, v in _numbers(_tokens(s), s)]
    ['6', '6', '310000', '4200000.0', '25', '210']
    """
    out: List[Tuple[int, int, Decimal]] = []
    i = 0
    while i < len(toks):
        word = _word(toks[i])
        if word[0].isdigit():
            value = _decimal(word)
            j = i + 1
            if j < len(toks) and _word(toks[j]) in SCALES and value is not None:
                value *= SCALES[_word(toks[j])]
                j += 1
            if value is not None:
                out.append((i, j, value))
            i = j
            continue
        parts = word.split("-")
        if all(p in UNITS or p in SCALES or p in ORDINALS for p in parts) and word != "bn":
            j, total, current = i, 0, 0
            while j < len(toks):
                w = _word(toks[j])
                if (w == "and" and j > i and _word(toks[j - 1]) in SCALES and j + 1 < len(toks)
                        and _word(toks[j + 1]) in UNITS):  # "one hundred and twenty"
                    j += 1
                    continue
                ps = w.split("-")
                if not all(p in UNITS or p in SCALES or p in ORDINALS for p in ps) or w == "bn":
                    break
                for p in ps:
                    if p in UNITS or p in ORDINALS:
                        current += UNITS.get(p, ORDINALS.get(p, 0))
                    elif p == "hundred":
                        current = (current or 1) * 100
                    else:
                        total += (current or 1) * SCALES[p]
                        current = 0
                j += 1
                if any(p in ORDINALS for p in ps):
                    break
            out.append((i, j, Decimal(total + current)))
            i = j
            continue
        i += 1
    return out


def _month(tok: _Token, cased: bool = True) -> Optional[int]:
    """The month a token names; ``May`` only with its capital."""
    word = tok.text.rstrip(".")
    low = _case(word)
    if low not in MONTH_NUMBERS:
        return None
    if cased and not word[:1].isupper():
        return None
    if len(low) <= 4 and low not in MONTHS and not (tok.text.endswith(".") or word[:1].isupper()):
        return None
    return MONTH_NUMBERS[low]


def _weekday(tok: _Token) -> Optional[int]:
    word = tok.text.rstrip(".")
    if not word[:1].isupper():
        return None
    return WEEKDAY_NUMBERS.get(_case(word))


def _dates(toks: Sequence[_Token], text: str, numbers) -> List[Tuple[int, int, tuple]]:
    """``(first token, last token + 1, (day, month, year))`` of every date or month
    mention: ``22 March 2012``, ``March 22, 2012``, ``March 2012``, ``2012-03-22``, ``March``."""
    at = {i: (j, v) for i, j, v in numbers}
    out = []
    i = 0
    while i < len(toks):
        month = _month(toks[i])
        if month is None:
            i += 1
            continue
        first, last, day, year = i, i + 1, None, None

        def small(k):
            hit = at.get(k)
            return hit if hit and hit[1] == int(hit[1]) and 1 <= hit[1] <= 31 and hit[0] == k + 1 else None

        def a_year(k):
            hit = at.get(k)
            return hit if hit and hit[1] == int(hit[1]) and 1000 <= hit[1] <= 2999 and hit[0] == k + 1 else None

        before = out[-1][1] if out else 0
        if i - 1 >= before and small(i - 1) and toks[i - 1].text.isdigit():
            first, day = i - 1, int(at[i - 1][1])
        elif i - 2 >= before and _word(toks[i - 1]) == "of" and small(i - 2) and toks[i - 2].text[:1].isdigit():
            first, day = i - 2, int(at[i - 2][1])
        if day is None and small(last) and toks[last].text.isdigit() and not a_year(last):
            day = int(at[last][1])
            last += 1
        if a_year(last):
            year = int(at[last][1])
            last += 1
        if toks[i].text == "May" and toks[i].initial and day is None and year is None:
            i += 1
            continue  # "May we …": a verb
        out.append((first, last, (day, month, year)))
        i = last
    # ISO dates (2012-03-22) are three number tokens: found in the text, mapped to tokens
    for m in _ISO_DATE.finditer(text):
        y, mo, d = (int(g) for g in m.groups())
        if not 1 <= mo <= 12:
            continue
        ts = [k for k, t in enumerate(toks) if t.start >= m.start() and t.end <= m.end()]
        if ts:
            out.append((ts[0], ts[-1] + 1, (d, mo, y)))
    return sorted(out)


class _Quotes:
    """What the quotes of one claim say: folded text, number values, dates, weekdays."""

    def __init__(self, quotes: Iterable[str]) -> None:
        quotes = list(quotes)
        self.folded = " \n ".join(fold(q) for q in quotes)
        cased = [fold_text(q, CASED_STEPS) for q in quotes]
        self.cased = " \n ".join(cased)
        self.values: set = set()
        self.dates: List[tuple] = []
        self.weekdays: set = set()
        for text in cased:
            toks = _tokens(text)
            numbers = _numbers(toks, text)
            self.values.update(v for _, _, v in numbers)
            self.dates += [d for _, _, d in _dates(toks, text, numbers)]
            self.weekdays.update(w for w in map(_weekday, toks) if w is not None)

    def supports_date(self, date: tuple) -> bool:
        day, month, year = date
        for qd, qm, qy in self.dates:
            if qm != month or day is not None and qd != day:
                continue
            if year is None or qy == year or qy is None and Decimal(year) in self.values:
                return True
        return False


def details(statement: str) -> List[str]:
    """The checkable details of a statement: numbers, dates, months, weekdays and names.

    >>> details("Capt. Amadou Sanogo, who led the 2012 coup, had been through six US training missions.")
    ['Capt', 'Amadou', 'Sanogo', '2012', 'six', 'US']
    >>> details("On Monday, 22 March 2012, soldiers took 4.2 million CFA francs.")
    ['Monday', '22 March 2012', '4.2 million', 'CFA']
    """
    return [d.text for d in _details(statement)]


def _details(statement: str, common=lambda word: False, entity=lambda word: False) -> List[Detail]:
    toks = _tokens(statement)
    numbers = _numbers(toks, statement)
    dates = _dates(toks, statement, numbers)
    taken: dict = {}
    found: List[Tuple[int, Detail]] = []
    for i, j, value in dates:
        text = statement[toks[i].start:toks[j - 1].end].rstrip(".")
        day, month, year = value
        kind = "month" if day is None and year is None else "date"
        found.append((i, Detail(text, kind, month if kind == "month" else value)))
        taken.update(dict.fromkeys(range(i, j)))
    for i, j, value in numbers:
        if i in taken:
            continue
        found.append((i, Detail(statement[toks[i].start:toks[j - 1].end].rstrip("."), "number", value)))
        taken.update(dict.fromkeys(range(i, j)))
    for i, tok in enumerate(toks):
        if i in taken:
            continue
        weekday = _weekday(tok)
        if weekday is not None:
            found.append((i, Detail(tok.text.rstrip("."), "weekday", weekday)))
            continue
        word = tok.text.rstrip(".")
        word = word[:-2] if word.endswith(("'s", "’s")) else word
        low = _case(word).rstrip(".")
        if not word[:1].isupper() or low in NOT_NAMES:
            continue
        if tok.initial and not entity(word) and not _name_at_start(toks, i, word, common):
            continue
        found.append((i, Detail(word, "name")))
    found.sort(key=lambda f: f[0])
    return [d for _, d in found]


def _name_at_start(toks: Sequence[_Token], i: int, word: str, common) -> bool:
    """Is a capitalised word that starts a sentence a name, not an ordinary word?"""
    if sum(c.isupper() for c in word) > 1:
        return True                     # CNSP, McCain, U.S.
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and nxt.text[:1].isupper() and not nxt.initial and _word(nxt) not in NOT_NAMES:
        return True                     # Amadou Sanogo
    return not common(word)


def supported(detail: str, quotes_folded: str, aliases: Sequence[Sequence[str]] = ()) -> bool:
    """Is the name or number ``detail`` present (as a whole word) in the folded quotes?

    ``aliases`` are groups of spellings of one entity, folded (see :func:`fold_aliases`).

    >>> supported("six", fold("through six training missions"))
    True
    >>> supported("seven", fold("through six training missions"))
    False
    >>> supported("Capt", fold("Captain Amadou Sanogo"))
    True
    """
    toks = _tokens(detail)
    numbers = _numbers(toks, detail)
    if numbers and numbers[0][:2] == (0, len(toks)):
        return numbers[0][2] in _Quotes([quotes_folded]).values
    return _name_supported(detail, quotes_folded, aliases, ())


def _name_supported(detail: str, quotes_folded: str, aliases, metadata: Sequence[str]) -> bool:
    low = fold(detail)
    forms = (low, *ABBREVIATIONS.get(low, ()), *ABBREVIATIONS.get(low + ".", ()))
    for folded in aliases:  # each group already folded
        if low in folded or any(low in a.split() for a in folded):
            forms = (*forms, *folded)
    for form in forms:
        if any(re.search(r"(?<![\w])" + re.escape(form) + r"(?![\w])", text)
               for text in (quotes_folded, *metadata)):
            return True
    return False


def fold_aliases(groups: Iterable[Sequence[str]]) -> List[tuple]:
    """Fold every spelling of every alias group once (a ledger has dozens of entities)."""
    return [g if isinstance(g, _Folded) else _Folded(fold(a) for a in g) for g in groups]


class _Folded(tuple):
    """An alias group whose spellings are already folded."""


def unsupported_details(statement: str, quotes: Iterable[str],
                        aliases: Iterable[Sequence[str]] = (), *, sources: Iterable = (),
                        texts: Iterable[Optional[str]] = ()) -> List[str]:
    """Details of ``statement`` found in none of ``quotes`` (each reported once).

    ``sources`` are the :class:`~mali_facts.ledger.model.Source` records the claim cites
    (their title, publisher and authors may be named); ``texts`` are their texts,
    which tell an ordinary word that starts a sentence from a name.

    >>> unsupported_details("Sanogo had been through seven US training missions.",
    ...                     ["Captain Amadou Sanogo having been through six training missions with the US"])
    ['seven']
    >>> unsupported_details("In February 2012 the unit had 310000 men.",
    ...                     ["in January 2012 the unit had 310,000 men"])
    ['February 2012']
    """
    quotes = list(quotes)
    said = _Quotes(quotes)
    aliases = fold_aliases(aliases)
    metadata = [fold(m) for s in sources
                for m in (s.title, getattr(s, "subtitle", None), s.publisher, *(s.authors or ())) if m]
    lower_texts = [said.cased, *(t for t in texts if t)]

    def common(word: str) -> bool:
        """Written in lower case by the statement, its quotes or its sources."""
        low = fold_text(word, ("case",))
        pattern = re.compile(r"(?<![\w])" + re.escape(low) + r"(?![\w])")
        return any(pattern.search(t) for t in (statement, *lower_texts))

    entity_words = {w for group in aliases for spelling in group for w in spelling.split()}

    def entity(word: str) -> bool:
        """A word of an entity's spelling (the ledger's `entities:`) is a name anywhere."""
        return fold(word) in entity_words

    out: List[str] = []
    seen: set = set()
    for detail in _details(statement, common, entity):
        if detail.text in seen:  # each distinct detail is checked once
            continue
        seen.add(detail.text)
        if detail.kind == "number":
            ok = detail.value in said.values
        elif detail.kind == "date":
            ok = said.supports_date(detail.value)
        elif detail.kind == "month":
            ok = any(m == detail.value for _, m, _ in said.dates)
        elif detail.kind == "weekday":
            ok = detail.value in said.weekdays
        else:
            ok = _name_supported(detail.text, said.folded, aliases, metadata)
        if not ok:
            out.append(detail.text)
    return out
