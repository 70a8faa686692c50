"""The one claims-file writer: surgical text edits of claims.yaml, saved atomically.

An edit never re-dumps the YAML. It finds the nodes it changes with PyYAML's
composer (whose marks give character offsets into the text) and replaces, inserts
or deletes only those characters, so comments, key order, quoting and blank
lines stay as the author wrote them. Each edit is checked at once: the edited
text must load to exactly the old data with the one intended change.

:meth:`ClaimsEditor.save` re-validates the whole file with the ledger's own
validator, refuses to write when the file changed on disk since it was opened,
and writes through :func:`mali_facts.atomic.write_atomically`.

>>> import tempfile, os
>>> folder = tempfile.mkdtemp(); path = os.path.join(folder, "claims.yaml")
>>> _ = open(path, "w").write("version: 1\\n# my sources\\nsources: []\\nclaims: []  # none yet\\n")
>>> ed = ClaimsEditor.open(path)
>>> ed.append_item("sources", {"id": "memo", "file": "memo.txt", "title": "A: memo"})
>>> print(ed.text, end="")
version: 1
# my sources
sources:
  - id: memo
    file: memo.txt
    title: "A: memo"
claims: []  # none yet
>>> ed.set_value(("sources", "memo", "title"), "Memo")
>>> ed.set_value(("sources", "memo", "published"), "2013-08")
>>> print(ed.text, end="")
version: 1
# my sources
sources:
  - id: memo
    file: memo.txt
    title: "Memo"
    published: 2013-08
claims: []  # none yet
"""

from __future__ import annotations

import copy
import datetime
import difflib
import hashlib
import io
import os
import re
import stat
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

from mali_facts.errors import LedgerError, MaliFactsError

Key = Union[str, int]
STR_TAG = "tag:yaml.org,2002:str"


class EditConflict(MaliFactsError):
    """The claims file changed on disk after it was read: the edit is not written."""


class EditError(MaliFactsError):
    """An edit cannot be made as asked (unknown id, wrong kind of node...)."""


# -- scalars -------------------------------------------------------------------

def _yaml():
    import yaml

    return yaml


def _resolves_to_str(value: str) -> bool:
    """Would ``value`` written plain load back as the same string?"""
    yaml = _yaml()
    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
    return tag == STR_TAG


def plain_ok(value: str, *, flow: bool = False) -> bool:
    """May ``value`` be written without quotes (and load back as the same string)?

    >>> [plain_ok(v) for v in ["Rolling Stone", "A: b", "2013", "yes", "", " x", "a # b", "x]"]]
    [True, False, False, False, False, False, False, True]
    >>> plain_ok("x]", flow=True)
    False
    """
    if not value or not isinstance(value, str):
        return False
    yaml = _yaml()
    analysis = yaml.emitter.Emitter(io.StringIO()).analyze_scalar(value)
    allowed = analysis.allow_flow_plain if flow else analysis.allow_block_plain
    return bool(allowed and not analysis.multiline and _resolves_to_str(value))


def double_quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar on one line.

    >>> print(double_quoted('He said "no"\\n'))
    "He said \\"no\\"\\n"
    """
    yaml = _yaml()
    out = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=float("inf"))
    return re.sub(r"\n\.\.\.$", "", out.rstrip("\n"))


def single_quoted(value: str) -> Optional[str]:
    """``value`` single-quoted, or None when single quotes cannot hold it on one line.

    >>> single_quoted("it's")
    "'it''s'"
    """
    if any(c in value for c in "\n\r\t") or not value.isprintable():
        return None
    return "'" + value.replace("'", "''") + "'"


def format_scalar(value: Any, quote: str = '"', *, flow: bool = False) -> str:
    """A new scalar written as the file would: plain when it may be, else in ``quote``.

    >>> format_scalar(12), format_scalar("Rolling Stone"), format_scalar("A: b", "'")
    ('12', 'Rolling Stone', "'A: b'")
    >>> format_scalar(datetime.date(2026, 11, 22)), format_scalar(True)
    ('2026-11-22', 'true')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        if plain_ok(value, flow=flow):
            return value
        if quote == "'":
            quoted = single_quoted(value)
            if quoted is not None:
                return quoted
        return double_quoted(value)
    raise EditError(f"cannot write a value of type {type(value).__name__} into the claims file")


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, datetime.date))


