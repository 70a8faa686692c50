"""Does a claim's statement say more than its quotes? Numbers, years and proper
names in the statement must appear in at least one of its quotes."""

from __future__ import annotations

import re
from typing import Iterable, List, Sequence

from mali_facts.text.normalize import ALL, fold_text

#: The folds a statement's details and its quotes are compared under: every fold
#: `check` forgives in a quote, so a quote that verifies supports what it says.
STEPS = ALL

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "million": 10**6, "billion": 10**9, "first": 1, "second": 2, "third": 3, "fourth": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
# Abbreviations a statement may use for a word a quote spells out.
ABBREVIATIONS = {
    "capt": ("captain",), "col": ("colonel",), "lt": ("lieutenant",), "gen": ("general",),
    "maj": ("major",), "sgt": ("sergeant",), "pres": ("president",), "dept": ("department",),
    "us": ("u.s.", "united states", "america", "american"),
    "u.s.": ("us", "united states", "america", "american"),
    "dod": ("pentagon", "department of defense"), "pm": ("prime minister",),
}
# Capitalised words that are not names.
NOT_NAMES = {
    "a", "an", "the", "in", "on", "at", "of", "and", "or", "but", "for", "to", "by", "with",
    "he", "she", "it", "they", "we", "i", "his", "her", "its", "their", "this", "that", "these",
    "those", "as", "after", "before", "since", "during", "when", "while", "according",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
}
_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’.-]*[\w]|[A-Za-zÀ-ÖØ-öø-ÿ]|\d[\d,.]*\d|\d")


def fold(text: str) -> str:
    """``text`` folded by the text engine's :data:`STEPS`, for containment tests.

    >>> fold("Goïta’s  “junta” Sa\u00adnogo")
    'goita\\'s "junta" sanogo'
    """
    return fold_text(text, STEPS)


def _case(word: str) -> str:
    return fold_text(word, ("case",))


def details(statement: str) -> List[str]:
    """The checkable details of a statement: numbers, years and proper names.

    >>> details("Capt. Amadou Sanogo, who led the 2012 coup, had been through six US training missions.")
    ['Capt', 'Amadou', 'Sanogo', '2012', 'six', 'US']
    """
    out: List[str] = []
    for m in _TOKEN.finditer(statement):
        word = m.group().rstrip(".")
        low = _case(word).rstrip("'’s") if word.endswith(("'s", "’s")) else _case(word)
        if word[0].isdigit() or low in NUMBER_WORDS:
            out.append(word)
        elif word[0].isupper() and low not in NOT_NAMES:
            out.append(word[:-2] if word.endswith(("'s", "’s")) else word)
    return out


def _number_forms(word: str) -> Sequence[str]:
    low = _case(word)
    if low in NUMBER_WORDS:
        return (low, str(NUMBER_WORDS[low]))
    digits = word.replace(",", "")
    names = [k for k, v in NUMBER_WORDS.items() if str(v) == digits]
    return (digits, word, *names)


def supported(detail: str, quotes_folded: str, aliases: Sequence[Sequence[str]] = ()) -> bool:
    """Is ``detail`` present (as a whole word) in the folded quotes?

    ``aliases`` are groups of spellings of one entity, folded (see :func:`fold_aliases`).

    >>> supported("six", fold("through six training missions"))
    True
    >>> supported("seven", fold("through six training missions"))
    False
    >>> supported("Capt", fold("Captain Amadou Sanogo"))
    True
    """
    if detail[0].isdigit() or _case(detail) in NUMBER_WORDS:
        forms = _number_forms(detail)
    else:
        low = fold(detail)
        forms = (low, *ABBREVIATIONS.get(low, ()), *ABBREVIATIONS.get(low + ".", ()))
        for folded in aliases:  # each group already folded
            if low in folded or any(low in a.split() for a in folded):
                forms = (*forms, *folded)
    for form in forms:
        if re.search(r"(?<![\w])" + re.escape(form) + r"(?![\w])", quotes_folded):
            return True
        # digits also match inside ordinals and larger tokens: 18 in "18th", 2012 in "2012-13"
        if form.isdigit() and re.search(r"(?<!\d)" + form + r"(?!\d)", quotes_folded):
            return True
    return False


def fold_aliases(groups: Iterable[Sequence[str]]) -> List[tuple]:
    """Fold every spelling of every alias group once (a ledger has dozens of entities)."""
    return [g if isinstance(g, _Folded) else _Folded(fold(a) for a in g) for g in groups]


class _Folded(tuple):
    """An alias group whose spellings are already folded."""


def unsupported_details(statement: str, quotes: Iterable[str],
                        aliases: Iterable[Sequence[str]] = ()) -> List[str]:
    """Details of ``statement`` found in none of ``quotes`` (each reported once).

    >>> unsupported_details("Sanogo had been through seven US training missions.",
    ...                     ["Captain Amadou Sanogo having been through six training missions with the US"])
    ['seven']
    """
    folded = " \n ".join(fold(q) for q in quotes)
    aliases = fold_aliases(aliases)
    out: List[str] = []
    for detail in details(statement):
        if detail not in out and not supported(detail, folded, aliases):
            out.append(detail)
    return out
