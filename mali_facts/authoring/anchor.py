"""The `anchor` service: where a quote is in its source, in the source's own words,
with the context that makes it unique and the evidence item to paste.

>>> text = "Mali’s army said no. The US said no."
>>> a = anchor_quote(text, "Mali's army", source_id="demo")
>>> a.status, a.match, a.start, a.end, a.found
('verified', 'normalized', 0, 11, 'Mali’s army')
>>> a.evidence
{'source': 'demo', 'quote': 'Mali’s army', 'start': 0, 'end': 11}
>>> b = anchor_quote(text, "said no", source_id="demo")
>>> b.status, [(c.start, c.prefix, c.suffix) for c in b.candidates]
('ambiguous', [(12, 'y ', ''), (28, 'S ', '')])
>>> anchor_quote(text, "said no", source_id="demo", occurrence=2).evidence
{'source': 'demo', 'quote': 'said no', 'prefix': 'S ', 'start': 28, 'end': 35}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from mali_facts.errors import UsageError, did_you_mean
from mali_facts.text.describe import describe_quote
from mali_facts.text.locate import locate

# A leading or trailing ellipsis only says that the sentence goes on.
_EDGE_ELLIPSIS = re.compile(r"^\s*(?:\[\s*(?:\.{3,}|\u2026)\s*\]|\.{3,}|\u2026)\s*|"
                            r"\s*(?:\[\s*(?:\.{3,}|\u2026)\s*\]|\.{3,}|\u2026)\s*$")
_INNER_MARKS = re.compile(r"\.{3,}|\u2026|\[[^\[\]]*\]")
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.{3,}|\u2026)\s*\]|\.{3,}|\u2026)\s*")
_LINE_BREAK_RUN = re.compile(r"[ \t]*(?:\r\n|\r|\n)\s*")


@dataclass
class Place:
    """One place the quote is found, described for the ledger."""

    start: int
    end: int
    line: int
    column: int
    found: str                          # the source's text at start:end
    prefix: Optional[str] = None        # context that makes it unique ('' if none is needed)
    suffix: Optional[str] = None        # None for both when no context can (only start can)
    evidence: Optional[Dict[str, Any]] = None


@dataclass
class Anchored:
    """What `anchor` found for one quote."""

    quote: str                          # as given
    source_id: str
    status: str                         # verified | ambiguous | misquoted | not_found
    match: Optional[str] = None         # exact | normalized | elided | fuzzy
    score: float = 0.0
    place: Optional[Place] = None       # the verified (or closest, for a misquote) place
    differences: list = field(default_factory=list)
    normalizations: Tuple[str, ...] = ()
    candidates: List[Place] = field(default_factory=list)   # every place, when ambiguous

    @property
    def verified(self) -> bool:
        return self.status == "verified"


def _of_place(name: str) -> property:
    return property(lambda self: getattr(self.place, name) if self.place is not None else None,
                    doc=f"The place's {name} (None when there is no place).")


for _name in ("start", "end", "line", "column", "found", "prefix", "suffix", "evidence"):
    setattr(Anchored, _name, _of_place(_name))


def ledger_quote(found: str, quote: str, match: Optional[str]) -> str:
    """The quote the ledger should hold for a match: the source's own text
    (its typography), with line breaks inside it written as one space. A quote
    with an elision or an alteration inside keeps its own wording.

    >>> ledger_quote("what’s known", "...what's known", "elided")
    'what’s known'
    >>> ledger_quote("the\\r\\nsource", "the source", "normalized")
    'the source'
    >>> ledger_quote("Mali’s army, it said, won’t", "Mali's army ... won't", "elided")
    'Mali’s army ... won’t'
    >>> ledger_quote("the [army] said", "the [army] said", "elided")
    'the [army] said'
    """
    if match == "elided":
        inner = _EDGE_ELLIPSIS.sub("", quote.strip())
        if _INNER_MARKS.search(inner):
            return _retyped_pieces(found, inner) or quote.strip()
    return _LINE_BREAK_RUN.sub(" ", found)


def _retyped_pieces(found: str, quote: str) -> Optional[str]:
    """``quote``'s pieces between ellipses in ``found``'s own characters, the
    ellipses kept as typed; None when a piece is not found plainly in order, or
    the quote holds a bracketed alteration (its wording is the quoter's)."""
    pieces = _ELLIPSIS.split(quote)
    marks = _ELLIPSIS.findall(quote)
    if any("[" in p or "]" in p for p in pieces) or not all(p.strip() for p in pieces):
        return None
    out, cursor = [], 0
    for piece in pieces:
        m = locate(found[cursor:], piece)
        spans = [(m.start, m.end)] if m.status == "verified" else list(m.candidates) \
            if m.status == "ambiguous" else []
        if not spans or m.match not in ("exact", "normalized", None):
            return None
        s, e = min(spans)
        out.append(_LINE_BREAK_RUN.sub(" ", found[cursor + s:cursor + e]))
        cursor += e
    return out[0] + "".join(mark + piece for mark, piece in zip(marks, out[1:]))


def _evidence(source_id: str, quote: str, start: int, end: int,
              prefix: Optional[str], suffix: Optional[str]) -> Dict[str, Any]:
    item: Dict[str, Any] = {"source": source_id, "quote": quote}
    if prefix:
        item["prefix"] = prefix
    if suffix:
        item["suffix"] = suffix
    item["start"], item["end"] = start, end
    return item


def _place(text: str, source_id: str, start: int, end: int, quote: str, match: Optional[str],
           line_col) -> Place:
    found = text[start:end]
    context = describe_quote(text, start, end)
    prefix, suffix = context if context is not None else (None, None)
    place = Place(start, end, *line_col(start), found=found, prefix=prefix, suffix=suffix)
    item_quote = ledger_quote(found, quote, match)
    again = locate(text, item_quote, prefix=prefix or None, suffix=suffix or None, position=start)
    if again.status != "verified" or (again.start, again.end) != (start, end):
        item_quote = quote.strip()  # never propose an item that would not verify here
    place.evidence = _evidence(source_id, item_quote, start, end, prefix, suffix)
    return place


def _line_col(text: str):
    from mali_facts.text.lines import LineIndex

    index = LineIndex(text)
    return index.line_col


def anchor_quote(text: str, quote: str, *, source_id: str,
                 occurrence: Optional[int] = None) -> Anchored:
    """Anchor ``quote`` in ``text`` (the source ``source_id``). Pure.

    ``occurrence`` (1-based) picks one place of a quote that occurs several times.
    Raises UsageError for an empty quote or an occurrence that does not exist.
    """
    if not quote.strip():
        raise UsageError("the quote is empty", hint="give the words to find, or - to read them from stdin")
    m = locate(text, quote)
    line_col = _line_col(text)
    result = Anchored(quote=quote, source_id=source_id, status=m.status, match=m.match,
                      score=m.score, differences=list(m.differences),
                      normalizations=tuple(m.normalizations))
    if m.status == "ambiguous":
        result.candidates = [_place(text, source_id, s, e, quote, None, line_col)
                             for s, e in m.candidates]
        if occurrence is not None:
            if not 1 <= occurrence <= len(result.candidates):
                raise UsageError(f"--occurrence {occurrence}: the quote occurs "
                                 f"{len(result.candidates)} times",
                                 hint=f"pick a number from 1 to {len(result.candidates)}")
            chosen = result.candidates[occurrence - 1]
            again = locate(text, quote, position=chosen.start)
            result.status, result.match = again.status, again.match
            result.normalizations = tuple(again.normalizations)
            result.place = _place(text, source_id, chosen.start, chosen.end, quote, again.match,
                                  line_col)
        return result
    if occurrence is not None and occurrence != 1 and m.status == "verified":
        raise UsageError(f"--occurrence {occurrence}: the quote occurs once",
                         hint="leave --occurrence out")
    if m.start is not None:
        if m.status == "verified":
            result.place = _place(text, source_id, m.start, m.end, quote, m.match, line_col)
        else:  # the closest source text of a misquote: no context, no evidence item
            result.place = Place(m.start, m.end, *line_col(m.start), found=text[m.start:m.end])
    return result


# -- where the source comes from ----------------------------------------------------

@dataclass
class SourceRef:
    """A source text to anchor in: a ledger source, or a file named on the command line."""

    id: str
    file: str               # as shown to people (the ledger's path, or the path given)
    text: str
    sha256: Optional[str] = None


def _same_file(a, b) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def resolve_source(spec: str, ledger=None, ledger_error: Optional[Exception] = None) -> SourceRef:
    """``spec`` as a source id of ``ledger``, else as a path to a text file."""
    from mali_facts.ledger import Source
    from mali_facts.sources import read_source

    if ledger is not None and spec in ledger.sources:
        source = ledger.sources[spec]
    elif Path(spec).is_file() and ledger is not None and any(
            _same_file(s.path, spec) for s in ledger.sources.values()):
        source = next(s for s in ledger.sources.values() if _same_file(s.path, spec))
    elif Path(spec).is_file():
        stem = re.sub(r"[^a-z0-9]+", "-", Path(spec).stem.lower()).strip("-") or "source"
        source = Source(id=stem, file=spec, path=Path(spec), title="", line=0)
    else:
        source = None
    if source is not None:
        src = read_source(source)
        if src.text is None:
            raise UsageError(src.error or f"cannot read {source.file}")
        return SourceRef(source.id, source.file, src.text, src.sha256)
    if ledger is None and ledger_error is not None:
        raise ledger_error
    ids = list(ledger.sources) if ledger is not None else []
    raise UsageError(f"unknown source {spec!r}: neither a source id of the claims file nor a file",
                     hint=did_you_mean(spec, ids) or "give a source id from 'sources:' or a path "
                     "to a UTF-8 text file")
