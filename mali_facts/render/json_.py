"""JSON output. Stable and documented in the README; never colored.

:func:`dumps` is the one JSON writer of every command. It writes exactly what
``json.dumps(data, ensure_ascii=False, indent=2)`` writes (a property test holds
it to that), but faster: the standard library indents through its pure-Python
encoder, one generator step per token, while this one encodes strings with the
same C function (``encode_basestring``) and joins each container once.

The check report (:func:`render_check`, 10 MB for 10,000 claims) is written by the
same encoder without dicts: its objects are declared once (``EVIDENCE``, ``CLAIM``),
each key's values are read and encoded a column at a time, and the encoder lays out
the text around them (:class:`Shape`). docs/start-up-and-output.md has the figures.
"""

from __future__ import annotations

from json.encoder import encode_basestring, encode_basestring_ascii
from functools import partial
from operator import attrgetter, methodcaller
from typing import TYPE_CHECKING, Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

if TYPE_CHECKING:
    from mali_facts.verify import CheckReport, ClaimResult, EvidenceResult

JSON_VERSION = 1

_INFINITY = float("inf")
_SEQUENCE_TYPES = {list, tuple}
_INT_OR_NONE = {int, type(None)}
_STR_OR_NONE = {str, type(None)}


class _Raw:
    """JSON text already written for its place in the document (by a shape, see
    :meth:`_Encoder.shape`): the encoder inserts it as it is."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _encoder(ensure_ascii: bool, indent: int) -> "_Encoder":
    """A function that encodes like ``json.dumps(o, ensure_ascii=..., indent=...)``
    with the other options at their defaults (allow_nan, no sort_keys, no default)."""
    string = encode_basestring_ascii if ensure_ascii else encode_basestring
    int_repr, float_repr = int.__repr__, float.__repr__
    unit = " " * indent
    newlines: List[str] = ["\n"]  # newlines[level]: a line break indented to `level`

    def newline(level: int) -> str:
        while len(newlines) <= level:
            newlines.append("\n" + unit * len(newlines))
        return newlines[level]

    def floatstr(o: float) -> str:
        if o != o:
            return "NaN"
        if o == _INFINITY:
            return "Infinity"
        if o == -_INFINITY:
            return "-Infinity"
        return float_repr(o)

    def key(k: Any) -> str:  # json's order of checks (a bool is an int, so before int)
        if isinstance(k, str):
            return string(k)
        if isinstance(k, float):
            return string(floatstr(k))
        if k is True:
            return '"true"'
        if k is False:
            return '"false"'
        if k is None:
            return '"null"'
        if isinstance(k, int):
            return string(int_repr(k))
        raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")

    class Keys(dict):
        """Encoded keys with their ``": "``: the same few keys recur in every object.
        Only str keys are kept (1, 1.0 and True are equal keys but encode apart)."""

        def __missing__(self, k: Any) -> str:
            encoded = key(k) + ": "
            if type(k) is str:
                self[k] = encoded
            return encoded

    def value(o: Any, level: int, keys: Keys) -> str:
        t = type(o)
        if t is str:
            return string(o)
        if t is int:
            return int_repr(o)
        if t is list:
            return arr(o, level, keys) if o else "[]"
        if t is dict:
            return obj(o, level, keys) if o else "{}"
        if t is _Raw:
            return o.text
        if o is None:
            return "null"
        if o is True:
            return "true"
        if o is False:
            return "false"
        if t is float:
            return floatstr(o)
        # subclasses (a str Enum, an IntEnum) and tuples, in json's order of checks
        if isinstance(o, str):
            return string(o)
        if isinstance(o, int):
            return int_repr(o)
        if isinstance(o, float):
            return floatstr(o)
        if isinstance(o, (list, tuple)):
            return arr(o, level, keys) if o else "[]"
        if isinstance(o, dict):
            return obj(o, level, keys) if o else "{}"
        raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")

    def obj(d: Any, level: int, keys: Keys) -> str:  # d is not empty
        inner = level + 1
        nl = newline(inner)
        items = [keys[k] + (string(v) if type(v) is str else
                            int_repr(v) if type(v) is int else value(v, inner, keys))
                 for k, v in d.items()]
        return "{" + nl + ("," + nl).join(items) + newlines[level] + "}"

    def arr(a: Any, level: int, keys: Keys) -> str:  # a is not empty
        inner = level + 1
        nl = newline(inner)
        items = [string(v) if type(v) is str else value(v, inner, keys) for v in a]
        return "[" + nl + ("," + nl).join(items) + newlines[level] + "]"

    def chunks(o: Any, level: int, keys: Keys, out: List[str], depth: int) -> None:
        """Append ``o``'s encoding to ``out`` in pieces, down to ``depth`` levels of
        objects and arrays, so that the few large containers at the top (a report's
        10,000 claims) are not copied once more into each enclosing string."""
        t = type(o)
        if depth and o and (t is dict or t is list):
            inner = level + 1
            nl = newline(inner)
            sep = "," + nl
            if t is dict:
                out.append("{" + nl)
                for i, (k, v) in enumerate(o.items()):
                    out.append(keys[k] if not i else sep + keys[k])
                    chunks(v, inner, keys, out, depth - 1)
                out.append(newlines[level] + "}")
            else:
                out.append("[" + nl)
                for i, v in enumerate(o):
                    if i:
                        out.append(sep)
                    chunks(v, inner, keys, out, depth - 1)
                out.append(newlines[level] + "]")
        else:
            out.append(value(o, level, keys))

    def encode(o: Any, end: str = "") -> str:
        out: List[str] = []
        chunks(o, 0, Keys(), out, 3)
        out.append(end)
        return "".join(out)

    def shape(fields: Sequence[str], level: int) -> "Shape":
        """The writer of objects that all have these keys, in this order, at ``level``
        (see :class:`Shape`)."""
        if len(set(fields)) != len(fields):
            raise ValueError(f"a shape's keys must differ: {fields!r}")
        keys = Keys()
        inner = level + 1
        nl = newline(inner)
        if fields:
            pieces = (["{" + nl + keys[fields[0]]] + ["," + nl + keys[k] for k in fields[1:]]
                      + [newlines[level] + "}"])
        else:
            pieces = ["{}"]

        def encode_values(values: Sequence[Any]) -> List[str]:
            return [string(v) if type(v) is str else int_repr(v) if type(v) is int else
                    value(v, inner, keys) for v in values]

        def encode_column(values: List[Any]) -> List[str]:
            """``encode_values`` of one key's values in many objects: in one C call
            when they are all exact str or all exact int, the usual case."""
            types = set(map(type, values))
            if len(types) == 1:
                t = types.pop()
                if t is str:
                    return list(map(string, values))
                if t is int:
                    return list(map(int_repr, values))
                if t is float:
                    reprs = list(map(float_repr, values))
                    if "nan" not in reprs and "inf" not in reprs and "-inf" not in reprs:
                        return reprs
                types.add(t)
            if types <= _SEQUENCE_TYPES:  # lists and tuples, mostly empty
                return [value(v, inner, keys) if v else "[]" for v in values]
            if types <= _INT_OR_NONE:  # start, end
                return ["null" if v is None else int_repr(v) for v in values]
            if types <= _STR_OR_NONE:  # match, found
                return ["null" if v is None else string(v) for v in values]
            return [string(v) if type(v) is str else int_repr(v) if type(v) is int else
                    value(v, inner, keys) for v in values]

        return Shape(pieces, encode_values, encode_column)

    def array(level: int) -> List[str]:
        """The text around the one item of a one-item array at ``level``."""
        return ["[" + newline(level + 1), newlines[level] + "]"]

    def separator(level: int) -> str:
        """What comes between two items of an object or array at ``level``."""
        return "," + newline(level + 1)

    return _Encoder(encode, shape, array, separator)


class Shape:
    """Objects of one fixed shape (keys in a fixed order) at one level, written from
    their values alone: what the encoder writes for ``dict(zip(fields, values))``.

    ``pieces`` is the text around the values (keys, commas, line breaks and braces:
    one more piece than values); ``encode_values`` encodes one object's values for
    their place, ``encode_column`` one key's values of many objects. Pieces of shapes
    nest (:func:`nest`): a claim's with its evidence item's in its "evidence" slot."""

    __slots__ = ("pieces", "encode_values", "encode_column", "template")

    def __init__(self, pieces: List[str], encode_values: Callable[[Sequence[Any]], List[str]],
                 encode_column: Callable[[List[Any]], List[str]]) -> None:
        self.pieces = pieces
        self.encode_values = encode_values
        self.encode_column = encode_column
        self.template = template(pieces)

    def __call__(self, values: Sequence[Any]) -> _Raw:
        return _Raw(self.template % tuple(self.encode_values(values)))

    def columns(self, objects: List[Any], fields: Sequence[Any]) -> List[List[str]]:
        """For each field (a :class:`Field`), its encoded values in the objects."""
        return [self.encode_column(f.column(objects)) for f in fields]


def template(pieces: Sequence[str]) -> str:
    """A %-template with a ``%s`` between each two pieces."""
    return "%s".join(p.replace("%", "%%") for p in pieces)


def nest(outer: List[str], slot: int, inner: List[str]) -> List[str]:
    """``outer``'s pieces with ``inner``'s written in value slot ``slot`` (0-based):
    the values of ``inner`` then stand in for that one value.

    >>> nest(["(", ", ", ")"], 1, ["[", "]"])
    ['(', ', [', '])']
    """
    return outer[:slot] + [outer[slot] + inner[0]] + inner[1:-1] + [inner[-1] + outer[slot + 1]] \
        + outer[slot + 2:]


class _Encoder:
    """What :func:`_encoder` makes: call it to encode a value. ``shape`` makes a
    :class:`Shape`; ``array`` and ``separator`` give the text around the items of an
    array (see :func:`render_check`)."""

    __slots__ = ("encode", "shape", "array", "separator")

    def __init__(self, encode: Callable[..., str], shape: Callable[[Sequence[str], int], Shape],
                 array: Callable[[int], List[str]], separator: Callable[[int], str]) -> None:
        self.encode = encode
        self.shape = shape
        self.array = array
        self.separator = separator

    def __call__(self, o: Any, end: str = "") -> str:
        return self.encode(o, end)


_dumps = _encoder(ensure_ascii=False, indent=2)


def dumps(data: Any) -> str:
    """The one JSON writer: UTF-8 text (not ASCII escapes), indented by 2, a final newline.

    >>> print(dumps({"a": ["é", 1.5, None, {}]}), end="")
    {
      "a": [
        "é",
        1.5,
        null,
        {}
      ]
    }
    """
    try:
        return _dumps(data, "\n")
    except RecursionError:  # nested too deep, or circular: let json say which
        import json

        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class Field(NamedTuple):
    """One key of an object of the check report, and how its JSON value is read from
    a result object: ``get`` reads an attribute (an attrgetter, C speed over a column);
    ``convert``, when given, makes it the JSON value; with ``each``, the value is a
    list made of the attribute's items (each converted, when ``convert`` is given)."""

    key: str
    get: Callable[[Any], Any]
    convert: Optional[Callable[[Any], Any]] = None
    each: bool = False

    def of(self, obj: Any) -> Any:
        """The JSON value of this key in ``obj``'s object."""
        v = self.get(obj)
        if self.each:
            return [self.convert(x) for x in v] if self.convert else list(v)
        return self.convert(v) if self.convert else v

    def column(self, objs: List[Any]) -> List[Any]:
        """``[self.of(o) for o in objs]``, a column at a time, except that an empty list
        or tuple stays as it is: it is written ``[]`` all the same."""
        values = list(map(self.get, objs))
        if self.each:
            of = self.of
            return [v if not v and type(v) in _SEQUENCE_TYPES else of(o)
                    for o, v in zip(objs, values)]
        if self.convert:
            return list(map(self.convert, values))
        return values


