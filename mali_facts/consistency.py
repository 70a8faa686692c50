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

At ten thousand claims this runs once per claim, so it does each piece of work once:
what a word means (its folded form, number, month, weekday) is worked out once per
distinct word; a ledger's quotes are folded in one pass of the engine
(:func:`~mali_facts.text.bulk.fold_many`); a :class:`StatementCheck` folds the
ledger's aliases and the cited sources' metadata once, and asks each source text
whether it writes a word in lower case at most once per word. Between runs, a
:class:`StatementCache` keeps each claim's result, keyed by everything it depends on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from mali_facts.cache import SignedCache
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
_SENTENCE_END = re.compile(r"[.!?:]")
# The words a number is written with (a hyphenated number's parts are all among them).
_NUMBER_PARTS = frozenset(UNITS) | frozenset(SCALES) | frozenset(ORDINALS)


@dataclass(frozen=True)
class Detail:
    """One checkable detail of a statement, as written (``text``), and what it means."""

    text: str
    kind: str                   # number | date | month | weekday | name
    value: object = None        # Decimal (number), (day, month, year) (date), int (month, weekday)


def fold(text: str) -> str:
    """``text`` folded by the text engine's :data:`STEPS`, for containment tests.

    >>> fold("Goïta’s  “junta” Sa\\u00adnogo")
    'goita\\'s "junta" sanogo'
    """
    return fold_text(text, STEPS)


def _case(word: str) -> str:
    return fold_text(word, ("case",))


def _decimal(digits: str) -> Optional[Decimal]:
    if not _PLAIN_NUMBER.fullmatch(digits):
        # "1.2.3" or "3,00": digits all the same, compared as written
        digits = re.sub(r"\D", "", digits)
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the token is digits
        return None


def _month(token: str, low: str) -> Optional[int]:
    """The month a token names (``low``: the token folded to lower case, without its
    final full stops); ``May`` only with its capital."""
    if low not in MONTH_NUMBERS:
        return None
    word = token.rstrip(".")
    if not word[:1].isupper():
        return None
    if len(low) <= 4 and low not in MONTHS and not (token.endswith(".") or word[:1].isupper()):
        return None
    return MONTH_NUMBERS[low]


class _Word:
    """What one token, as written, means (``low``: the token folded to lower case,
    without its final full stops). Worked out once per distinct token.

    >>> w = _Word("Twenty-first.", "twenty-first")
    >>> w.word, w.digits, w.parts, w.ordinal, w.month, w.special
    ('twenty-first', False, ('twenty', 'first'), True, None, True)
    >>> w = _Word("4,200", "4,200")
    >>> w.word, w.digits, w.value, w.special
    ('4,200', True, Decimal('4200'), True)
    >>> _Word("May", "may").month, _Word("may", "may").month, _Word("Sept.", "sept").month
    (5, None, 9)
    >>> _Word("Mon.", "mon").weekday, _Word("mon.", "mon").weekday, _Word("Capt.", "capt").abbreviation
    (0, None, True)
    """

    __slots__ = ("token", "word", "capital", "digits", "value", "parts", "ordinal", "month", "weekday",
                 "abbreviation", "special")

    def __init__(self, token: str, low: str) -> None:
        self.token = token
        self.word = low
        self.capital = token[0].isupper()
        self.digits = low[0].isdigit()
        self.value = _decimal(low) if self.digits else None
        #: a number word's parts ("twenty-five": twenty, five), else None
        self.parts = None
        if not self.digits and low != "bn" and (low in _NUMBER_PARTS or "-" in low):
            parts = tuple(low.split("-"))
            if all(p in _NUMBER_PARTS for p in parts):
                self.parts = parts
        self.ordinal = self.parts is not None and any(p in ORDINALS for p in self.parts)
        self.month = _month(token, low) if low in MONTH_NUMBERS else None
        self.weekday = WEEKDAY_NUMBERS.get(low) if self.capital else None
        # ``Capt.``, ``U.S.``, ``Mr.``: a full stop that does not end a sentence
        self.abbreviation = token.endswith(".") and (
            low in _TITLES or re.fullmatch(r"(?:[^\W\d_]\.)+", token) is not None)
        #: it can make a number, a date or a weekday
        self.special = (self.digits or self.parts is not None or self.month is not None
                        or self.weekday is not None)


