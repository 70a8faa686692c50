"""A cheap scan of a claims file's text, to re-check a cached ledger against the
bytes it claims to describe (see :mod:`mali_facts.ledger.cache`).

It is not a YAML parser: it reads the block-style YAML that people and
mali-facts write (``key: value`` lines, list items, quoted scalars, ``>`` and
``|`` blocks, one-line flow lists) and raises :class:`Unknown` on anything else.
An Unknown, like any mismatch, makes the cache miss, so a claims file written in
another style is validated in full every time: slower, never wrong.

>>> scan = Scan("claims:\\n  - id: a\\n    evidence:\\n      - source: s\\n        quote: 'it''s'\\n")
>>> scan.items("claims")
[2]
>>> scan.fields(4, ("source", "quote"))
{'source': (4, 's'), 'quote': (5, "it's")}
"""

from __future__ import annotations

import re
from typing import Dict, List, Sequence, Tuple

_KEY = re.compile(r"( *)(-[ ]+)?([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*)|)$")
_BLOCK = re.compile(r"([|>])([+-]?)(?:[ ]+#.*)?$")
_PLAIN_BAD = tuple("&*!%@`|>'\"[{#")


class Unknown(Exception):
    """The text is written in a way the scan does not read."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


class Scan:
    def __init__(self, text: str):
        if "\t" in text or "\r" in text:
            raise Unknown("tabs or carriage returns")
        self.text = text
        self.lines = text.split("\n")
        self.indents = [len(line) - len(line.lstrip(" ")) for line in self.lines]

    def line(self, number: int) -> str:
        if not 1 <= number <= len(self.lines):
            raise Unknown(f"no line {number}")
        return self.lines[number - 1]

    # -- the top-level lists ---------------------------------------------------
    def items(self, name: str) -> List[int]:
        """The line numbers of the items of the top-level block list ``name:``
        (an absent or empty section has none)."""
        starts = [m.start() for m in re.finditer(rf"^{name}:", self.text, re.M)]
        if not starts:
            return []
        if len(starts) != 1:
            raise Unknown(f"{name!r} twice")
        first_index = self.text.count("\n", 0, starts[0])
        first = self.lines[first_index]
        if re.match(rf"{name}:[ ]*\[\][ ]*(?:#.*)?$", first):
            return []
        if not re.match(rf"{name}:[ ]*(?:#.*)?$", first):
            raise Unknown(f"{name!r} is not a block list")
        out: List[int] = []
        indent = None
        lines, indents = self.lines, self.indents
        for i in range(first_index + 1, len(lines)):
            n = indents[i]
            if indent is not None and n > indent:
                continue  # inside an item
            line = lines[i]
            if _blank(line):
                continue
            if indent is None:
                if not line[n:].startswith("-"):
                    break  # an empty section
                indent = n
            if n < indent or (n == indent and not line[n:].startswith("-")):
                if n == 0:
                    break  # the next top-level key
                raise Unknown(f"line {i + 1} is not an item of {name!r}")
            if not (len(line) == n + 1 or line[n + 1] == " "):
                raise Unknown(f"line {i + 1}")
            out.append(i + 1)
        return out

    def key_lines(self, key: str) -> List[int]:
        """The numbers of the lines that start with ``key:`` (after spaces and a
        ``- ``), wherever they are."""
        out, line, last = [], 1, 0
        for m in re.finditer(rf"^[ ]*(?:-[ ]+)?{key}:(?:[ ]|$)", self.text, re.M):
            line += self.text.count("\n", last, m.start())
            last = m.start()
            out.append(line)
        return out

    # -- one item's keys ----------------------------------------------------------
    def fields(self, item: int, keys: Sequence[str]) -> Dict[str, Tuple[int, object]]:
        """The values of ``keys`` in the mapping that starts the list item on line
        ``item`` (``- key: value``): key -> (line, value). Keys absent are left out."""
        m = _KEY.fullmatch(self.line(item))
        if m is None or m.group(2) is None:
            raise Unknown(f"line {item} does not start an item with a key")
        column = len(m.group(1)) + len(m.group(2))
        out: Dict[str, Tuple[int, object]] = {}
        number = item
        while True:
            line = self.lines[number - 1]
            if number != item:
                m = _KEY.fullmatch(line[column:])
                if m is None or m.group(1) or m.group(2) or line[:column].strip():
                    raise Unknown(f"line {number}")
            key, rest = m.group(3), m.group(4) or ""
            cont, number = self._continuation(number, column)
            if key in keys:
                if key in out:
                    raise Unknown(f"{key!r} twice")
                out[key] = (number - len(cont) - 1, _value(rest, cont, column))
                if len(out) == len(keys):
                    return out
            while number <= len(self.lines) and _blank(self.lines[number - 1]):
                number += 1
            if number > len(self.lines) or self.indents[number - 1] < column:
                return out

    def _continuation(self, number: int, column: int) -> Tuple[List[str], int]:
        """The lines after ``number`` that belong to its value (blank, or deeper than
        ``column``), without trailing blank lines; and the number of the line after them."""
        cont: List[str] = []
        n = number + 1
        lines, indents = self.lines, self.indents
        while n <= len(lines):
            line = lines[n - 1]
            if indents[n - 1] <= column and line.strip():
                break
            cont.append(line)
            n += 1
        while cont and not cont[-1].strip():
            cont.pop()
        return cont, number + 1 + len(cont)


def _value(rest: str, cont: List[str], column: int) -> object:
    """A scalar (str) or a list of scalars written after ``key:`` and on ``cont``."""
    rest = rest.rstrip(" ")
    block = _BLOCK.match(rest)
    if block:
        return _block(block.group(1), block.group(2), cont)
    if not rest:
        if cont and cont[0].strip().startswith("- "):
            return [_value(_strip_dash(line), [], column) for line in _list_lines(cont)]
        raise Unknown("an empty or nested value")
    if rest[0] in "\"'":
        return _quoted(rest, cont)
    if rest[0] == "[":
        return _flow_list(rest, cont)
    if rest.startswith(_PLAIN_BAD) or rest.startswith("- "):
        raise Unknown(f"a value starting with {rest[0]!r}")
    words = [rest] + [line.strip() for line in cont]
    if any(" #" in w or w.startswith("#") or ": " in w or w.endswith(":") for w in words):
        raise Unknown("a comment or a colon in a plain value")
    return _fold([rest] + [line.strip() for line in cont])


def _list_lines(cont: List[str]) -> List[str]:
    indent = _indent(cont[0])
    out = []
    for line in cont:
        if not line.strip():
            continue
        if _indent(line) != indent or not line.strip().startswith("- "):
            raise Unknown("a list item over more than one line")
        out.append(line)
    return out


def _strip_dash(line: str) -> str:
    return line.strip()[2:].strip()


def _fold(lines: List[str]) -> str:
    """YAML line folding: lines join with a space, an empty line is a newline."""
    out = ""
    pending = ""
    for line in lines:
        if not line:
            pending += "\n"
            continue
        if out:
            out += pending or " "
        pending = ""
        out += line
    return out


def _quoted(rest: str, cont: List[str]) -> str:
    quote = rest[0]
    lines = [rest] + [line.strip() for line in cont]
    joined = "\n".join(lines)
    if quote == '"' and "\\" in joined:
        raise Unknown("an escape in a double-quoted value")
    body = joined[1:]
    if quote == "'":
        end = re.search(r"'(?!')", body.replace("''", "\0\0"))
    else:
        end = re.search('"', body)
    if end is None or body[end.end():].strip() and not body[end.end():].strip().startswith("#"):
        raise Unknown("a quoted value with text after it")
    inner = body[:end.start()]
    text = _fold([line.strip() if i else line.rstrip(" ") for i, line in enumerate(inner.split("\n"))])
    return text.replace("''", "'") if quote == "'" else text


def _flow_list(rest: str, cont: List[str]) -> List[str]:
    if cont or not rest.endswith("]"):
        rest = rest.split(" #")[0].rstrip()
        if cont or not rest.endswith("]"):
            raise Unknown("a flow list over several lines")
    inner = rest[1:-1].strip()
    if not inner:
        return []
    out = []
    for token in re.findall(r"\"[^\"\\]*\"|'(?:[^']|'')*'|[^,]+", inner):
        token = token.strip()
        if token.startswith(('"', "'")):
            out.append(_quoted(token, []))
        elif token and not token.startswith(_PLAIN_BAD) and ": " not in token:
            out.append(token)
        elif token:
            raise Unknown("a flow list item")
    return out


def _block(style: str, chomp: str, cont: List[str]) -> str:
    if chomp == "+":
        raise Unknown("a kept block")
    content = [line for line in cont]
    firsts = [line for line in content if line.strip()]
    if not firsts:
        return ""
    indent = _indent(firsts[0])
    if any(line.strip() and _indent(line) < indent for line in content):
        raise Unknown("a block less indented than its first line")
    lines = [line[indent:] for line in content]
    if style == "|":
        text = "\n".join(lines)
    else:
        if any(line.startswith(" ") for line in lines):
            raise Unknown("a folded block with more indented lines")
        text = _fold(lines)
    return text if chomp == "-" else text + "\n"