def _candidate(span: Any) -> Dict[str, Any]:
    start, end = span
    return {"start": start, "end": end}


# The check report's objects, each defined once: its keys in order, and how each
# value is read. The dicts below (evidence_dict for `show`, check_dict) and the
# templates of render_check are both made from these.
EVIDENCE: Tuple[Field, ...] = (
    Field("source", attrgetter("evidence.source")),
    Field("line", attrgetter("evidence.line")),
    Field("status", attrgetter("status")),
    Field("match", attrgetter("match")),
    Field("start", attrgetter("start")),
    Field("end", attrgetter("end")),
    Field("score", attrgetter("score"), partial(round, ndigits=1)),
    Field("found", attrgetter("found")),
    Field("quote", attrgetter("evidence.quote")),
    Field("differences", attrgetter("differences"), methodcaller("to_dict"), each=True),
    Field("normalizations", attrgetter("normalizations"), each=True),
    Field("candidates", attrgetter("candidates"), _candidate, each=True),
    Field("warnings", attrgetter("warnings"), each=True),
)
# A claim's keys; its last, "evidence", is the list of its evidence items.
CLAIM: Tuple[Field, ...] = (
    Field("id", attrgetter("claim.id")),
    Field("line", attrgetter("claim.line")),
    Field("status", attrgetter("status")),
    Field("statement", attrgetter("claim.statement")),
    Field("warnings", attrgetter("warnings"), each=True),
)
CLAIM_FIELDS = tuple(f.key for f in CLAIM) + ("evidence",)
EVIDENCE_FIELDS = tuple(f.key for f in EVIDENCE)