_CHUNK = 4096  # texts tokenised in one pass
# Joins texts tokenised in one pass: a letter no text holds, between line breaks
# (no token holds one), so that it is a token of its own.
_MARK = "\U0001d7ca"


class _Lexicon:
    """The tokens of one run's texts and what each means, and the folds of the
    words and names looked up, each worked out once.

    >>> lex = _Lexicon()
    >>> [[w.token for w in ws] for ws in lex.tokenise(["Capt. Sanogo", "", "six missions in May"])]
    [['Capt.', 'Sanogo'], [], ['six', 'missions', 'in', 'May']]
    >>> sorted(lex.special), lex.words["Capt."].word
    (['May', 'six'], 'capt')
    >>> [[w.token for w in ws] for ws in lex.tokenise(["a", "b \U0001d7ca c", "d"])]
    [['a'], ['b', '\U0001d7ca', 'c'], ['d']]
    """

    def __init__(self) -> None:
        self.words: Dict[str, _Word] = {}
        self.special: set = set()           # the tokens that are special
        self._case: Dict[str, str] = {}
        self._fold: Dict[str, str] = {}

    def tokenise(self, texts: Sequence[str], names: int = 0,
                 special: bool = False) -> List[Optional[List[_Word]]]:
        """The tokens of each of ``texts``, found in a few passes, each token's meaning
        learnt (folded in one pass of the text engine). The first ``names`` texts are
        statements: the words a capitalised token of theirs may name are folded too.
        With ``special``, a text none of whose tokens is special gets None."""
        out: List[Optional[List[_Word]]] = []
        for k in range(0, len(texts), _CHUNK):  # in chunks: a bound on the memory used
            out += self._tokenise(texts[k:k + _CHUNK], special)
        if names:
            self._names([w.token for ws in out[:names] for w in ws if w.capital])
        return out

    def _tokenise(self, texts: Sequence[str], special: bool) -> List[Optional[List[_Word]]]:
        from mali_facts.text.bulk import fold_many

        joined = f"\n{_MARK}\n".join(texts)
        if joined.count(_MARK) == len(texts) - 1:  # no text holds the mark
            tokens, mark = _TOKEN.findall(joined), _MARK
        else:  # a text holds it: one by one, with None between them
            tokens, mark = [t for k, text in enumerate(texts) for t in [None] * bool(k) + _TOKEN.findall(text)], None
        known = self.words
        new = [t for t in dict.fromkeys(tokens) if t != mark and t not in known]
        for token, low in zip(new, fold_many([t.rstrip(".") for t in new], ("case",))):
            word = known[token] = _Word(token, low)
            if word.special:
                self.special.add(token)
        if not special:
            words = list(map(known.get, tokens))
            bounds = [-1, *[k for k, t in enumerate(tokens) if t == mark], len(tokens)]
            return [words[a + 1:b] for a, b in zip(bounds, bounds[1:])]
        # only the texts with a special token: found by walking the marks and those tokens
        out: List[Optional[List[_Word]]] = [None] * len(texts)
        wanted = self.special
        text, start, last = 0, 0, -1
        for k in [k for k, t in enumerate(tokens) if t == mark or t in wanted]:
            if tokens[k] == mark:
                text, start = text + 1, k + 1
            elif last != text:
                last = text
                try:
                    end = tokens.index(mark, k)
                except ValueError:  # the last text
                    end = len(tokens)
                out[text] = [known[t] for t in tokens[start:end]]
        return out

    def _names(self, tokens: Iterable[str]) -> None:
        from mali_facts.text.bulk import fold_many

        words = [_name_word(t) for t in dict.fromkeys(tokens)]
        for memo, steps in ((self._case, ("case",)), (self._fold, STEPS)):
            words = [w for w in dict.fromkeys(words) if w not in memo]
            memo.update(zip(words, fold_many(words, steps)))

    def fold_all(self, texts: Iterable[str]) -> None:
        """Fold ``texts`` by :data:`STEPS` now, in one pass (:meth:`fold` then has them)."""
        from mali_facts.text.bulk import fold_many

        texts = [t for t in dict.fromkeys(texts) if t not in self._fold]
        self._fold.update(zip(texts, fold_many(texts, STEPS)))

    def case(self, text: str) -> str:
        """``text`` folded to lower case by the text engine (remembered)."""
        low = self._case.get(text)
        if low is None:
            low = self._case[text] = _case(text)
        return low

    def fold(self, text: str) -> str:
        """``text`` folded by :data:`STEPS` (remembered)."""
        folded = self._fold.get(text)
        if folded is None:
            folded = self._fold[text] = fold(text)
        return folded


