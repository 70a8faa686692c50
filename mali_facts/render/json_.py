"""JSON output. Stable and documented in the README; never colored.

:func:`dumps` is the one JSON writer of every command. It writes exactly what
``json.dumps(data, ensure_ascii=False, indent=2)`` writes (a property test holds
it to that), but faster: the standard library indents through its pure-Python
encoder, one generator step per token, while this one encodes strings with the
same C function (``encode_basestring``) and joins each container once.
"""

from __future__ import annotations

from json.encoder import encode_basestring, encode_basestring_ascii
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Sequence, Tuple

if TYPE_CHECKING:
    from mali_facts.verify import CheckReport, ClaimResult, EvidenceResult

JSON_VERSION = 1

_INFINITY = float("inf")


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

    def shape(fields: Sequence[str], level: int) -> Callable[[Sequence[Any]], _Raw]:
        """A writer of objects that all have these keys in this order, at ``level``:
        given the values (in the same order), it writes what ``obj`` writes for
        ``dict(zip(fields, values))``. The keys, commas and line breaks are laid out
        once, as one %-template; a value is a string, an int, or any other value (a
        list, None, another shape's _Raw), which goes through ``value``."""
        if len(set(fields)) != len(fields):
            raise ValueError(f"a shape's keys must differ: {fields!r}")
        if not fields:
            empty = _Raw("{}")
            return lambda values: empty
        keys = Keys()
        inner = level + 1
        nl = newline(inner)
        template = ("{" + nl + ("," + nl).join(keys[k].replace("%", "%%") + "%s" for k in fields)
                    + newlines[level] + "}")

        def write(values: Sequence[Any]) -> _Raw:
            return _Raw(template % tuple([
                string(v) if type(v) is str else int_repr(v) if type(v) is int else
                value(v, inner, keys) for v in values]))

        return write

    return _Encoder(encode, shape)


class _Encoder:
    """What :func:`_encoder` makes: call it to encode a value; ``shape`` makes a
    template writer for objects of one fixed shape (see :func:`render_check`)."""

    __slots__ = ("encode", "shape")

    def __init__(self, encode: Callable[..., str],
                 shape: Callable[[Sequence[str], int], Callable[[Sequence[Any]], _Raw]]) -> None:
        self.encode = encode
        self.shape = shape

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


# The shape of the check report, each object once: its keys, and a function that
# reads their values from the result objects. The dicts below (evidence_dict for
# `show`, check_dict) and the templates of render_check are both made from these.
EVIDENCE_FIELDS = ("source", "line", "status", "match", "start", "end", "score", "found",
                   "quote", "differences", "normalizations", "candidates", "warnings")
CLAIM_FIELDS = ("id", "line", "status", "statement", "warnings", "evidence")
CHECK_FIELDS = ("version", "claims_file", "strict", "summary", "claims")


def _evidence_values(e: EvidenceResult) -> Tuple[Any, ...]:
    ev = e.evidence
    return (ev.source, ev.line, e.status, e.match, e.start, e.end, round(e.score, 1), e.found,
            ev.quote, [d.to_dict() for d in e.differences], list(e.normalizations),
            [{"start": s, "end": t} for s, t in e.candidates], list(e.warnings))


def _claim_values(c: ClaimResult, evidence: Callable[[EvidenceResult], Any]) -> Tuple[Any, ...]:
    claim = c.claim
    return (claim.id, claim.line, c.status, claim.statement, list(c.warnings),
            [evidence(e) for e in c.evidence])


def _check_values(report: CheckReport, claim: Callable[[ClaimResult], Any]) -> Tuple[Any, ...]:
    from mali_facts.ledger import display_path

    return (JSON_VERSION, display_path(report.ledger.path), report.strict, report.summary(),
            [claim(c) for c in report.claims])


def evidence_dict(e: EvidenceResult) -> Dict[str, Any]:
    return dict(zip(EVIDENCE_FIELDS, _evidence_values(e)))


def claim_dict(c: ClaimResult) -> Dict[str, Any]:
    return dict(zip(CLAIM_FIELDS, _claim_values(c, evidence_dict)))


def check_dict(report: CheckReport) -> Dict[str, Any]:
    return dict(zip(CHECK_FIELDS, _check_values(report, claim_dict)))


def render_check(report: CheckReport, **_: Any) -> str:
    """``dumps(check_dict(report))``, without the dicts: each claim and evidence item
    is written straight from the result objects into its shape's template. The
    levels: the report (0), its "claims" list (1), a claim (2), its "evidence" (3),
    an evidence item (4)."""
    evidence_shape = _dumps.shape(EVIDENCE_FIELDS, 4)
    claim_shape = _dumps.shape(CLAIM_FIELDS, 2)

    def evidence(e: EvidenceResult) -> _Raw:
        return evidence_shape(_evidence_values(e))

    def claim(c: ClaimResult) -> _Raw:
        return claim_shape(_claim_values(c, evidence))

    try:
        return _dumps(dict(zip(CHECK_FIELDS, _check_values(report, claim))), "\n")
    except RecursionError:  # a value nested too deep: the generic path says what json says
        return dumps(check_dict(report))