def evidence_dict(e: EvidenceResult) -> Dict[str, Any]:
    return {f.key: f.of(e) for f in EVIDENCE}


def claim_dict(c: ClaimResult) -> Dict[str, Any]:
    d = {f.key: f.of(c) for f in CLAIM}
    d["evidence"] = [evidence_dict(e) for e in c.evidence]
    return d


def _check_head(report: CheckReport) -> Dict[str, Any]:
    """The report's keys before "claims", its last."""
    from mali_facts.ledger import display_path

    return {"version": JSON_VERSION, "claims_file": display_path(report.ledger.path),
            "strict": report.strict, "summary": report.summary()}


def check_dict(report: CheckReport) -> Dict[str, Any]:
    d = _check_head(report)
    d["claims"] = [claim_dict(c) for c in report.claims]
    return d


def render_check(report: CheckReport, **_: Any) -> str:
    """``dumps(check_dict(report))``, without the dicts, a column at a time: each
    Field of CLAIM and EVIDENCE reads its values from all results at once, they are
    encoded at once (one C call for a column of strings), and the one encoder lays out
    the text around them: a claim with its one evidence item is 19 fixed pieces around
    18 values, and the report is one join of the pieces and the columns, interleaved.
    The levels: the report (0), its "claims" array (1), a claim (2), its "evidence"
    array (3), an evidence item (4). When some claim has no evidence item or several
    (rare), each claim with one is one ``%`` of the same pieces as a template, and the
    others are written with each item on its own."""
    try:
        return _render_check(report)
    except RecursionError:  # a value nested too deep: the generic path says what json says
        return dumps(check_dict(report))