class _Scan:
    """A text's tokens (words and numbers, :data:`_TOKEN`) and what each means; spans and
    sentence starts are found when first asked for. ``words``: the text's tokens from
    :meth:`_Lexicon.tokenise`, when already known.

    >>> s = _Scan("Capt. Sanogo led it in 2012. Troops left.")
    >>> [(w.token, s.initial(k)) for k, w in enumerate(s.words)]
    [('Capt.', True), ('Sanogo', False), ('led', False), ('it', False), ('in', False), ('2012', False), ('Troops', True), ('left.', False)]
    """

    __slots__ = ("text", "words", "_spans")

    def __init__(self, text: str, lexicon: Optional[_Lexicon] = None,
                 words: Optional[List[_Word]] = None) -> None:
        self.text = text
        self.words = (lexicon or _Lexicon()).tokenise([text])[0] if words is None else words
        self._spans: Optional[List[Tuple[int, int]]] = None

    def spans(self) -> List[Tuple[int, int]]:
        if self._spans is None:
            self._spans = [m.span() for m in _TOKEN.finditer(self.text)]
        return self._spans

    def initial(self, k: int) -> bool:
        """Does token ``k`` start a sentence?"""
        if k == 0:
            return True
        prev = self.words[k - 1]
        if prev.token.endswith(".") and not prev.abbreviation:
            return True
        spans = self.spans()
        return _SENTENCE_END.search(self.text, spans[k - 1][1], spans[k][0]) is not None


def _numbers(scan: _Scan) -> List[Tuple[int, int, Decimal]]:
    """``(first token, last token + 1, value)`` of every number, in token order.

    >>> s = "6 and six, 310,000, 4.2 million, twenty-five and two hundred and ten"
    >>> [str(v) for _, _, v in _numbers(_Scan(s))]
    ['6', '6', '310000', '4200000.0', '25', '210']
    """
    words = scan.words
    n = len(words)
    out: List[Tuple[int, int, Decimal]] = []
    i = 0
    for start, w in enumerate(words):
        if start < i or not (w.digits or w.parts is not None):
            continue
        i = start
        if w.digits:
            value = w.value
            j = i + 1
            if j < n and words[j].word in SCALES and value is not None:
                value *= SCALES[words[j].word]
                j += 1
            if value is not None:
                out.append((i, j, value))
            i = j
            continue
        j, total, current = i, 0, 0
        while j < n:
            w = words[j]
            if (w.word == "and" and j > i and words[j - 1].word in SCALES and j + 1 < n
                    and words[j + 1].word in UNITS):  # "one hundred and twenty"
                j += 1
                continue
            if w.parts is None:
                break
            for p in w.parts:
                if p in UNITS or p in ORDINALS:
                    current += UNITS.get(p, ORDINALS.get(p, 0))
                elif p == "hundred":
                    current = (current or 1) * 100
                else:
                    total += (current or 1) * SCALES[p]
                    current = 0
            j += 1
            if w.ordinal:
                break
        out.append((i, j, Decimal(total + current)))
        i = j
    return out