def format_flow(value: Any, quote: str = '"') -> str:
    """A value in flow style: scalars, ``[a, b]`` and ``{k: v}``.

    >>> format_flow(["Jane Roe", "A: b"]), format_flow([]), format_flow({"a": 1})
    ('[Jane Roe, "A: b"]', '[]', '{a: 1}')
    """
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_flow(v, quote) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {format_flow(v, quote)}" for k, v in value.items()
                               if v is not None) + "}"
    return format_scalar(value, quote, flow=True)


def _normalize(value: Any) -> Any:
    """The value as ``yaml.safe_load`` gives it back (None-valued keys dropped, tuples as lists)."""
    if isinstance(value, dict):
        return {k: _normalize(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_normalize(v) for v in value]
    return value


# -- the file's style ----------------------------------------------------------

class _Style:
    """How the file is written: line ending, quote character, indentation, blank lines."""

    def __init__(self, text: str, root):
        yaml = _yaml()
        self.nl = "\r\n" if "\r\n" in text else "\n"
        counts = {'"': 0, "'": 0}
        self.keyed: Dict[str, Dict[Optional[str], int]] = {}  # key -> style -> count
        self.step = None       # indentation of a nested block mapping
        self.dash = None       # a block sequence's dash column minus its key's column
        self.item = None       # an item's first key column minus its dash column
        self.blank = None      # are the items of a list separated by a blank line?

        def walk(node, key_col: int):
            if isinstance(node, yaml.ScalarNode):
                if node.style in counts:
                    counts[node.style] += 1
            elif isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(v, yaml.ScalarNode) and v.tag == STR_TAG and \
                            v.style in (None, '"', "'", ">"):
                        seen = self.keyed.setdefault(k.value, {})
                        seen[v.style] = seen.get(v.style, 0) + 1
                    if not node.flow_style and isinstance(v, yaml.MappingNode) and \
                            not v.flow_style and v.value and self.step is None:
                        step = v.value[0][0].start_mark.column - k.start_mark.column
                        if step > 0:
                            self.step = step
                    walk(v, k.start_mark.column)
            elif isinstance(node, yaml.SequenceNode):
                if not node.flow_style and node.value:
                    if self.dash is None:
                        self.dash = max(0, node.start_mark.column - key_col)
                        first = node.value[0]
                        self.item = max(2, first.start_mark.column - node.start_mark.column)
                    if self.blank is None and len(node.value) >= 2:
                        gap = text[_line_end(text, _content_end(text, node.value[0])):
                                   node.value[1].start_mark.index]
                        self.blank = bool(re.search(r"\n[ \t]*\r?\n", "\n" + gap))
                for v in node.value:
                    walk(v, key_col)

        if root is not None:
            walk(root, 0)
        self.quote = "'" if counts["'"] > counts['"'] else '"'
        self.fold = True       # long text for a key the file folds (`>-`) is folded too
        self.step = self.step or 2
        self.dash = 2 if self.dash is None else self.dash
        self.item = self.item or 2
        if self.blank is None:  # no list of two items to learn from: any blank line?
            self.blank = bool(re.search(r"\n[ \t]*\r?\n", text))

    def usual(self, key: Optional[str]) -> Optional[str]:
        """How the file mostly writes string values of ``key``: None (plain), a quote or '>'."""
        seen = self.keyed.get(key) if key is not None else None
        if not seen:
            return None
        return max(seen, key=lambda s: (seen[s], s is None))

    def scalar(self, key: Optional[str], value: Any, *, flow: bool = False) -> str:
        """``value`` for ``key``: quoted like the file's other values of that key
        (plain when they are plain and it may be), else plain when it may be."""
        usual = self.usual(key) if isinstance(value, str) else None
        if usual == "'":
            return single_quoted(value) or double_quoted(value)
        if usual == '"' or (usual == ">" and not plain_ok(value, flow=flow)):
            return double_quoted(value)
        return format_scalar(value, self.quote, flow=flow)


_COMPOSER: List[Any] = []


def _composer():
    """libyaml's loader when its marks count characters of the str, as the pure-Python
    loader's do (checked once on non-ASCII text), else the pure-Python one."""
    if not _COMPOSER:
        yaml = _yaml()
        loader = getattr(yaml, "CSafeLoader", None)
        if loader is not None:
            probe = 'a: "é€😀"\nb: x\n'
            try:
                node = yaml.compose(probe, Loader=loader).value[1][1]
                ok = probe[node.start_mark.index:node.end_mark.index] == "x"
            except Exception:  # pragma: no cover - a broken libyaml binding
                ok = False
            if not ok:
                loader = None
        _COMPOSER.append(loader or yaml.SafeLoader)
    return _COMPOSER[0]


def _blank_between(text: str, seq, default: bool) -> bool:
    """Are the items of the block list ``seq`` separated by blank lines? (``default``
    when it has fewer than two items to tell.)"""
    if len(seq.value) < 2:
        return default
    gap = text[_line_end(text, _content_end(text, seq.value[-2])):seq.value[-1].start_mark.index]
    return bool(re.search(r"\n[ \t]*\r?\n", "\n" + gap))


def _parent_data(data: Any, keys: Sequence[Any]) -> Any:
    """The loaded value that holds ``keys[-1]``: list items are found by their
    ``id`` (or ``name``), as :meth:`ClaimsEditor.set_value` addresses them."""
    target = data
    for key in keys[:-1]:
        if isinstance(target, list) and isinstance(key, str):
            target = next(t for t in target if isinstance(t, dict)
                          and key in (t.get("id"), t.get("name")))
        else:
            target = target[key]
    return target


def _content_end(text: str, node) -> int:
    """Index just after the last character that belongs to ``node`` (not its trailing
    blank lines or comments)."""
    yaml = _yaml()
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark.index
        if node.style in ("|", ">"):
            while end > node.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
        return end
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _content_end(text, node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _content_end(text, node.value[-1])
    return node.end_mark.index


def _after_own_comments(text: str, at: int, column: int) -> int:
    """Past the comment lines right after ``at`` that are indented deeper than
    ``column`` (they belong to the item above), stopping at a blank line.

    >>> t = "  - id: a\\n    # about a\\n  # about the list\\nclaims: []\\n"
    >>> t[_after_own_comments(t, 10, 2):]
    '  # about the list\\nclaims: []\\n'
    """
    while at < len(text):
        end = _line_end(text, at)
        line = text[at:end]
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) <= column:
            break
        at = end
    return at


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Index just after the line break ending the line that holds ``index``
    (the text's length when the last line has none)."""
    nl = text.find("\n", index)
    return len(text) if nl < 0 else nl + 1


# -- the editor ----------------------------------------------------------------

class ClaimsEditor:
    """Edits of one claims file, kept in memory until :meth:`save`."""

    def __init__(self, path: Path, data: bytes, text: str, st: os.stat_result):
        self.path = Path(path)
        self.original = text
        self._text = text
        self._sha256 = hashlib.sha256(data).hexdigest()
        self._stat = st

    @classmethod
    def open(cls, path: Union[str, Path]) -> "ClaimsEditor":
        """Read ``path`` (UTF-8) and remember its sha256 and stat for :meth:`save`."""
        from mali_facts.ledger.load import display_path

        path = Path(path)
        try:
            data = path.read_bytes()
            st = os.stat(path)
        except OSError as exc:
            raise LedgerError(f"cannot read the claims file: {exc.strerror}",
                              path=display_path(path)) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise LedgerError("the claims file is not valid UTF-8", path=display_path(path),
                              line=line, hint="save it as UTF-8") from None
        return cls(path, data, text, st)

    # -- state -----------------------------------------------------------------
    @property
    def text(self) -> str:
        """The current, edited text."""
        return self._text

    @property
    def changed(self) -> bool:
        return self._text != self.original

    @property
    def shown(self) -> str:
        from mali_facts.ledger.load import display_path

        return display_path(self.path)

    def _compose(self, text: Optional[str] = None):
        yaml = _yaml()
        text = self._text if text is None else text
        try:
            return yaml.compose(text, Loader=_composer())
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise LedgerError(f"invalid YAML: {getattr(exc, 'problem', exc)}", path=self.shown,
                              line=mark.line + 1 if mark else None,
                              hint="fix the file before editing it") from None

    def _data(self, text: str) -> Any:
        yaml = _yaml()
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    def _root(self):
        yaml = _yaml()
        root = self._compose()
        if root is None:
            return None
        if not isinstance(root, yaml.MappingNode) or root.flow_style:
            raise EditError("the claims file must be a block mapping (key: value lines)",
                            path=self.shown, line=1)
        return root

    def _find(self, root, keys: Sequence[Key]):
        """The node at ``keys``; a string inside a list picks the item with that id (or name)."""
        yaml = _yaml()
        node = root
        for depth, key in enumerate(keys):
            where = "/".join(str(k) for k in keys[:depth + 1])
            if isinstance(node, yaml.MappingNode) and isinstance(key, str):
                found = next((v for k, v in node.value if k.value == key), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                found = node.value[key] if -len(node.value) <= key < len(node.value) else None
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, str):
                found = None
                for item in node.value:
                    if isinstance(item, yaml.MappingNode) and any(
                            k.value in ("id", "name") and isinstance(v, yaml.ScalarNode)
                            and v.value == key for k, v in item.value):
                        found = item
                        break
            else:
                found = None
            if found is None:
                raise EditError(f"nothing at {where} to edit", path=self.shown,
                                hint="check the id")
            node = found
        return node

    def _apply(self, new_text: str, expected: Any) -> bool:
        """Keep ``new_text`` when it loads to ``expected``; say whether it did."""
        try:
            ok = self._data(new_text) == expected
        except Exception:  # a rendering that does not parse is simply not used
            ok = False
        if ok:
            self._text = new_text
        return ok

    # -- set_value ---------------------------------------------------------------
    def set_value(self, keys: Sequence[Key], value: Any) -> None:
        """Set the scalar at ``keys`` (the last one a mapping key); None deletes the key.

        An existing scalar keeps its quoting style; a missing key is added after the
        mapping's last key, in its indentation.
        """
        yaml = _yaml()
        keys = tuple(keys)
        if not keys or not isinstance(keys[-1], str):
            raise EditError("set_value needs a path ending in a mapping key")
        root = self._root()
        if root is None:
            raise EditError("the claims file is empty", path=self.shown, line=1)
        parent = self._find(root, keys[:-1])
        if not isinstance(parent, yaml.MappingNode):
            raise EditError(f"{'/'.join(map(str, keys[:-1]))} is not a mapping", path=self.shown,
                            line=parent.start_mark.line + 1)
        expected = self._data(self._text)
        target = _parent_data(expected, keys)
        name = keys[-1]
        if value is None:
            if name not in target:
                return
            del target[name]
        else:
            target[name] = _normalize(value)
        style = _Style(self._text, root)
        pair = next(((k, v) for k, v in parent.value if k.value == name), None)
        if value is None:
            candidates = [self._delete(parent, pair)]
        elif pair is None:
            candidates = self._insert(parent, name, value, style)
        else:
            candidates = self._replace(pair[1], value, style)
        for new_text in candidates:
            if new_text is not None and self._apply(new_text, expected):
                return
        raise EditError(f"cannot write {'/'.join(map(str, keys))} without changing other values",
                        path=self.shown, line=parent.start_mark.line + 1,
                        hint="edit this value by hand")

    def set_values(self, edits: Sequence[Any]) -> None:
        """Make many :meth:`set_value` edits, given as ``(keys, value)`` pairs, at once.

        Replacements of existing scalars are spliced in one pass over one
        composition and checked together: the edited text must load to the old
        data with exactly these changes (as :meth:`set_value` checks each one).
        Inserted and deleted keys, and a batch that fails the check, fall back to
        one :meth:`set_value` at a time. On error nothing of the batch is kept.
        """
        yaml = _yaml()
        edits = [(tuple(keys), value) for keys, value in edits]
        if not edits:
            return
        saved = self._text
        try:
            later = self._set_scalars(edits, yaml)
            for keys, value in later:
                self.set_value(keys, value)
        except BaseException:
            self._text = saved
            raise

    def _set_scalars(self, edits, yaml) -> List[Any]:
        """Splice the replacements of existing scalars; return the edits left over."""
        root = self._root()
        if root is None:
            return edits
        text = self._text
        expected = self._data(text)
        style = _Style(text, root)
        splices, later = [], []
        for keys, value in edits:
            if not keys or not isinstance(keys[-1], str) or value is None or not _is_scalar(value):
                later.append((keys, value))
                continue
            parent = self._find(root, keys[:-1])
            pair = next(((k, v) for k, v in parent.value if k.value == keys[-1]), None) \
                if isinstance(parent, yaml.MappingNode) else None
            if pair is None or not isinstance(pair[1], yaml.ScalarNode):
                later.append((keys, value))
                continue
            node = pair[1]
            start, end = node.start_mark.index, _content_end(text, node)
            whole = self._replace(node, value, style)[0]
            splices.append((start, end, whole[start:len(whole) - (len(text) - end)]))
            target = _parent_data(expected, keys)
            target[keys[-1]] = _normalize(value)
        splices.sort()
        if any(a[1] > b[0] for a, b in zip(splices, splices[1:])):
            return edits  # two edits of one scalar: one at a time
        out, last = [], 0
        for start, end, piece in splices:
            out += [text[last:start], piece]
            last = end
        out.append(text[last:])
        if splices and not self._apply("".join(out), expected):
            return edits  # some value could not be written in place: one at a time
        return later

    def _replace(self, node, value: Any, style: _Style) -> List[Optional[str]]:
        yaml = _yaml()
        text = self._text
        start, end = node.start_mark.index, _content_end(text, node)
        splice = lambda s: text[:start] + s + text[end:]  # noqa: E731
        out: List[Optional[str]] = []
        if not isinstance(node, yaml.ScalarNode) or not _is_scalar(value) or \
                not isinstance(value, str):
            if _is_scalar(value):
                out.append(splice(format_scalar(value, style.quote)))
            elif isinstance(value, (list, tuple)) and all(_is_scalar(v) for v in value):
                out.append(splice(format_flow(value, style.quote)))
            return out
        if node.style == "'":
            out.append(splice(single_quoted(value) or double_quoted(value)))
        elif node.style == '"':
            out.append(splice(double_quoted(value)))
        elif node.style in ("|", ">"):
            body = text[text.find("\n", start) + 1:]
            indent = len(body) - len(body.lstrip(" "))
            chomp = "" if value.endswith("\n") else "-"
            indicator = ">" if node.style == ">" and "\n" not in value.rstrip("\n") else "|"
            lines = value.rstrip("\n").split("\n")
            out.append(splice(indicator + chomp + style.nl + style.nl.join(
                (" " * indent + line) if line else "" for line in lines)))
        else:
            out.append(splice(format_scalar(value, style.quote)))
        out.append(splice(double_quoted(value)))
        return out

    def _insert(self, mapping, name: str, value: Any, style: _Style) -> List[Optional[str]]:
        text = self._text
        if mapping.flow_style:
            close = mapping.end_mark.index - 1
            sep = ", " if mapping.value else ""
            return [text[:close].rstrip() + f"{sep}{name}: {format_flow(value, style.quote)}"
                    + text[close:] if mapping.value else
                    text[:close] + f"{name}: {format_flow(value, style.quote)}" + text[close:]]
        column = mapping.value[0][0].start_mark.column
        at = _line_end(text, _content_end(text, mapping.value[-1][1]))
        prefix = "" if at == 0 or text[at - 1] == "\n" else style.nl
        out = []
        for fold in (True, False):  # folded like the file's other values of the key, else not
            style.fold = fold
            lines = _block_pair(name, value, column, style)
            out.append(text[:at] + prefix + style.nl.join(lines) + style.nl + text[at:])
        return out

    def _delete(self, mapping, pair) -> Optional[str]:
        text = self._text
        key, value = pair
        index = next(i for i, (k, _) in enumerate(mapping.value) if k is key)
        nxt = mapping.value[index + 1][0] if index + 1 < len(mapping.value) else None
        start = key.start_mark.index
        if not mapping.flow_style:
            line_start = _line_start(text, start)
            if not text[line_start:start].strip():
                return text[:line_start] + text[_line_end(text, _content_end(text, value)):]
            if nxt is not None:  # the first key of a list item: "- key: value"
                return text[:start] + text[nxt.start_mark.index:]
            return None
        if nxt is not None:
            return text[:start] + text[nxt.start_mark.index:]
        if index > 0:
            return text[:_content_end(text, mapping.value[index - 1][1])] + \
                text[_content_end(text, value):]
        return text[:start] + text[_content_end(text, value):]

    # -- append_item ---------------------------------------------------------------
    def append_item(self, section: str, item: Dict[str, Any]) -> None:
        """Append ``item`` (a mapping) to the top-level list ``section``, creating it if absent."""
        if not isinstance(item, dict) or not item:
            raise EditError("append_item needs a non-empty mapping")
        root = self._root()
        data = self._data(self._text) if root is not None else {}
        style = _Style(self._text, root)
        expected = copy.deepcopy(data) if isinstance(data, dict) else {}
        existing = expected.get(section)
        expected[section] = (existing if isinstance(existing, list) else []) + [_normalize(item)]
        for fold in (True, False):  # a folded rendering that does not load back: unfolded
            style.fold = fold
            if self._apply(self._appended(section, item, root, style), expected):
                return
        raise EditError(f"cannot append to {section!r} without changing other values",
                        path=self.shown, hint="add the item by hand")

    def _appended(self, section: str, item: Dict[str, Any], root, style: "_Style") -> str:
        """The text with ``item`` appended to ``section`` in ``style``."""
        yaml = _yaml()
        text = self._text
        pair = None
        if root is not None:
            pair = next(((k, v) for k, v in root.value if k.value == section), None)
        nl = style.nl
        if pair is None:
            lines = [f"{section}:"] + _block_item(item, style.dash, style)
            body = text
            if body and not body.endswith("\n"):
                body += nl
            sep = nl if body.strip() and style.blank and not body.endswith(nl + nl) else ""
            new_text = body + sep + nl.join(lines) + nl
        else:
            key, seq = pair
            if isinstance(seq, yaml.SequenceNode) and not seq.flow_style and seq.value:
                dash = seq.start_mark.column
                lines = _block_item(item, dash, style, item_offset=seq.value[0].start_mark.column - dash)
                at = _after_own_comments(text, _line_end(text, _content_end(text, seq.value[-1])),
                                         dash)
                prefix = "" if text[at - 1:at] == "\n" else nl
                sep = nl if _blank_between(text, seq, style.blank) else ""
                new_text = text[:at] + prefix + sep + nl.join(lines) + nl + text[at:]
            elif (isinstance(seq, yaml.SequenceNode) and not seq.value) or \
                    (isinstance(seq, yaml.ScalarNode) and seq.tag == "tag:yaml.org,2002:null"
                     and seq.start_mark.index == seq.end_mark.index):
                # `sources: []` or `sources:` becomes a block list
                start, end = seq.start_mark.index, seq.end_mark.index
                while start > key.end_mark.index and text[start - 1] in " \t":
                    start -= 1
                without = text[:start] + text[end:]
                at = _line_end(without, key.end_mark.index)
                prefix = "" if without[at - 1:at] == "\n" else nl
                lines = _block_item(item, key.start_mark.column + style.dash, style)
                new_text = without[:at] + prefix + nl.join(lines) + nl + without[at:]
            else:
                raise EditError(f"cannot append to {section!r}: it is not a block list",
                                path=self.shown, line=key.start_mark.line + 1,
                                hint=f"write it as '{section}:' followed by '  - ' items")
        return new_text

    # -- output ------------------------------------------------------------------
    def diff(self) -> str:
        """A unified diff (a/PATH b/PATH) of the edits so far; '' when there are none."""
        name = self.shown.replace(os.sep, "/").lstrip("/")
        return "".join(difflib.unified_diff(
            self.original.splitlines(keepends=True), self._text.splitlines(keepends=True),
            fromfile=f"a/{name}", tofile=f"b/{name}"))

    def validate(self):
        """Load the edited text with the ledger validator; raises LedgerInvalid/LedgerError."""
        from mali_facts.ledger.load import load_ledger_text

        return load_ledger_text(self._text, self.path)

    def save(self) -> None:
        """Validate, check the file is unchanged on disk, then write atomically (mode kept)."""
        from mali_facts.atomic import write_atomically

        if not self.changed:
            return
        self.validate()
        try:
            current = self.path.read_bytes()
            st = os.stat(self.path)
        except OSError:
            current, st = None, None
        if current is None or hashlib.sha256(current).hexdigest() != self._sha256:
            raise EditConflict("the claims file changed on disk since it was read; nothing written",
                               path=self.shown, hint="run the command again")
        write_atomically(self.path, self._text.encode("utf-8"), mode=stat.S_IMODE(st.st_mode))
        data = self._text.encode("utf-8")
        self.original = self._text
        self._sha256 = hashlib.sha256(data).hexdigest()
        self._stat = os.stat(self.path)


# -- block emission ------------------------------------------------------------

def _block_pair(name: str, value: Any, column: int, style: _Style) -> List[str]:
    """``name: value`` as block lines at ``column`` (nested mappings indented by the
    file's step, lists of mappings as dash items)."""
    pad = " " * column
    if isinstance(value, dict):
        if not value:
            return [f"{pad}{name}: {{}}"]
        lines = [f"{pad}{name}:"]
        for k, v in value.items():
            if v is not None:
                lines += _block_pair(k, v, column + style.step, style)
        return lines
    if isinstance(value, (list, tuple)):
        if all(_is_scalar(v) and not isinstance(v, dict) for v in value):
            flow = f"{pad}{name}: {format_flow(list(value), style.quote)}"
            if len(flow) <= 100 or not value:
                return [flow]
            return [f"{pad}{name}:"] + [
                f"{' ' * (column + style.dash)}- {format_scalar(v, style.quote)}" for v in value]
        lines = [f"{pad}{name}:"]
        for v in value:
            lines += _block_item(v, column + style.dash, style)
        return lines
    if style.fold and isinstance(value, str) and style.usual(name) == ">":
        folded = fold(value, column + style.step)
        if folded is not None:
            return [f"{pad}{name}: >-"] + folded
    return [f"{pad}{name}: {style.scalar(name, value)}"]


def fold(value: str, column: int, width: int = 88) -> Optional[List[str]]:
    """``value`` as the lines of a folded (``>-``) scalar indented to ``column`` and
    wrapped at spaces before ``width``; None when folding could change it.

    >>> fold("The ferry carried 112 passengers and 9 vehicles.", 6, width=30)
    ['      The ferry carried 112', '      passengers and 9', '      vehicles.']
    >>> fold("two  spaces", 6) is None
    True
    """
    if not value or value != value.strip() or any(c in value for c in "\n\r\t") or \
            "  " in value or not value.isprintable() or len(value) + column <= width:
        return None
    lines: List[str] = []
    current = ""
    for word in value.split(" "):
        if current and column + len(current) + 1 + len(word) > width:
            lines.append(" " * column + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(" " * column + current)
    return lines


def _block_item(item: Any, dash: int, style: _Style, item_offset: Optional[int] = None) -> List[str]:
    """A list item at dash column ``dash``: ``- key: value`` then the other keys."""
    offset = item_offset if item_offset and item_offset >= 2 else style.item
    if not isinstance(item, dict):
        return [f"{' ' * dash}- {format_flow(item, style.quote)}"]
    lines: List[str] = []
    for k, v in item.items():
        if v is not None:
            lines += _block_pair(k, v, dash + offset, style)
    if not lines:
        return [f"{' ' * dash}- {{}}"]
    first = lines[0]
    lines[0] = " " * dash + "-" + " " * (offset - 1) + first[dash + offset:]
    return lines