_FOUND, _QUOTE = EVIDENCE_FIELDS.index("found"), EVIDENCE_FIELDS.index("quote")


def _evidence_columns(shape: Shape, results: List[Any]) -> List[List[str]]:
    """``shape.columns(results, EVIDENCE)``, the found text encoded only where it is
    not the quote (for a quote found verbatim it is: its encoding is taken from the
    quote's column, the longest two strings of an item encoded once).

    >>> from types import SimpleNamespace as O
    >>> r = [O(evidence=O(source="s", line=1, quote=q), status="verified", match=None, start=None,
    ...        end=None, score=1.0, found=f, differences=(), normalizations=(), candidates=(),
    ...        warnings=()) for q, f in (("a \u201cb\u201d", "a \u201cb\u201d"), ("c", "C"), ("d", None))]
    >>> shape = _dumps.shape(EVIDENCE_FIELDS, 4)
    >>> _evidence_columns(shape, r) == shape.columns(r, EVIDENCE)
    True
    """
    values = [f.column(results) for f in EVIDENCE]
    found, quotes = values[_FOUND], values[_QUOTE]
    values[_FOUND] = []  # (encoded below)
    columns = list(map(shape.encode_column, values))
    encoded = columns[_QUOTE]
    column: List[Any] = [None] * len(found)
    rest = []
    if set(map(type, quotes)) == {str}:  # (always: a quote is a str)
        for k, (f, quote) in enumerate(zip(found, quotes)):
            if f == quote:  # (then f is a str too: encoded as the quote is)
                column[k] = encoded[k]
            else:
                rest.append(k)
    else:
        rest = list(range(len(found)))
    for k, text in zip(rest, shape.encode_column([found[k] for k in rest])):
        column[k] = text
    columns[_FOUND] = column
    return columns