def _dates(scan: _Scan, numbers) -> List[Tuple[int, int, tuple]]:
    """``(first token, last token + 1, (day, month, year))`` of every date or month
    mention: ``22 March 2012``, ``March 22, 2012``, ``March 2012``, ``2012-03-22``, ``March``.

    >>> s = _Scan("On 22 March 2012, and in May 2013. May we? 2014-01-31.")
    >>> [v for _, _, v in _dates(s, _numbers(s))]
    [(22, 3, 2012), (None, 5, 2013), (31, 1, 2014)]
    """
    words = scan.words
    at = {i: (j, v) for i, j, v in numbers}
    out = []

    def small(k):
        hit = at.get(k)
        return hit if hit and hit[1] == int(hit[1]) and 1 <= hit[1] <= 31 and hit[0] == k + 1 else None

    def a_year(k):
        hit = at.get(k)
        return hit if hit and hit[1] == int(hit[1]) and 1000 <= hit[1] <= 2999 and hit[0] == k + 1 else None

    i = 0
    for start, w in enumerate(words):
        if start < i or w.month is None:
            continue
        i = start
        month = w.month
        first, last, day, year = i, i + 1, None, None
        before = out[-1][1] if out else 0
        if i - 1 >= before and small(i - 1) and words[i - 1].token.isdigit():
            first, day = i - 1, int(at[i - 1][1])
        elif (i - 2 >= before and words[i - 1].word == "of" and small(i - 2)
              and words[i - 2].token[:1].isdigit()):
            first, day = i - 2, int(at[i - 2][1])
        if day is None and small(last) and words[last].token.isdigit() and not a_year(last):
            day = int(at[last][1])
            last += 1
        if a_year(last):
            year = int(at[last][1])
            last += 1
        if w.token == "May" and scan.initial(i) and day is None and year is None:
            i += 1
            continue  # "May we …": a verb
        out.append((first, last, (day, month, year)))
        i = last
    # ISO dates (2012-03-22) are three number tokens: found in the text, mapped to tokens
    for m in _ISO_DATE.finditer(scan.text):
        y, mo, d = (int(g) for g in m.groups())
        if not 1 <= mo <= 12:
            continue
        ts = [k for k, (s, e) in enumerate(scan.spans()) if s >= m.start() and e <= m.end()]
        if ts:
            out.append((ts[0], ts[-1] + 1, (d, mo, y)))
    return sorted(out)


_NOTHING: frozenset = frozenset()


class _Quote:
    """What one quote says: its text folded by :data:`CASED_STEPS` (``cased``) and by
    :data:`STEPS` (``folded``), and its number values, dates and weekdays."""

    __slots__ = ("cased", "folded", "values", "dates", "weekdays")

    def __init__(self, cased: str, folded: str, words: List[_Word]) -> None:
        self.cased, self.folded = cased, folded
        self.values, self.dates, self.weekdays = _NOTHING, (), _NOTHING
        for w in words:
            if w.special:
                scan = _Scan(cased, words=words)
                numbers = _numbers(scan)
                self.values = {v for _, _, v in numbers}
                self.dates = [d for _, _, d in _dates(scan, numbers)]
                self.weekdays = {w.weekday for w in words if w.weekday is not None}
                break  # else: no number, month or weekday


class _Quotes:
    """What the quotes of one claim say together: folded text, number values, dates,
    weekdays."""

    def __init__(self, quotes: Sequence[_Quote]) -> None:
        self.folded = " \n ".join(q.folded for q in quotes)
        self.cased = " \n ".join(q.cased for q in quotes)
        if len(quotes) == 1:
            self.values, self.dates, self.weekdays = quotes[0].values, quotes[0].dates, quotes[0].weekdays
        else:
            self.values = set().union(*(q.values for q in quotes))
            self.dates = [d for q in quotes for d in q.dates]
            self.weekdays = set().union(*(q.weekdays for q in quotes))



