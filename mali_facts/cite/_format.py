"""Shared pieces of the reference formatter: rich-text marks, punctuation, names,
dates, title case and sorting, following what citeproc-js does for the item types
the ledger uses.

Entries are built as strings in which italics are marked with ``IT_ON``/``IT_OFF``
control characters; :func:`to_plain` and :func:`to_markdown` turn them into text.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

IT_ON, IT_OFF = "\x01", "\x02"
MARKS = IT_ON + IT_OFF

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# Words CSL title case leaves in lower case (unless first, or after a colon).
STOP_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up "
    "via with yet".split())

_NOCASE = re.compile(r'<span class="nocase">(.*?)</span>')
_TAG = re.compile(r"</?(?:span|i|b|sup|sub)(?: [^>]*)?>")


def italic(text: str) -> str:
    return f"{IT_ON}{text}{IT_OFF}" if text else ""


def to_plain(marked: str) -> str:
    return marked.replace(IT_ON, "").replace(IT_OFF, "")


def to_markdown(marked: str) -> str:
    """Italics as ``*...*``, with literal asterisks escaped."""
    return marked.replace("*", r"\*").replace(IT_ON, "*").replace(IT_OFF, "*")


def _last_visible(text: str) -> int:
    """Index of the last character that is not an italic mark or a closing quote."""
    i = len(text) - 1
    while i >= 0 and (text[i] in MARKS or text[i] in "”’"):
        i -= 1
    return i


def join(out: str, delimiter: str, part: str) -> str:
    """Append ``part`` after ``delimiter`` the way CSL processors merge punctuation.

    A period after ``.``, ``?`` or ``!`` disappears; a period or comma after a
    closing quotation mark moves inside it (American punctuation).

    >>> join("“Will They Go?”", ". ", "Rolling Stone")
    '“Will They Go?” Rolling Stone'
    >>> join("“Training”", ", ", "Fixture")
    '“Training,” Fixture'
    >>> join("Reporter, J. Q.", ". ", "(2012)")
    'Reporter, J. Q. (2012)'
    """
    if not part:
        return out
    if not out:
        return part
    if delimiter[:1] in (".", ","):
        i = _last_visible(out)
        if i >= 0 and delimiter[0] == "." and out[i] in ".?!":
            delimiter = delimiter[1:]
        elif out.rstrip(MARKS).endswith("”"):
            q = out.rindex("”")
            if out[q - 1:q] not in ".?!,":
                out = out[:q] + delimiter[0] + out[q:]
            delimiter = delimiter[1:]
    return out + delimiter + part


def finish(out: str, period: bool = True) -> str:
    """End an entry with a period (merged as :func:`join` does)."""
    if not period or not out:
        return out
    i = _last_visible(out)
    if i >= 0 and out[i] in ".?!":
        return out
    if out.rstrip(MARKS).endswith("”"):
        q = out.rindex("”")
        return out[:q] + "." + out[q:]
    return out + "."


# -- text fields -----------------------------------------------------------------

def smart_quotes(text: str, inside_quotes: bool = False) -> str:
    """Typographic apostrophes and quotation marks (flipped inside a quoted title)."""
    out, open_double = [], True
    for i, ch in enumerate(text):
        if ch == "'":
            prev = text[i - 1] if i else " "
            out.append("‘" if prev.isspace() or prev in "(“\"" else "’")
        elif ch == '"':
            if inside_quotes:
                out.append("‘" if open_double else "’")
            else:
                out.append("“" if open_double else "”")
            open_double = not open_double
        else:
            out.append(ch)
    return "".join(out)


def title_case(text: str) -> str:
    """CSL title case: capitalise lower-case words except stop words (first word and
    words after a colon always).

    >>> title_case("Mali's junta and the training of its officers: a look back")
    "Mali's Junta and the Training of Its Officers: A Look Back"
    """
    words = text.split(" ")
    out = []
    capital_next = True
    for word in words:
        core = word.lstrip("\"'“‘(")
        if core and core == core.lower() and core[:1].isalpha():
            if capital_next or core.lower() not in STOP_WORDS:
                lead = word[: len(word) - len(core)]
                word = lead + core[0].upper() + core[1:]
        out.append(word)
        if word:
            capital_next = word.endswith(":") or word.endswith("?") or word.endswith("!")
    return " ".join(out)


def field(value: Optional[str], *, case: Optional[str] = None, quoted: bool = False) -> str:
    """A CSL text value ready to print: markup removed, nocase honoured, quotes curled."""
    if not value:
        return ""
    m = _NOCASE.fullmatch(value)
    if m:
        text = m.group(1)
    else:
        text = _TAG.sub("", value)
        if case == "title":
            text = title_case(text)
    return smart_quotes(text, inside_quotes=quoted)


# -- names -------------------------------------------------------------------------

def initials(given: str) -> str:
    """``Jane Q.`` -> ``J. Q.``; ``Jean-Paul`` -> ``J.-P.``; ``Min-jun`` -> ``M.``"""
    parts = []
    for word in given.split():
        pieces = [p for p in word.split("-") if p]
        keep = [pieces[0][0].upper() + "."] + [p[0] + "." for p in pieces[1:] if p[0].isupper()]
        parts.append("-".join(keep))
    return " ".join(parts)


def family_first(name: Dict[str, str], *, initialize: bool = False) -> str:
    if "literal" in name:
        return name["literal"]
    given = name.get("given", "")
    if initialize:
        given = initials(given)
    return f"{name['family']}, {given}" if given else name["family"]


def given_first(name: Dict[str, str]) -> str:
    if "literal" in name:
        return name["literal"]
    given = name.get("given", "")
    return f"{given} {name['family']}" if given else name["family"]


# -- dates ---------------------------------------------------------------------------

def date_parts(item: Dict[str, Any], key: str) -> List[int]:
    value = item.get(key) or {}
    parts = value.get("date-parts") or [[]]
    return [int(p) for p in parts[0]]


# -- sorting ---------------------------------------------------------------------------

#: The text engine's folds a sort key uses: compatibility forms, accents, invisible
#: characters, quote marks (straightened, then ignored) and case.
SORT_STEPS = ("unicode_compat", "accents", "invisible", "quotes", "case")
# Collation, not folding: the sort ignores quote marks and brackets, as citeproc-js does.
SORT_IGNORED = "\"'()[]"
_SORT_DELETE = str.maketrans("", "", SORT_IGNORED)


def sort_text(text: str) -> str:
    """A case- and accent-insensitive sort key for rendered text.

    >>> sort_text("\u201cThe \u00c9lys\u00e9e\u201d (Paris)")
    'the elysee paris'
    """
    from mali_facts.text.normalize import fold_text

    return fold_text(to_plain(text), SORT_STEPS).translate(_SORT_DELETE)


def key_part(text: str):
    """Empty keys sort after every non-empty one, as in citeproc-js."""
    return (1, "") if not text else (0, sort_text(text))
