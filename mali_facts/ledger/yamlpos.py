"""YAML with positions: every value keeps the line and column it was written at.

PyYAML's safe loader silently keeps the last of two duplicate keys and forgets
where values came from. Here the composer's node tree is walked by hand so that
duplicate keys, anchors and non-string keys are rejected with their line, and
every later error can name ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import yaml

from mali_facts.errors import LedgerError


@dataclass
class Y:
    """A YAML value with its position (1-based line and column)."""

    value: Any                 # dict[str, Y] | list[Y] | scalar
    line: int
    column: int
    end_line: int
    key_line: Optional[int] = None   # for a mapping value: the line of its key
    key_column: Optional[int] = None
    tag: str = ""
    raw: Optional[str] = field(default=None, repr=False)  # the scalar as written

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


def _loader_class():
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        tree = _convert(node, path, constructor, set(), errors)
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


class _Alias(Exception):
    """A node reached twice: the file uses an alias (*name)."""


def _convert(node, path: str, constructor, seen: set,
             errors: Optional[List[LedgerError]] = None) -> Y:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    end_line = node.end_mark.line + 1
    if node.end_mark.column == 0 and end_line > line:
        end_line -= 1
    if id(node) in seen:
        raise _Alias()
    seen.add(id(node))
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in (_MAP, _SEQ):
        raise LedgerError(f"tags are not supported ({node.tag})", path=path, line=line,
                          hint="remove the tag")
    if isinstance(node, yaml.MappingNode):
        out: Dict[str, Y] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise LedgerError("keys must be plain strings", path=path, line=key_line)
            key = key_node.value
            if key in out:
                err = LedgerError(
                    f"duplicate key {key!r}", path=path, line=key_line,
                    hint=f"first defined on line {out[key].key_line}; remove one of them")
                if errors is None:
                    raise err
                errors.append(err)
                continue
            child = _convert(value_node, path, constructor, seen, errors)
            child.key_line = key_line
            child.key_column = key_node.start_mark.column + 1
            out[key] = child
        return Y(out, line, column, end_line, tag=node.tag)
    if isinstance(node, yaml.SequenceNode):
        items: List[Y] = [_convert(item, path, constructor, seen, errors) for item in node.value]
        return Y(items, line, column, end_line, tag=node.tag)
    if node.tag == "tag:yaml.org,2002:str":  # most values: the constructor returns node.value
        return Y(node.value, line, column, end_line, tag=node.tag, raw=node.value)
    if node.tag == "tag:yaml.org,2002:timestamp":
        # Dates stay as written: the ledger parses YYYY, YYYY-MM and YYYY-MM-DD itself.
        return Y(node.value, line, column, end_line, tag=node.tag, raw=node.value)
    try:
        value = constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise LedgerError(f"invalid value: {getattr(exc, 'problem', exc)}", path=path,
                          line=line) from None
    return Y(value, line, column, end_line, tag=node.tag, raw=node.value)