def _supports_date(said, date: tuple) -> bool:
    """Does a date of the quotes (a :class:`_Quote` or :class:`_Quotes`) support ``date``?"""
    day, month, year = date
    for qd, qm, qy in said.dates:
        if qm != month or day is not None and qd != day:
            continue
        if year is None or qy == year or qy is None and Decimal(year) in said.values:
            return True
    return False


def details(statement: str) -> List[str]:
    """The checkable details of a statement: numbers, dates, months, weekdays and names.

    >>> details("Capt. Amadou Sanogo, who led the 2012 coup, had been through six US training missions.")
    ['Capt', 'Amadou', 'Sanogo', '2012', 'six', 'US']
    >>> details("On Monday, 22 March 2012, soldiers took 4.2 million CFA francs.")
    ['Monday', '22 March 2012', '4.2 million', 'CFA']
    """
    return [d.text for d in _details(_Scan(statement))]


def _details(scan: _Scan, common=lambda word: False, entity=lambda word: False,
             lexicon: Optional[_Lexicon] = None) -> List[Detail]:
    lexicon = lexicon or _Lexicon()
    statement, words = scan.text, scan.words
    numbers = dates = ()
    for w in words:
        if w.special:
            numbers = _numbers(scan)
            dates = _dates(scan, numbers)
            break
    taken: set = set()
    found: List[Tuple[int, Detail]] = []
    if numbers or dates:
        spans = scan.spans()
        for i, j, value in dates:
            text = statement[spans[i][0]:spans[j - 1][1]].rstrip(".")
            day, month, year = value
            kind = "month" if day is None and year is None else "date"
            found.append((i, Detail(text, kind, month if kind == "month" else value)))
            taken.update(range(i, j))
        for i, j, value in numbers:
            if i in taken:
                continue
            found.append((i, Detail(statement[spans[i][0]:spans[j - 1][1]].rstrip("."), "number", value)))
            taken.update(range(i, j))
    for i, w in enumerate(words):
        if not w.capital or i in taken:  # weekdays and names have a capital
            continue
        if w.weekday is not None:
            found.append((i, Detail(w.token.rstrip("."), "weekday", w.weekday)))
            continue
        word = _name_word(w.token)
        if lexicon.case(word).rstrip(".") in NOT_NAMES:
            continue
        if scan.initial(i) and not entity(word) and not _name_at_start(scan, i, word, common):
            continue
        found.append((i, Detail(word, "name")))
    found.sort(key=lambda f: f[0])
    return [d for _, d in found]


def _name_word(token: str) -> str:
    """The word a capitalised token may name: without final full stops and ``'s``."""
    word = token.rstrip(".")
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _name_at_start(scan: _Scan, i: int, word: str, common) -> bool:
    """Is a capitalised word that starts a sentence a name, not an ordinary word?"""
    if sum(c.isupper() for c in word) > 1:
        return True                     # CNSP, McCain, U.S.
    words = scan.words
    if (i + 1 < len(words) and words[i + 1].capital and not scan.initial(i + 1)
            and words[i + 1].word not in NOT_NAMES):
        return True                     # Amadou Sanogo
    return not common(word)


def _has_word(text: str, word: str) -> bool:
    """Is ``word`` in ``text`` with no word character (``\\w``) either side? What
    ``re.search(r"(?<!\\w)" + re.escape(word) + r"(?!\\w)", text)`` says, without a
    pattern per word.

    >>> _has_word("the sanogo's unit", "sanogo"), _has_word("sanogos, sanogo_", "sanogo")
    (True, False)
    >>> _has_word("u.s.-trained", "u.s."), _has_word("a b", ""), _has_word("a, b", "")
    (True, False, True)
    >>> _has_word("sanogos " * 20 + "sanogo.", "sanogo"), _has_word("sanogos " * 20, "sanogo")
    (True, False)
    """
    n, end = len(word), len(text)
    i = text.find(word)
    tries = 0
    while i != -1:
        if ((i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"))
                and (i + n >= end or not (text[i + n].isalnum() or text[i + n] == "_"))):
            return True
        tries += 1
        if tries == 16:  # found often inside longer words: let the regex engine look
            return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)").search(text, i) is not None
        i = text.find(word, i + 1)
    return False


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
    lexicon = _Lexicon()
    scan = _Scan(detail, lexicon)
    numbers = _numbers(scan)
    if numbers and numbers[0][:2] == (0, len(scan.words)):
        cased = fold_text(quotes_folded, CASED_STEPS)
        return numbers[0][2] in _Quote(cased, cased, lexicon.tokenise([cased])[0]).values
    return _Aliases(aliases).supports(fold(detail), quotes_folded, list)


