"""`init` and `source add`: a new ledger, and documents in without hand work.

:func:`add_sources` reads files or fetches URLs, extracts their text
(:mod:`.extract`), writes ``sources/ID.txt`` and the archived original beside it,
and appends one entry per document to ``sources:`` through the one claims-file
writer (:mod:`mali_facts.ledger.writer`). Either every document is added or nothing is
written. Nothing here prints.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Union
from urllib.parse import urlsplit

from mali_facts.errors import SourceError, UsageError
from mali_facts.importer.extract import Extracted

SOURCES_DIR = "sources"
ARCHIVE_SUFFIX = {"html": ".html", "pdf": ".pdf", "text": ".original.txt"}
DEFAULT_TYPE = {"html": "webpage"}


@dataclass
class AddOptions:
    """What the user said on the command line (None: not said)."""

    id: Optional[str] = None
    title: Optional[str] = None
    authors: Optional[List[str]] = None
    published: Optional[str] = None
    publisher: Optional[str] = None
    type: Optional[str] = None
    encoding: Optional[str] = None    # of a plain-text document (default: UTF-8, else detected)
    max_bytes: int = 20 * 1024 * 1024
    timeout: float = 30.0
    today: Optional[datetime.date] = None


@dataclass
class Added:
    """One document, ready to be (or already) written."""

    spec: str                         # the path or URL as given
    id: str
    file: str                         # sources/ID.txt, relative to the claims file
    archive: Optional[str]            # sources/ID.html..., or None (UTF-8 text is its own original)
    extracted: Extracted
    original: bytes
    entry: Dict[str, Any]
    final_url: Optional[str] = None   # for a URL: where the redirects ended
    redirects: int = 0

    @property
    def sha256(self) -> str:
        return self.entry["sha256"]


@dataclass
class AddReport:
    claims: Path
    added: List[Added] = field(default_factory=list)
    diff: str = ""
    written: bool = False


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _published(value: str):
    """A --published value as the claims file writes it: a date, 'YYYY-MM' or a year."""
    from mali_facts.ledger import PartialDate

    try:
        date = PartialDate.parse(value)
    except ValueError as exc:
        raise UsageError(f"--published {value!r}: {exc}", hint="use YYYY, YYYY-MM or YYYY-MM-DD") \
            from None
    if date.precision == "day":
        return datetime.date(date.year, date.month, date.day)
    if date.precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.year


def _year(value: Any) -> Optional[int]:
    if isinstance(value, int):
        return value
    if isinstance(value, datetime.date):
        return value.year
    if isinstance(value, str) and value[:4].isdigit():
        return int(value[:4])
    return None


class Read(NamedTuple):
    data: bytes
    kind: str                    # html, pdf or text
    media_type: str              # as served ('' for a file)
    final_url: Optional[str]     # after redirects (None for a file)
    redirects: int
    charset: Optional[str]       # as served


def read(spec: str, options: AddOptions) -> Read:
    """The bytes of a path or URL and what is known about them."""
    from mali_facts.importer.extract import sniff
    from mali_facts.importer.fetch import check_url, fetch, is_url

    if is_url(spec):
        check_url(spec)
        got = fetch(spec, max_bytes=options.max_bytes, timeout=options.timeout)
        return Read(got.data, sniff(got.data, media_type=got.media_type), got.media_type,
                    got.final_url, got.redirects, got.charset)
    path = Path(spec)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise SourceError("is a folder, not a document", path=spec) from None
    except OSError as exc:
        raise SourceError(f"cannot read it: {exc.strerror}", path=spec,
                          hint="check the path") from None
    return Read(data, sniff(data, path.suffix), "", None, 0, None)


def add_sources(claims: Union[str, Path], specs: Sequence[str], options: AddOptions,
                *, dry_run: bool = False) -> AddReport:
    """Add every document in ``specs`` to the ledger ``claims``, or none of them."""
    from mali_facts.importer.extract import extract
    from mali_facts.importer.ids import base_id, unique, slugify
    from mali_facts.ledger import SLUG, SOURCE_TYPES
    from mali_facts.ledger.writer import ClaimsEditor

    claims = Path(claims)
    if not specs:
        raise UsageError("no document given", hint="name a file or an http(s) URL")
    if len(specs) > 1 and (options.id or options.title or options.authors or options.published
                           or options.publisher):
        raise UsageError("--id and the metadata options apply to one document at a time",
                         hint="add the documents one by one")
    if options.id is not None and not SLUG.match(options.id):
        raise UsageError(f"--id {options.id!r} is not a lowercase slug",
                         hint=f"use {slugify(options.id)!r}" if slugify(options.id) else None)
    if options.type is not None and options.type not in SOURCE_TYPES:
        from mali_facts.errors import did_you_mean

        raise UsageError(f"--type {options.type!r} is not a known type",
                         hint=did_you_mean(options.type, SOURCE_TYPES)
                         or "use one of " + ", ".join(SOURCE_TYPES))
    published = _published(options.published) if options.published else None
    editor = ClaimsEditor.open(claims)
    folder = claims.parent
    sources_dir = folder / SOURCES_DIR
    today = options.today or datetime.date.today()
    report = AddReport(claims=claims)
    ids, by_sha, lines = _known_sources(editor, claims)

    def taken(candidate: str) -> bool:
        return candidate in ids or any(
            (sources_dir / f"{candidate}{suffix}").exists() for suffix in (".txt", *ARCHIVE_SUFFIX.values()))

    for spec in specs:
        data, kind, media_type, final_url, redirects, charset = read(spec, options)
        got = extract(data, kind, spec, encoding=options.encoding, declared=charset)
        meta = dict(got.metadata)
        canonical = meta.get("url")
        if final_url:
            meta["url"] = final_url
        if options.title:
            meta["title"] = options.title
        if options.authors:
            meta["authors"] = list(options.authors)
        if published is not None:
            meta["published"] = published
        if options.publisher:
            meta["publisher"] = options.publisher
        text_sha = _sha256(got.data)
        if text_sha in by_sha and not options.id:
            raise UsageError(f"{spec}: the same text is already source {by_sha[text_sha]!r}",
                             hint="pass --id to add it again under another id")
        if options.id:
            if options.id in ids:
                where = f" (line {lines[options.id]})" if options.id in lines else ""
                raise UsageError(f"source id {options.id!r} already exists in "
                                 f"{editor.shown}{where}", hint="choose another --id")
            if taken(options.id):
                raise UsageError(f"{SOURCES_DIR}/{options.id}.* already exists",
                                 hint="choose another --id, or move the old files away")
            sid = options.id
        else:
            stem = Path(urlsplit(final_url).path if final_url else spec).stem
            sid = unique(base_id(urls=[final_url, canonical], publisher=meta.get("publisher"),
                                 title=meta.get("title"), stem=stem,
                                 year=_year(meta.get("published"))), taken)
        ids.add(sid)
        by_sha[text_sha] = sid
        file = f"{SOURCES_DIR}/{sid}.txt"
        archive = None
        if got.extractor is not None:  # UTF-8 text is its own original
            archive = f"{SOURCES_DIR}/{sid}{ARCHIVE_SUFFIX[got.kind]}"
        entry: Dict[str, Any] = {"id": sid, "file": file,
                                 "type": options.type or DEFAULT_TYPE.get(got.kind)}
        for key in ("title", "publisher", "authors", "published", "url"):
            entry[key] = meta.get(key)
        entry["accessed"] = today
        entry["sha256"] = text_sha
        if archive is not None:
            entry["archive"] = {"file": archive, "sha256": _sha256(data), "media_type":
                                got.media_type if got.kind == "text" else media_type or got.media_type}
        entry["extractor"] = got.extractor
        report.added.append(Added(spec=spec, id=sid, file=file, archive=archive, extracted=got,
                                  original=data, entry=entry, final_url=final_url,
                                  redirects=redirects))
        editor.append_item("sources", entry)
    report.diff = editor.diff()
    if dry_run:
        return report
    _write(report, editor, folder)
    report.written = True
    return report


def _known_sources(editor, claims: Path):
    """(ids, sha256 -> id, id -> line) of the sources already in the file.

    The file may not validate yet (a claim quoting the source about to be added):
    then its ids are read without validation, and :meth:`ClaimsEditor.save`
    validates the result.
    """
    from mali_facts.ledger import LedgerInvalid, load_ledger_text
    from mali_facts.errors import LedgerError

    try:
        ledger = load_ledger_text(editor.text, claims)
    except (LedgerInvalid, LedgerError):
        from mali_facts.ledger.yamlpos import parse

        root = parse(editor.text, editor.shown)
        ids, by_sha, lines = set(), {}, {}
        section = root.value.get("sources") if root.is_map else None
        for item in section.value if section is not None and section.is_list else []:
            if item.is_map and "id" in item.value:
                sid = str(item.value["id"].value)
                ids.add(sid)
                lines[sid] = item.line
                sha = item.value.get("sha256")
                if sha is not None:
                    by_sha[str(sha.value)] = sid
        return ids, by_sha, lines
    return (set(ledger.sources), {s.sha256: s.id for s in ledger.sources.values() if s.sha256},
            {s.id: s.line for s in ledger.sources.values()})


def _write(report: AddReport, editor, folder: Path) -> None:
    """Write the texts and originals, then the claims file; undo the files if anything fails."""
    from mali_facts.atomic import write_atomically

    created: List[Path] = []
    try:
        (folder / SOURCES_DIR).mkdir(exist_ok=True)
        for added in report.added:
            for rel, data in ((added.file, added.extracted.data), (added.archive, added.original)):
                if rel is None:
                    continue
                target = folder / rel
                if target.exists():
                    raise SourceError("already exists; nothing written", path=rel,
                                      hint="move it away or choose another --id")
                write_atomically(target, data, mode=0o644)
                created.append(target)
        editor.save()
    except BaseException:
        for path in created:
            try:
                os.unlink(path)
            except OSError:
                pass
        raise
