"""YAML with positions: every value keeps the line and column it was written at.

PyYAML's safe loader silently keeps the last of two duplicate keys and forgets
where values came from. Here the tree is built by hand so that duplicate keys,
anchors and non-string keys are rejected with their line, and every later error
can name ``file:line``: straight from libyaml's events for the usual file
(:func:`_from_events`), else from the composer's node tree (:func:`_composed`),
which finds and says every problem.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

import yaml

from mali_facts.errors import LedgerError


class Y:
    """A YAML value with its position (1-based line and column).

    A plain class with slots, not a dataclass: a 10,000-claim file makes 300,000 of them.
    """

    __slots__ = ("value", "line", "column", "end_line", "key_line", "key_column", "tag", "raw")

    def __init__(self, value: Any, line: int, column: int, end_line: int,
                 key_line: Optional[int] = None, key_column: Optional[int] = None,
                 tag: str = "", raw: Optional[str] = None) -> None:
        self.value = value            # dict[str, Y] | list[Y] | scalar
        self.line = line
        self.column = column
        self.end_line = end_line
        self.key_line = key_line      # for a mapping value: the line of its key
        self.key_column = key_column
        self.tag = tag
        self.raw = raw                # the scalar as written

    def __repr__(self) -> str:
        return (f"Y(value={self.value!r}, line={self.line}, column={self.column}, "
                f"end_line={self.end_line}, key_line={self.key_line}, "
                f"key_column={self.key_column}, tag={self.tag!r})")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Y:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in Y.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    def plain(self) -> Any:
        """The value with positions stripped."""
        if self.is_map:
            return {k: v.plain() for k, v in self.value.items()}
        if self.is_list:
            return [v.plain() for v in self.value]
        return self.value


# What YAML 1.1 forbids in a stream (PyYAML's reader refuses it with a two-line message).
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_STR, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
_TIMESTAMP, _MERGE = "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"
_ScalarNode, _SequenceNode = yaml.ScalarNode, yaml.SequenceNode
# A plain decimal integer: read by int() exactly as YAML 1.1's constructor reads it.
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


def _loader_class():
    """libyaml's composer when PyYAML has it, with a resolver of its own (see below)."""
    if not _LOADER:
        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _LOADER.append(base)
        if not base.yaml_path_resolvers and None not in base.yaml_implicit_resolvers:
            _LOADER[0] = type("_Loader", (base,), {"resolve": _resolver(base)})
    return _LOADER[0]


_LOADER: list = []


def _resolver(base):
    """``base.resolve`` without its general cases: the composer asks it the tag of every
    node (145,000 times for 10,000 claims), in Python. Safe loading has no path
    resolvers and no wildcard implicit ones (checked by the caller), so a quoted
    scalar is a string and a plain one is what the first matching implicit resolver
    for its first character says, else a string: what ``base.resolve`` answers.
    """
    by_first = {first: tuple(resolvers) for first, resolvers in base.yaml_implicit_resolvers.items()}
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode
    seq_tag, map_tag = base.DEFAULT_SEQUENCE_TAG, base.DEFAULT_MAPPING_TAG

    def resolve(self, kind, value, implicit):
        if kind is scalar:
            if implicit[0]:
                for tag, regexp in by_first.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return seq_tag if kind is sequence else map_tag

    return resolve


def parse(text: str, path: str, errors: Optional[List[LedgerError]] = None) -> Y:
    """Parse ``text`` (the contents of ``path``) into a tree of :class:`Y`.

    A duplicate key is raised at once, or, when an ``errors`` list is given,
    appended to it (the first value is kept) so that later problems are found too.

    >>> tree = parse("a: 1\\nb: [x, y]\\n", "f.yaml")
    >>> tree.value["b"].value[1].value, tree.value["b"].line
    ('y', 2)
    >>> parse("a: 1\\na: 2\\n", "f.yaml")
    Traceback (most recent call last):
    ...
    mali_facts.errors.LedgerError: f.yaml:2: duplicate key 'a' (first defined on line 1; remove one of them)
    """
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - text.rfind("\n", 0, bad.start())
        raise LedgerError(f"invalid YAML: control character U+{ord(bad.group()):04X} at column {column}",
                          path=path, line=line,
                          hint="remove it, or write it as an escape in double quotes") from None
    tree = _from_events(text, path)
    if tree is not None:
        return tree
    return _composed(text, path, errors)