def fold_aliases(groups: Iterable[Sequence[str]]) -> List[tuple]:
    """Fold every spelling of every alias group once (a ledger has dozens of entities)."""
    return [g if isinstance(g, _Folded) else _Folded(fold(a) for a in g) for g in groups]


class _Folded(tuple):
    """An alias group whose spellings are already folded."""


class _Aliases:
    """A ledger's alias groups (folded spellings), indexed by spelling and by word."""

    def __init__(self, groups: Iterable[Sequence[str]]) -> None:
        self.groups = [tuple(g) for g in groups]
        self._of: Dict[str, List[int]] = {}
        for k, group in enumerate(self.groups):
            for key in {*group, *(w for spelling in group for w in spelling.split())}:
                self._of.setdefault(key, []).append(k)
        #: every word of every spelling: such a word is a name anywhere
        self.words = {w for group in self.groups for spelling in group for w in spelling.split()}

    def supports(self, low: str, quotes_folded: str, metadata: Callable[[], Sequence[str]]) -> bool:
        """Is the name ``low`` (folded), or another spelling or standard abbreviation of
        it, a whole word of the folded quotes or of the cited sources' names (what
        ``metadata()`` returns, folded)?"""
        forms = [low, *ABBREVIATIONS.get(low, ()), *ABBREVIATIONS.get(low + ".", ())]
        for k in self._of.get(low, ()):  # the groups that spell it, or have it as a word
            forms += self.groups[k]
        for form in forms:
            if _has_word(quotes_folded, form):
                return True
        return any(_has_word(text, form) for text in metadata() for form in forms)


def _metadata(source) -> List[str]:
    """What a statement may name a source by: its title, subtitle, publisher and authors."""
    return [m for m in (source.title, getattr(source, "subtitle", None), source.publisher,
                        *(source.authors or ())) if m]