def _render_check(report: CheckReport) -> str:
    evidence = _dumps.shape(EVIDENCE_FIELDS, 4)
    claim = _dumps.shape(CLAIM_FIELDS, 2)
    slot = len(CLAIM_FIELDS) - 1  # "evidence", the claim's last value
    # the text around the values of a claim with one evidence item, the item's in it
    pieces = nest(claim.pieces, slot, nest(_dumps.array(3), 0, evidence.pieces))

    first = _check_head(report)
    head = _dumps.shape(tuple(first) + ("claims",), 0)
    text = template(head.pieces[:-1]) % tuple(head.encode_values(list(first.values())))
    end = head.pieces[-1] + "\n"
    claims = report.claims
    if not claims:
        return text + "[]" + end
    opening, closing = _dumps.array(1)
    separator = _dumps.separator(1)
    counts = list(map(len, map(attrgetter("evidence"), claims)))
    if counts.count(1) == len(claims):
        # The usual report: the document is one join of the pieces and the columns,
        # claim after claim, each claim's pieces and values interleaved.
        columns = (claim.columns(claims, CLAIM)
                   + _evidence_columns(evidence, [c.evidence[0] for c in claims]))
        n, m = len(claims), 2 * len(columns) + 1
        flat: List[Optional[str]] = [None] * (n * m)
        flat[0::m] = [separator + pieces[0]] * n
        for i, column in enumerate(columns):
            flat[2 * i + 1::m] = column
            flat[2 * i + 2::m] = [pieces[i + 1]] * n
        flat[0] = text + opening + pieces[0]
        flat.append(closing + end)
        return "".join(flat)  # type: ignore[arg-type]

    # Some claims have no evidence item or several: those with one are each one %
    # of the template, the others are written on their own.
    one = template(pieces)
    ones = [c for c, n in zip(claims, counts) if n == 1]
    written = iter(map(one.__mod__, zip(*claim.columns(ones, CLAIM),
                                        *_evidence_columns(evidence, [c.evidence[0] for c in ones]))))
    texts = [next(written) if n == 1 else claim.template % tuple(claim.encode_values(
        [f.of(c) for f in CLAIM] + [[evidence([f.of(e) for f in EVIDENCE]) for e in c.evidence]]))
        for c, n in zip(claims, counts)]
    texts[0] = text + opening + texts[0]
    texts[-1] += closing + end
    return separator.join(texts)