def _composed(text: str, path: str, errors: Optional[List[LedgerError]] = None) -> Y:
    """:func:`parse` the long way: libyaml's composer builds the node tree, then
    :func:`_convert` walks it. Every problem a file can have is found and said here."""
    try:
        node = yaml.compose(text, Loader=_loader_class())
    except RecursionError:
        raise LedgerError("invalid YAML: nested too deeply", path=path, line=None,
                          hint="flatten the structure") from None
    except yaml.MarkedYAMLError as exc:
        # the parser's own words, where it stopped: "claims.yaml:14:7: found a tab character …"
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise LedgerError(problem, path=path, line=line,
                          column=mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise LedgerError("invalid YAML: " + " ".join(str(exc).split()), path=path, line=None) from None
    if node is None:
        raise LedgerError("the file is empty", path=path, line=1,
                          hint="start it with 'version: 1'")
    constructor = yaml.SafeLoader("")
    try:
        tree = _convert(node, path, constructor, set() if "&" in text else None, errors)
    except _Alias:
        line = next((e.start_mark.line + 1 for e in yaml.parse(text, Loader=_loader_class())
                     if isinstance(e, yaml.AliasEvent)), None)
        raise LedgerError("anchors and aliases are not supported", path=path, line=line,
                          hint="write the value out in full") from None
    if "&" in text:  # an anchor no alias uses: refused too, as the docs say
        for event in yaml.parse(text, Loader=_loader_class()):
            if getattr(event, "anchor", None) is not None:
                raise LedgerError(f"anchors and aliases are not supported (&{event.anchor})",
                                  path=path, line=event.start_mark.line + 1,
                                  hint="remove the anchor") from None
    return tree


class _Unusual(Exception):
    """Something :func:`_from_events` leaves to the long way (:func:`_composed`)."""


def _from_events(text: str, path: str) -> Optional[Y]:
    """The :class:`Y` tree of ``text`` built straight from libyaml's events, or None
    when the text has anything but plain, untagged block and flow collections of
    scalars with distinct plain-scalar keys in one document: an anchor, an alias, a
    tag, a duplicate or a complex key, a second document, no document, a YAML error,
    nesting too deep. Then :func:`parse` takes the long way, which reports each of
    those as it always has.

    It gives the tree :func:`_composed` gives (tests/ledger/test_ledger_events.py
    compares them): the composer makes each node from these same events, with the
    same marks (a collection's end is its end event's), and asks the resolver the
    tag of every scalar; building the tree from the events skips the node objects
    and three Python calls per node (half the time of parsing 10,000 claims).

    >>> _from_events("a: [x, 1]\\n", "f.yaml").value["a"].value[1].value
    1
    >>> _from_events("a: &x 1\\n", "f.yaml") is None, _from_events("a: 1\\na: 2\\n", "f.yaml") is None
    (True, True)
    """
    loader = _loader_class()(text)
    try:
        get = loader.get_event
        if get().__class__ is not yaml.StreamStartEvent or get().__class__ is not yaml.DocumentStartEvent:
            return None
        constructor: list = []
        tree = _build(get(), get, loader.resolve, path, constructor)
        if get().__class__ is not yaml.DocumentEndEvent or get().__class__ is not yaml.StreamEndEvent:
            return None
        return tree
    except (_Unusual, yaml.YAMLError, RecursionError, MemoryError, LedgerError):
        # (out of memory: the partial tree is let go here, and the long way runs out
        # of memory as it always has, or not)
        return None
    finally:
        loader.dispose()


_ScalarEvent, _SequenceStartEvent = yaml.ScalarEvent, yaml.SequenceStartEvent
_MappingStartEvent, _SequenceEndEvent = yaml.MappingStartEvent, yaml.SequenceEndEvent
_MappingEndEvent = yaml.MappingEndEvent


def _build(event, get, resolve, path: str, constructor: list) -> Y:
    """The :class:`Y` of the node that starts with ``event`` (its other events read
    with ``get``), as :func:`_convert` makes it from the composer's node."""
    kind = event.__class__
    if event.anchor is not None or event.tag is not None:
        raise _Unusual()
    start = event.start_mark
    line = start.line + 1
    if kind is _ScalarEvent:
        value = event.value
        tag = resolve(_ScalarNode, value, event.implicit)
        end = event.end_mark
        end_line = end.line + 1
        if end.column == 0 and end_line > line:
            end_line -= 1
        if tag is _STR or tag == _STR or tag == _TIMESTAMP:
            return Y(value, line, start.column + 1, end_line, None, None, tag, value)
        if tag == _INT and _DECIMAL.fullmatch(value):
            return Y(int(value), line, start.column + 1, end_line, None, None, tag, value)
        if not constructor:
            constructor.append(yaml.SafeLoader(""))
        try:
            built = constructor[0].construct_object(
                _ScalarNode(tag, value, start, end, event.style), deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, KeyError, TypeError):
            raise _Unusual() from None  # the long way says what is wrong
        return Y(built, line, start.column + 1, end_line, None, None, tag, value)
    if kind is _SequenceStartEvent:
        items: List[Y] = []
        event = get()
        while event.__class__ is not _SequenceEndEvent:
            items.append(_build(event, get, resolve, path, constructor))
            event = get()
        tag = _SEQ
    elif kind is _MappingStartEvent:
        out: Dict[str, Y] = {}
        event = get()
        while event.__class__ is not _MappingEndEvent:
            # a key: a plain scalar, untagged, not "<<" (merge), not seen before
            if (event.__class__ is not _ScalarEvent or event.anchor is not None
                    or event.tag is not None):
                raise _Unusual()
            key = event.value
            if key in out or resolve(_ScalarNode, key, event.implicit) == _MERGE:
                raise _Unusual()
            key_mark = event.start_mark
            child = _build(get(), get, resolve, path, constructor)
            child.key_line = key_mark.line + 1
            child.key_column = key_mark.column + 1
            out[key] = child
            event = get()
        items, tag = out, _MAP  # type: ignore[assignment]
    else:  # an alias
        raise _Unusual()
    end = event.end_mark
    end_line = end.line + 1
    if end.column == 0 and end_line > line:
        end_line -= 1
    return Y(items, line, start.column + 1, end_line, None, None, tag)


class _Alias(Exception):
    """A node reached twice: the file uses an alias (*name)."""


def _convert(node, path: str, constructor, seen: Optional[set],
             errors: Optional[List[LedgerError]] = None) -> Y:
    """The :class:`Y` tree of ``node``. ``seen`` (the ids of the nodes met) finds an
    alias; it is None when the text has no ``&``, so no anchor and no alias."""
    start, end = node.start_mark, node.end_mark
    line = start.line + 1
    end_line = end.line + 1
    if end.column == 0 and end_line > line:
        end_line -= 1
    if seen is not None:
        if id(node) in seen:
            raise _Alias()
        seen.add(id(node))
    kind, tag = node.__class__, node.tag
    if kind is _ScalarNode:
        value = node.value
        if tag is _STR or tag == _STR or tag == _TIMESTAMP:
            # most values: the constructor returns node.value; dates stay as written
            # (the ledger parses YYYY, YYYY-MM and YYYY-MM-DD itself)
            return Y(value, line, start.column + 1, end_line, None, None, tag, value)
        if tag == _INT and _DECIMAL.fullmatch(value):
            return Y(int(value), line, start.column + 1, end_line, None, None, tag, value)
        try:
            built = constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise LedgerError(f"invalid value: {getattr(exc, 'problem', exc)}", path=path,
                              line=line) from None
        except (KeyError, TypeError):  # !!bool 'perhaps': PyYAML looks the word up
            kind = {"bool": "boolean"}.get(tag.rpartition(":")[2], tag.rpartition(":")[2])
            raise LedgerError(f"invalid value: {value!r} is not a {kind}", path=path, line=line,
                              hint="remove the tag") from None
        return Y(built, line, start.column + 1, end_line, None, None, tag, value)
    if tag != _MAP and tag != _SEQ:
        raise LedgerError(f"tags are not supported ({tag})", path=path, line=line,
                          hint="remove the tag")
    if kind is _SequenceNode:
        items: List[Y] = [_convert(item, path, constructor, seen, errors) for item in node.value]
        return Y(items, line, start.column + 1, end_line, None, None, tag)
    out: Dict[str, Y] = {}
    for key_node, value_node in node.value:
        key_mark = key_node.start_mark
        if key_node.__class__ is not _ScalarNode or key_node.tag == _MERGE:
            raise LedgerError("keys must be plain strings", path=path, line=key_mark.line + 1)
        key = key_node.value
        if key in out:
            err = LedgerError(
                f"duplicate key {key!r}", path=path, line=key_mark.line + 1,
                hint=f"first defined on line {out[key].key_line}; remove one of them")
            if errors is None:
                raise err
            errors.append(err)
            continue
        child = _convert(value_node, path, constructor, seen, errors)
        child.key_line = key_mark.line + 1
        child.key_column = key_mark.column + 1
        out[key] = child
    return Y(out, line, start.column + 1, end_line, None, None, tag)