class StatementCheck:
    """The statement check of one ledger. What several claims share is worked out
    once: the aliases folded; the quotes folded, and every token's meaning learnt, in
    a few passes over all of them (:meth:`prepare`); the cited sources' metadata
    folded; and each source text asked once per word whether it writes it in lower
    case.

    >>> check = StatementCheck([("Assimi Goita", "Goïta")])
    >>> check.prepare(["Goita led it in 2020."], ["Col. Go\\u00efta led it in 2021"])
    >>> check.unsupported("Goita led it in 2020.", ["Col. Go\\u00efta led it in 2021"])
    ['2020']
    """

    def __init__(self, aliases: Iterable[Sequence[str]] = ()) -> None:
        self.aliases = _Aliases(fold_aliases(aliases))
        self.lexicon = _Lexicon()
        self._quotes: Dict[str, _Quote] = {}
        self._statements: Dict[str, List[_Word]] = {}
        self._lower: Dict[int, Tuple[str, Dict[str, bool]]] = {}  # id(text) -> (text, answers)

    def prepare(self, statements: Iterable[str], quotes: Iterable[str], sources: Iterable = ()) -> None:
        """Fold these quotes and the metadata of these sources, and learn the tokens of
        these statements and quotes, now, in a few passes of the text engine (the check
        of each claim then finds them)."""
        from mali_facts.text.bulk import fold_many

        statements = [s for s in dict.fromkeys(statements) if s not in self._statements]
        quotes = [q for q in dict.fromkeys(quotes) if q not in self._quotes]
        cased = fold_many(quotes, CASED_STEPS)
        folded = fold_many(cased, ("case",))
        self._statements.update(zip(statements, self.lexicon.tokenise(statements, names=len(statements))))
        for q, c, f, ws in zip(quotes, cased, folded, self.lexicon.tokenise(cased, special=True)):
            self._quotes[q] = _Quote(c, f, ws or ())
        self.lexicon.fold_all(m for s in sources for m in _metadata(s))

    def forget(self) -> None:
        """Let go of the quotes and statements prepared so far (what the words mean,
        and what was folded or asked of a source, is kept)."""
        self._quotes.clear()
        self._statements.clear()

    def _writes_lower(self, text: str, low: str) -> bool:
        """Does the source ``text`` write ``low`` as a word (remembered per text)?"""
        entry = self._lower.get(id(text))
        if entry is None or entry[0] is not text:
            entry = self._lower[id(text)] = (text, {})
        answers = entry[1]
        answer = answers.get(low)
        if answer is None:
            answer = answers[low] = _has_word(text, low)
        return answer

    def unsupported(self, statement: str, quotes: Iterable[str], *, sources: Iterable = (),
                    texts: Iterable[Optional[str]] = ()) -> List[str]:
        """What :func:`unsupported_details` says."""
        quotes = quotes if isinstance(quotes, list) else list(quotes)
        try:
            words = self._statements[statement]
            said = self._quotes[quotes[0]] if len(quotes) == 1 else _Quotes([self._quotes[q] for q in quotes])
        except KeyError:  # not prepared
            self.prepare([statement], quotes)
            return self.unsupported(statement, quotes, sources=sources, texts=texts)
        lexicon = self.lexicon
        folded: List[List[str]] = []

        def metadata() -> List[str]:
            """The cited sources' names, folded (looked at only when the quotes lack a name)."""
            if not folded:
                folded.append([lexicon.fold(m) for s in sources for m in _metadata(s)])
            return folded[0]

        def common(word: str) -> bool:
            """Written in lower case by the statement, its quotes or its sources."""
            low = lexicon.case(word)
            return (_has_word(statement, low) or _has_word(said.cased, low)
                    or any(self._writes_lower(t, low) for t in texts if t))

        def entity(word: str) -> bool:
            """A word of an entity's spelling (the ledger's `entities:`) is a name anywhere."""
            return lexicon.fold(word) in self.aliases.words

        out: List[str] = []
        seen: set = set()
        for detail in _details(_Scan(statement, words=words), common, entity, lexicon):
            if detail.text in seen:  # each distinct detail is checked once
                continue
            seen.add(detail.text)
            if detail.kind == "number":
                ok = detail.value in said.values
            elif detail.kind == "date":
                ok = _supports_date(said, detail.value)
            elif detail.kind == "month":
                ok = any(m == detail.value for _, m, _ in said.dates)
            elif detail.kind == "weekday":
                ok = detail.value in said.weekdays
            else:
                ok = self.aliases.supports(lexicon.fold(detail.text), said.folded, metadata)
            if not ok:
                out.append(detail.text)
        return out


def unsupported_details(statement: str, quotes: Iterable[str],
                        aliases: Iterable[Sequence[str]] = (), *, sources: Iterable = (),
                        texts: Iterable[Optional[str]] = ()) -> List[str]:
    """Details of ``statement`` found in none of ``quotes`` (each reported once).

    ``sources`` are the :class:`~mali_facts.ledger.model.Source` records the claim cites
    (their title, publisher and authors may be named); ``texts`` are their texts,
    which tell an ordinary word that starts a sentence from a name. To check many
    claims of one ledger, use one :class:`StatementCheck`.

    >>> unsupported_details("Sanogo had been through seven US training missions.",
    ...                     ["Captain Amadou Sanogo having been through six training missions with the US"])
    ['seven']
    >>> unsupported_details("In February 2012 the unit had 310000 men.",
    ...                     ["in January 2012 the unit had 310,000 men"])
    ['February 2012']
    """
    return StatementCheck(aliases).unsupported(statement, quotes, sources=sources, texts=texts)


