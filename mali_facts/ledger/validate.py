"""Validate a claims file (claims.yaml, version 1) and build its :class:`Ledger`.

Every problem is reported as a one-line :class:`LedgerError` naming ``file:line``;
all problems in a file are collected and raised together as :class:`LedgerInvalid`.
The keys, enums and patterns come from claims.schema.json
(:func:`mali_facts.ledger.schema.tables`); reading the file is
:mod:`mali_facts.ledger.load`'s job.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Tuple, Union

from mali_facts.errors import LedgerError, MaliFactsError, did_you_mean
from mali_facts.ledger.model import Claim, Entity, Evidence, Ledger, PartialDate, Review, Source
from mali_facts.ledger.schema import Tables, tables
if TYPE_CHECKING:  # PyYAML is imported when a file is parsed, not before
    from mali_facts.ledger.yamlpos import Y

# Offsets are plain decimal integers: YAML 1.1 also reads 010 (8), 0x100 and 1:20 (80).
DECIMAL = re.compile(r"0|[1-9][0-9]*")
# Three word characters in a row (text.syntax.MIN_CONTENT): see _quote_problem.
_WORD3 = re.compile(r"\w{3}")
# How many files the "did you mean" hint for a missing source looks at, at most.
HINT_WALK_FILES = 5_000


def __getattr__(name: str):
    """VERSION, SLUG, SHA256, URL, SOURCE_TYPES, RATINGS, ENTITY_KINDS and the
    *_KEYS tables: read from claims.schema.json (:mod:`mali_facts.ledger.schema`)."""
    from mali_facts.ledger import schema

    return getattr(schema, name)


class LedgerInvalid(MaliFactsError):
    """One or more problems in a claims file; ``errors`` holds each one."""

    def __init__(self, errors: List[LedgerError]):
        self.errors = sorted(errors, key=lambda e: e.line or 0)
        super().__init__("\n".join(e.format() for e in errors))

    def format(self) -> str:  # every error on its own line
        return "\n".join(e.format() for e in self.errors)


def validate(text: str, path: Path, shown: str) -> Ledger:
    """The ledger ``text`` (the contents of ``path``, called ``shown`` in messages)
    describes; :class:`LedgerInvalid` with every problem found when it is not valid."""
    from mali_facts._gc import paused

    with paused():
        return _Validator(path, shown, text).run()


class _Validator:
    def __init__(self, path: Path, shown: str, text: str):
        self.path, self.shown, self.text = path, shown, text
        self.errors: List[LedgerError] = []
        self.spelled: Dict[str, str] = {}   # folded entity spelling -> entity name
        self._siblings: Optional[List[str]] = None
        self.t: Tables = tables()
        self._limits: Dict[str, int] = {}
        self._keysets: Dict[int, tuple] = {}  # id(allowed) -> (it, its keys, the required ones)

    # -- helpers -------------------------------------------------------------
    def error(self, line: Optional[int], message: str, hint: Optional[str] = None) -> None:
        self.errors.append(LedgerError(message, path=self.shown, line=line, hint=hint))

    def keys(self, y: Y, allowed: Dict[str, bool], what: Union[str, Callable[[], str]]) -> bool:
        """Is ``y`` a mapping (else an error)? Each unknown key and each missing required
        one is an error. ``what`` names it in a message (a function: only then asked)."""
        value = y.value
        sets = self._keysets.get(id(allowed))
        if sets is None or sets[0] is not allowed:
            sets = self._keysets[id(allowed)] = (
                allowed, frozenset(allowed), frozenset(k for k, required in allowed.items() if required))
        if value.__class__ is dict and value.keys() <= sets[1] and sets[2] <= value.keys():
            return True  # the usual case, in two set operations
        if callable(what):
            what = what()
        if not y.is_map:
            self.error(y.line, f"{what} must be a mapping of keys to values")
            return False
        for key, child in y.value.items():
            if key not in allowed:
                hint = did_you_mean(key, allowed) or "allowed: " + ", ".join(allowed)
                self.error(child.key_line, f"{what}: unknown key {key!r}", hint)
        for key, required in allowed.items():
            if required and key not in y.value:
                self.error(y.line, f"{what}: missing required key {key!r}")
        return True

    def string(self, y: Y, key: str, what: str, *, empty_ok: bool = False) -> Optional[str]:
        child = y.value.get(key)
        if child is None:
            return None
        value = child.value
        if value is None or not isinstance(value, str) or child.tag != "tag:yaml.org,2002:str":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = child.raw  # e.g. a numeric title; accept what was written
            else:
                self.error(child.key_line, f"{what}: {key!r} must be text",
                           "put the value in quotes" if value is not None else None)
                return None
        if not empty_ok and not value.strip():
            self.error(child.key_line, f"{what}: {key!r} is empty")
            return None
        return value

    def strings(self, y: Y, key: str, what: str) -> List[str]:
        child = y.value.get(key)
        if child is None:
            return []
        if not child.is_list:
            self.error(child.key_line, f"{what}: {key!r} must be a list",
                       f"write it as {key}: [a, b]")
            return []
        out = []
        for item in child.value:
            if not isinstance(item.value, str) or not item.value.strip():
                self.error(item.line, f"{what}: every item of {key!r} must be non-empty text")
            else:
                out.append(item.value)
        return out

    def date(self, y: Y, key: str, what: str, *, full: bool = False) -> Optional[PartialDate]:
        child = y.value.get(key)
        if child is None:
            return None
        try:
            value = PartialDate.parse(child.value)
        except ValueError as exc:
            # the hint is said once: "'March 2020' is not a date: use YYYY…" says it already
            reason = "" if "is not a date" in str(exc) else f": {exc}"
            self.error(child.key_line, f"{what}: bad date {child.raw or child.value!r}{reason}",
                       "use YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        if full and value.precision != "day":
            self.error(child.key_line, f"{what}: {key!r} must be a full date YYYY-MM-DD")
        return value

    def integer(self, y: Y, key: str, what: str) -> Optional[int]:
        child = y.value.get(key)
        if child is None:
            return None
        if (isinstance(child.value, bool) or not isinstance(child.value, int) or child.value < 0
                or not DECIMAL.fullmatch(child.raw or "")):
            self.error(child.key_line, f"{what}: {key!r} must be a whole number >= 0",
                       f"write it in plain decimal digits, not {child.raw!r}"
                       if isinstance(child.value, int) and not isinstance(child.value, bool)
                       and child.value >= 0 else None)
            return None
        return child.value

    def bounded(self, y: Y, key: str, value: Optional[str], what: str, name: str) -> Optional[str]:
        """``value`` unless it is longer than the limit ``name`` (an error on its line)."""
        most = self._limits.get(name)
        if most is None:  # read once per file, not once per quote
            from mali_facts.limits import limit

            most = self._limits[name] = limit(name)
        if value is not None and len(value) > most:
            from mali_facts.limits import DEFAULTS, limit, raise_hint

            noun = DEFAULTS[name][1].split(" in ")[0]
            self.error(y.value[key].key_line,
                       f"{what}: {key!r} has {len(value)} {noun}, over the limit of {limit(name)}",
                       f"shorten it, or {raise_hint(name)}")
            return None
        return value

    def slug(self, y: Y, what: str, pattern: str) -> Optional[str]:
        value = self.string(y, "id", what)
        if value is not None and not self.t.patterns[pattern].fullmatch(value):
            fixed = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
            self.error(y.value["id"].key_line, f"{what}: id {value!r} is not a lowercase slug",
                       f"use {fixed!r}" if fixed else "use letters, digits and hyphens")
            return None
        return value

    # -- the file ------------------------------------------------------------
    def run(self) -> Ledger:
        from mali_facts.ledger.yamlpos import parse

        root = parse(self.text, self.shown, self.errors)
        if not self.keys(root, self.t.keys["top"], "claims file"):
            raise LedgerInvalid(self.errors)
        version = root.value.get("version")
        if version is not None and version.value != self.t.version:
            self.error(version.key_line, f"unsupported version {version.value!r}",
                       f"this mali-facts reads version {self.t.version}")
        entities = self.entities(root.value.get("entities"))
        sources = self.sources(root.value.get("sources"))
        claims = self.claims(root.value.get("claims"), sources, entities)
        if self.errors:
            raise LedgerInvalid(self.errors)
        return Ledger(path=self.path, version=self.t.version, sources=sources, claims=claims,
                      entities=entities, text=self.text)

    def section(self, y: Optional[Y], name: str) -> List[Y]:
        if y is None:
            return []
        if not y.is_list:
            self.error(y.key_line, f"{name!r} must be a list", "start each item with '- '")
            return []
        return y.value

    def siblings(self, root: Path) -> List[str]:
        """Text files below ``root`` (relative, POSIX), for "did you mean": found once
        per file, looking at no more than HINT_WALK_FILES entries and never following
        symbolic links or entering hidden folders."""
        if self._siblings is None:
            found: List[str] = []
            seen = 0
            for folder, dirs, files in os.walk(root):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                seen += len(dirs) + len(files)
                rel = os.path.relpath(folder, root)
                found += [(name if rel == "." else os.path.join(rel, name)).replace(os.sep, "/")
                          for name in files if name.endswith(".txt")]
                if seen >= HINT_WALK_FILES:
                    break
            self._siblings = found[:500]
        return self._siblings

    def sources(self, y: Optional[Y]) -> Dict[str, Source]:
        out: Dict[str, Source] = {}
        root = self.path.parent.resolve()
        inside = str(root).rstrip(os.sep) + os.sep
        resolve = _Resolver()
        itself = _identity(self.path)
        for item in self.section(y, "sources"):
            what = "source"
            if not self.keys(item, self.t.keys["source"], lambda: _label(what, item, "source.id")):
                continue
            sid = self.slug(item, what, "source.id")
            what = f"source {sid!r}" if sid else what
            if sid in out:
                self.error(item.value["id"].key_line, f"duplicate source id {sid!r}",
                           f"first defined on line {out[sid].line}")
                sid = None
            file = self.string(item, "file", what)
            resolved = None
            if file is not None:
                real, is_file = resolve(os.path.join(root, file))
                resolved = Path(real)
                line = item.value["file"].key_line
                if not real.startswith(inside):
                    self.error(line, f"{what}: file {file!r} is outside the claims file's folder",
                               "keep sources next to or below claims.yaml")
                    resolved = None
                elif itself is not None and _identity(real) == itself:
                    self.error(line, f"{what}: file {file!r} is the claims file itself",
                               "a source must be a separate document: point 'file' at the "
                               "saved text of the source")
                    resolved = None
                elif not is_file:
                    from mali_facts.sources import file_kind

                    kind = file_kind(real)
                    if kind not in (None, "missing"):
                        self.error(line, f"{what}: file {file!r} is {kind}, not a regular file",
                                   "point 'file' at a text file")
                    else:
                        if os.path.islink(os.path.join(root, file)):
                            hint = "it is a symbolic link to a file that does not exist"
                        else:
                            hint = did_you_mean(file, self.siblings(root)) or "check the path"
                        self.error(line, f"{what}: file {file!r} does not exist", hint)
                    resolved = None
            sha = self.string(item, "sha256", what)
            if sha is not None and not self.t.patterns["source.sha256"].fullmatch(sha):
                self.error(item.value["sha256"].key_line,
                           f"{what}: sha256 must be 64 lowercase hex digits",
                           "compute it with: sha256sum FILE")
                sha = None
            archive, archive_path, archive_sha = self.archive(item.value.get("archive"), what, root,
                                                              inside, resolve)
            self.string(item, "extractor", what)
            kind = self.string(item, "type", what)
            if kind is not None and kind not in self.t.source_types:
                self.error(item.value["type"].key_line, f"{what}: unknown type {kind!r}",
                           did_you_mean(kind, self.t.source_types) or "use one of " + ", ".join(self.t.source_types))
            url = self.string(item, "url", what)
            if url is not None and not self.t.patterns["source.url"].fullmatch(url):
                self.error(item.value["url"].key_line, f"{what}: url {url!r} is not an http(s) URL")
            source = Source(
                id=sid or "", file=file or "", path=resolved or Path(), line=item.line,
                title=self.string(item, "title", what) or "",
                subtitle=self.string(item, "subtitle", what),
                type=kind, publisher=self.string(item, "publisher", what),
                authors=self.strings(item, "authors", what),
                published=self.date(item, "published", what),
                url=url, accessed=self.date(item, "accessed", what, full=True), sha256=sha,
                note=self.string(item, "note", what),
                furniture=self.strings(item, "furniture", what),
                sha256_line=item.value["sha256"].key_line if "sha256" in item.value else None,
                archive=archive, archive_sha256=archive_sha, archive_path=archive_path,
            )
            if sid:
                out[sid] = source
        return out

    def archive(self, y: Optional[Y], what: str, root: Path, inside: str,
                resolve) -> Tuple[Optional[str], Optional[Path], Optional[str]]:
        """``archive: {file, sha256, media_type}``: the snapshot exists, inside the folder.
        Its ``file`` as written and resolved, when it does, and its pinned sha256."""
        if y is None or not self.keys(y, self.t.keys["archive"], f"{what} archive"):
            return None, None, None
        file = self.string(y, "file", f"{what} archive")
        found = path = None
        if file is not None:
            real, is_file = resolve(os.path.join(root, file))
            if not real.startswith(inside):
                self.error(y.value["file"].key_line,
                           f"{what}: archive {file!r} is outside the claims file's folder")
            elif not is_file:
                self.error(y.value["file"].key_line, f"{what}: archive {file!r} does not exist",
                           "restore it, or remove the 'archive' key")
            else:
                found, path = file, Path(real)
        sha = self.string(y, "sha256", f"{what} archive")
        if sha is not None and not self.t.patterns["archive.sha256"].fullmatch(sha):
            self.error(y.value["sha256"].key_line,
                       f"{what}: archive sha256 must be 64 lowercase hex digits")
            sha = None
        self.string(y, "media_type", f"{what} archive")
        return found, path, sha

    def entities(self, y: Optional[Y]) -> Dict[str, Entity]:
        out: Dict[str, Entity] = {}
        spelled = self.spelled  # folded spelling -> entity name
        for item in self.section(y, "entities"):
            if not self.keys(item, self.t.keys["entity"], "entity"):
                continue
            name = self.string(item, "name", "entity")
            if name is None:
                continue
            what = f"entity {name!r}"
            kind = self.string(item, "kind", what)
            if kind is not None and kind not in self.t.entity_kinds:
                self.error(item.value["kind"].key_line, f"{what}: unknown kind {kind!r}",
                           did_you_mean(kind, self.t.entity_kinds) or "use one of " + ", ".join(self.t.entity_kinds))
            aliases = self.strings(item, "aliases", what)
            if name in out:
                self.error(item.value["name"].key_line, f"duplicate entity {name!r}",
                           f"first defined on line {out[name].line}")
                continue
            for spelling in (name, *aliases):
                key = _fold_name(spelling)
                owner = spelled.get(key)
                if owner is not None and owner != name:
                    self.error(item.line, f"{what}: {spelling!r} is already a spelling of {owner!r}",
                               "an alias may belong to one entity only")
                spelled[key] = name
            out[name] = Entity(name=name, kind=kind or "", aliases=aliases, line=item.line)
        return out

    def claims(self, y: Optional[Y], sources: Dict[str, Source],
               entities: Dict[str, Entity]) -> List[Claim]:
        out: List[Claim] = []
        seen: Dict[str, int] = {}
        for item in self.section(y, "claims"):
            if not self.keys(item, self.t.keys["claim"], lambda: _label("claim", item, "claim.id")):
                continue
            cid = self.slug(item, "claim", "claim.id")
            what = f"claim {cid!r}" if cid else "claim"
            if cid is not None and cid in seen:
                self.error(item.value["id"].key_line, f"duplicate claim id {cid!r}",
                           f"first defined on line {seen[cid]}")
            elif cid is not None:
                seen[cid] = item.line
            statement = self.bounded(item, "statement", self.string(item, "statement", what), what,
                                     "MAX_STATEMENT_CHARS")
            tags = self.strings(item, "tags", what)
            for tag in tags:
                if not self.t.patterns["claim.tags"].fullmatch(tag):
                    self.error(item.value["tags"].key_line, f"{what}: tag {tag!r} is not a lowercase slug")
            named = self.strings(item, "entities", what)
            if named and not entities:
                self.error(item.value["entities"].key_line,
                           f"{what}: names entities but the file has no 'entities' section",
                           "add a top-level 'entities:' list")
            elif entities:
                for name in named:
                    if name not in entities:
                        canonical = self.spelled.get(_fold_name(name))
                        hint = (f"use the canonical spelling {canonical!r}" if canonical
                                else did_you_mean(name, entities) or "add it to 'entities:'")
                        self.error(item.value["entities"].key_line,
                                   f"{what}: unknown entity {name!r}", hint)
            evidence = self.evidence(item, what, sources)
            out.append(Claim(
                id=cid or "", statement=statement or "", line=item.line, evidence=evidence,
                date=self.date(item, "date", what), tags=tags, entities=named,
                review=self.review(item.value.get("review"), what),
                statement_line=item.value["statement"].key_line if "statement" in item.value else None,
            ))
        return out

    def evidence(self, claim: Y, what: str, sources: Dict[str, Source]) -> List[Evidence]:
        y = claim.value.get("evidence")
        if y is None:
            return []
        items = self.section(y, "evidence")
        if y.is_list and not items:
            self.error(y.key_line, f"{what}: 'evidence' is empty", "add at least one quote")
        out = []
        for item in items:
            if not self.keys(item, self.t.keys["evidence"], lambda: f"{what} evidence"):
                continue
            source = self.string(item, "source", what)
            if source is not None and source not in sources:
                self.error(item.value["source"].key_line, f"{what}: unknown source {source!r}",
                           did_you_mean(source, sources) or "add it to 'sources:'")
            quote_y = item.value.get("quote")
            quote = self.bounded(item, "quote", self.string(item, "quote", what), what,
                                 "MAX_QUOTE_CHARS")
            start, end = self.integer(item, "start", what), self.integer(item, "end", what)
            if ("start" in item.value) != ("end" in item.value):
                self.error(item.line, f"{what}: give both 'start' and 'end', or neither")
            elif start is not None and end is not None and start >= end:
                self.error(item.value["start"].key_line, f"{what}: 'start' must be less than 'end'")
            if quote is None:
                continue
            problem = _quote_problem(quote)
            if problem is not None:
                self.error(quote_y.key_line, f"{what}: quote {quote!r} {problem}",
                           "quote at least one word of the source")
                continue
            out.append(Evidence(
                source=source or "", quote=quote,
                line=quote_y.key_line, item_line=item.line, end_line=quote_y.end_line,
                column=quote_y.key_column or 1,
                prefix=self.string(item, "prefix", what, empty_ok=True),
                suffix=self.string(item, "suffix", what, empty_ok=True),
                start=start, end=end,
            ))
        return out

    def review(self, y: Optional[Y], what: str) -> Optional[Review]:
        if y is None:
            return None
        if not self.keys(y, self.t.keys["review"], f"{what} review"):
            return None
        rating = self.string(y, "rating", what)
        if rating is not None and rating not in self.t.ratings:
            self.error(y.value["rating"].key_line, f"{what}: unknown rating {rating!r}",
                       did_you_mean(rating, self.t.ratings) or "use one of " + ", ".join(self.t.ratings))
        references = self.strings(y, "references", what)
        for ref in references:
            if not self.t.patterns["review.references"].fullmatch(ref):
                self.error(y.value["references"].key_line,
                           f"{what}: reference {ref!r} is not an http(s) URL")
        return Review(rating=rating or "", explanation=self.string(y, "explanation", what) or "",
                      references=references, line=y.key_line or y.line,
                      date=self.date(y, "date", what), author=self.string(y, "author", what))


class _Resolver:
    """``os.path.realpath`` of many files in a few folders, remembering the folders.

    Each file costs one ``lstat`` instead of one per path component, and the
    answer says whether it is a regular file (following a final symlink).

    >>> import tempfile; d = os.path.realpath(tempfile.mkdtemp())
    >>> open(os.path.join(d, "a.txt"), "w").close(); os.symlink("a.txt", os.path.join(d, "b.txt"))
    >>> r = _Resolver()
    >>> [(os.path.basename(p), f) for p, f in map(r, [d + "/a.txt", d + "/b.txt", d + "/../x"])]
    [('a.txt', True), ('a.txt', True), ('x', False)]
    """

    def __init__(self) -> None:
        self.folders: Dict[str, str] = {}

    def __call__(self, path: str) -> "tuple[str, bool]":
        import stat

        folder, name = os.path.split(path)
        if name in ("", ".", ".."):
            return self._slow(path)
        real = self.folders.get(folder)
        if real is None:
            real = self.folders[folder] = os.path.realpath(folder)
        joined = os.path.join(real, name)
        try:
            st = os.lstat(joined)
        except OSError:
            return joined, False
        if stat.S_ISLNK(st.st_mode):
            return self._slow(joined)
        return joined, stat.S_ISREG(st.st_mode)

    @staticmethod
    def _slow(path: str) -> "tuple[str, bool]":
        real = os.path.realpath(path)
        return real, os.path.isfile(real)


def _identity(path: Union[str, Path]) -> Optional["tuple[int, int]"]:
    """``(device, inode)`` of the file ``path`` leads to (so a hard link is the same
    file as its twin), or None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _quote_problem(quote: str) -> Optional[str]:
    """Why ``quote`` cannot be a quote, or None: it needs a word of quoted text
    (:data:`mali_facts.text.syntax.MIN_CONTENT` letters or digits outside brackets
    and elisions), the rule the matcher applies.

    >>> [_quote_problem(q) for q in ("e", "[T]he coup", "six", "[Sanogo] a")]
    ['has no whole word', None, None, 'has no whole word outside its bracketed alterations']
    """
    if "[" not in quote and "..." not in quote and "\u2026" not in quote and _WORD3.search(quote):
        # no bracket and no elision, so every word character is quoted text, and
        # there are MIN_CONTENT (3) of them in a row: what has_content() would say
        return None
    from mali_facts.text.syntax import BRACKET, has_content

    if has_content(quote):
        return None
    if BRACKET.search(quote):
        return "has no whole word outside its bracketed alterations"
    return "has no whole word"


def _label(what: str, item: Y, pattern: str) -> str:
    """'claim' or, when the item has a usable id, "claim 'the-id'"."""
    ident = item.value.get("id") if item.is_map else None
    if ident is not None and isinstance(ident.value, str) and tables().patterns[pattern].fullmatch(ident.value):
        return f"{what} {ident.value!r}"
    return what


def _fold_name(name: str) -> str:
    """Two spellings of an entity are one when every fold of the text engine makes them equal."""
    from mali_facts.text.normalize import ALL, fold_text

    return fold_text(name, ALL).strip()




def canonical_name(name: str, entities: Dict[str, Entity]) -> Optional[str]:
    """The canonical name of the entity ``name`` spells (its name or an alias, folded),
    or None."""
    key = _fold_name(name)
    for entity in entities.values():
        if any(_fold_name(s) == key for s in (entity.name, *entity.aliases)):
            return entity.name
    return None