# -- the statement cache -------------------------------------------------------------


class StatementCache(SignedCache):
    """Each claim's statement-check result (its unsupported details), kept between runs.

    One signed file per claims file in ``cache_dir()/statements/`` (see
    :class:`~mali_facts.cache.SignedCache`: only this user's mali-facts's own file is
    read, and in a CI run none). A result is keyed by the sha256 of everything it
    depends on (:meth:`key`): the statement; the quotes; the ledger's alias groups;
    each cited source's title, subtitle, publisher, authors and text (by its sha256);
    the tool's version and the files of the code that computes it (this module and
    the text engine's folds). Change any of them and the claim is checked again. A
    record is used only if it is a list of details each written in the statement
    (what the check reports is always a piece of it); anything else is checked again.
    So the cache saves the check but cannot make a statement say less than it does,
    unless someone with this user's key signs a record for it.
    """

    FORMAT = 1

    def __init__(self, path, *, trust: bool = True, aliases: Iterable[Sequence[str]] = ()) -> None:
        import hashlib
        import json
        import json.encoder
        from pathlib import Path

        from mali_facts.cache import file_stamp

        super().__init__(path, trust=trust)
        here = Path(__file__)
        stamp = file_stamp(here, here.with_name("text") / "normalize.py", here.with_name("text") / "bulk.py")
        self._encode = json.JSONEncoder(ensure_ascii=False).encode
        self._string = json.encoder.encode_basestring  # one string, quoted
        #: the key's first part: what every claim's result depends on
        self._base = hashlib.sha256(self._encode(
            [self.FORMAT, stamp, [list(g) for g in aliases]]).encode("utf-8") + b"\0")
        self._sources: Dict[int, Tuple[Any, str]] = {}  # id(source text) -> (it, its part of a key)
        #: claims whose result was reused, and checked, in this run
        self.stats = {"reused": 0, "checked": 0}

    @classmethod
    def for_ledger(cls, ledger, root=None, trust: Optional[bool] = None) -> "StatementCache":
        """The cache of ``ledger``'s claims file; ``trust`` defaults to "not in CI"."""
        from pathlib import Path

        from mali_facts.cache import cache_dir, path_key
        from mali_facts.session import ci_run

        return cls((root or cache_dir()) / "statements" / f"{path_key(Path(ledger.path))}.json",
                   trust=not ci_run() if trust is None else trust,
                   aliases=ledger.alias_table().values())

    def key(self, statement: str, quotes: Sequence[str], cited: Sequence) -> str:
        """The key of a claim's result: ``cited`` are the
        :class:`~mali_facts.sources.SourceText` of the sources it cites, in order."""
        h = self._base.copy()
        # JSON strings, so that the commas and the bar between them separate unambiguously
        h.update((",".join(map(self._string, (statement, *quotes))) + "|"
                  + ",".join([self._source(s) for s in cited])).encode("utf-8"))
        return h.hexdigest()

    def _source(self, src) -> str:
        """What a claim's result depends on in a source it cites: its names and text."""
        entry = self._sources.get(id(src))
        if entry is None or entry[0] is not src:
            s = src.source
            entry = self._sources[id(src)] = (src, self._encode(
                [s.title, getattr(s, "subtitle", None), s.publisher, list(s.authors or ()),
                 src.sha256 if src.text is not None else None]))
        return entry[1]

    def get(self, key: str, statement: str) -> Optional[List[str]]:
        """The result kept for ``key``, if it is one (see the class), else None."""
        record = self.record(key)
        if isinstance(record, list) and all(isinstance(d, str) and d and d in statement for d in record):
            return record
        return None

    def keep(self, key: str, details: List[str]) -> None:
        self.keep_record(key, details)
