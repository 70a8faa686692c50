"""From a document's bytes to the text a ledger quotes, the same way every time.

* plain text: UTF-8 is kept byte for byte; another encoding is detected
  (charset-normalizer) and the text re-encoded as UTF-8;
* HTML: the article body and its metadata, by trafilatura with pinned options;
* PDF: pypdf's text, a form feed (``\\f``) opening each page after the first, as
  pdftotext does.

Heavy libraries are imported here, lazily; without them :func:`require` names the
extra to install. Nothing here writes files.
"""

from __future__ import annotations

import datetime
import importlib
import io
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from mali_facts.errors import SourceError, UsageError

EXTRA = "pip install 'mali-facts[import]'"

# trafilatura, pinned: these options (and its version, recorded in the entry) fix
# what a page gives. Dates come only from the page's markup (meta, JSON-LD, <time>),
# never guessed from its prose or from today's date.
TRAFILATURA_OPTIONS: Dict[str, Any] = {
    "output_format": "json",
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "favor_precision": False,
    "favor_recall": False,
    "deduplicate": False,
    "fast": False,
    "date_extraction_params": {
        "extensive_search": False, "original_date": True,
        "outputformat": "%Y-%m-%d", "min_date": "1800-01-01", "max_date": "2999-12-31",
    },
}
TRAFILATURA_CONFIG = {
    "MIN_EXTRACTED_SIZE": "250", "MIN_OUTPUT_SIZE": "1", "MIN_OUTPUT_COMM_SIZE": "1",
    "MAX_TREE_SIZE": "", "MIN_DUPLCHECK_SIZE": "100", "MAX_REPETITIONS": "2",
    "EXTENSIVE_DATE_SEARCH": "off", "EXTRACTION_TIMEOUT": "0",
}


@dataclass
class Extracted:
    """The text of a document and what it says about itself."""

    text: str                               # what sources/ID.txt will hold
    kind: str                               # text, html or pdf
    media_type: str                         # of the original bytes
    extractor: Optional[str] = None         # "trafilatura 2.3.1"; None for UTF-8 text
    charset: Optional[str] = None           # the detected charset of non-UTF-8 text
    metadata: Dict[str, Any] = field(default_factory=dict)  # title, authors, published, publisher, url
    pages: Optional[int] = None             # PDF page count

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")


def require(module: str, what: str):
    """Import ``module`` or raise a UsageError saying which extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = getattr(exc, "name", None) or module
        raise UsageError(f"{what} needs {missing}, which is not installed",
                         hint=f"install it with: {EXTRA}") from None


def version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _version

    try:
        return _version(distribution)
    except PackageNotFoundError:  # pragma: no cover - installed without metadata
        return "unknown"


def tidy(text: str) -> str:
    """LF line endings, no trailing spaces, no blank lines at either end, one final newline.

    >>> tidy("\\r\\n  Title  \\r\\nBody\\t\\r\\n\\r\\n\\r\\n")
    '  Title\\nBody\\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.rstrip(" \t\u00a0") for line in text.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


# -- plain text ------------------------------------------------------------------

# When charset-normalizer finds several encodings about as plausible, the first of
# these wins: short Western texts decode without errors in many code pages, and its
# language coherence score can favour an old DOS code page over Windows-1252.
PREFERRED = ("utf_8", "cp1252", "latin_1", "iso8859_15", "utf_16", "utf_32")


def detect_charset(data: bytes) -> Optional[str]:
    """The charset of ``data``: among charset-normalizer's candidates with the least
    chaos (within 0.05), a :data:`PREFERRED` one, else the most coherent.

    >>> detect_charset("Le café coûte 3 € – « très cher », dit-elle.\\n".encode("cp1252"))
    'cp1252'
    >>> detect_charset("日本語の文章です。今日は良い天気です。".encode("shift_jis"))
    'cp932'
    """
    detector = require("charset_normalizer", "reading text that is not UTF-8")
    matches = list(detector.from_bytes(data))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= least + 0.05]

    def rank(m):
        preferred = PREFERRED.index(m.encoding) if m.encoding in PREFERRED else len(PREFERRED)
        return (preferred, -m.coherence, m.chaos, m.encoding)

    return sorted(close, key=rank)[0].encoding


def extract_text(data: bytes, where: str, encoding: Optional[str] = None,
                 declared: Optional[str] = None) -> Extracted:
    """UTF-8 as is; otherwise ``encoding``, else the charset the server ``declared``
    (when the bytes decode in it), else the detected one; written as UTF-8."""
    if encoding is None:
        try:
            text = data.decode("utf-8")
            if not text.strip():
                raise SourceError("the file holds no text", path=where)
            return Extracted(text=text, kind="text", media_type="text/plain; charset=utf-8")
        except UnicodeDecodeError:
            pass
    if encoding is None and declared:
        import codecs

        try:
            charset = codecs.lookup(declared).name
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if text.strip():
                return Extracted(text=text.lstrip("\ufeff"), kind="text",
                                 media_type=f"text/plain; charset={charset}",
                                 extractor=f"python codecs {charset}", charset=charset)
    if encoding is not None:
        import codecs

        try:
            charset = codecs.lookup(encoding).name
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r}",
                             hint="use a Python codec name, e.g. cp1252 or latin-1") from None
        try:
            text = data.decode(charset)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise SourceError(f"not valid {charset} at line {line} (byte {exc.start})", path=where,
                              hint="check --encoding") from None
        return Extracted(text=text.lstrip("\ufeff"), kind="text",
                         media_type=f"text/plain; charset={charset}",
                         extractor=f"python codecs {charset}", charset=charset)
    charset = detect_charset(data)
    if charset is None:
        raise SourceError("the text is not UTF-8 and its encoding cannot be told", path=where,
                          hint="pass --encoding, or save it as UTF-8")
    text = data.decode(charset)
    if not text.strip():
        raise SourceError("the file holds no text", path=where)
    if text.startswith("\ufeff"):
        text = text[1:]
    return Extracted(text=text, kind="text", media_type=f"text/plain; charset={charset}",
                     extractor=f"charset-normalizer {version('charset-normalizer')}",
                     charset=charset)


# -- HTML --------------------------------------------------------------------------

def _trafilatura_config(trafilatura):
    from trafilatura.settings import use_config

    config = use_config()
    for key, value in TRAFILATURA_CONFIG.items():
        config.set("DEFAULT", key, value)
    return config


def extract_html(data: bytes, where: str) -> Extracted:
    """The article body (one paragraph a line) and the page's own metadata."""
    import json

    trafilatura = require("trafilatura", "reading HTML")
    require("lxml_html_clean", "reading HTML")
    options = dict(TRAFILATURA_OPTIONS)
    options["date_extraction_params"] = dict(options["date_extraction_params"])
    result = trafilatura.extract(data, config=_trafilatura_config(trafilatura), **options)
    body = tidy(json.loads(result)["text"] or "") if result else ""
    if not body:
        raise SourceError("no article text found in the page", path=where,
                          hint="save the page's text as a .txt file and add that instead")
    found = json.loads(result)
    meta: Dict[str, Any] = {}
    if _clean(found.get("title")):
        meta["title"] = _clean(found["title"])
    authors = [_clean(a) for a in re.split(r"\s*;\s*", found.get("author") or "")]
    if any(authors):
        meta["authors"] = [a for a in authors if a]
    published = _iso_date(found.get("date"))
    if published is not None:
        meta["published"] = published
    if _clean(found.get("source-hostname")):
        meta["publisher"] = _clean(found["source-hostname"])
    url = _clean(found.get("source"))
    if url and re.match(r"^https?://\S+$", url):
        meta["url"] = url
    return Extracted(text=body, kind="html", media_type="text/html",
                     extractor=f"trafilatura {version('trafilatura')}", metadata=meta)


def _clean(value: Any) -> Optional[str]:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _iso_date(value: Any) -> Optional[datetime.date]:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


# -- PDF ---------------------------------------------------------------------------

OCR_HINT = "it looks like a scan: run OCR first, e.g. ocrmypdf IN.pdf OUT.pdf, then add OUT.pdf"


def extract_pdf(data: bytes, where: str) -> Extracted:
    """Each page's text, pages separated by a form feed; refuse a PDF with no text layer."""
    require("pypdf", "reading PDF")
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not ours to print
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError("the PDF is encrypted", path=where,
                              hint="save an unencrypted copy and add that")
        pages: List[str] = []
        for page in reader.pages:
            pages.append(tidy(page.extract_text() or "").rstrip("\n"))
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SourceError(f"cannot read the PDF: {exc}", path=where,
                          hint="check that it opens in a PDF viewer") from None
    if not any(p.strip() for p in pages):
        pages_hold = "its page holds" if len(pages) == 1 else f"its {len(pages)} pages hold"
        raise SourceError(f"the PDF has no text layer: {pages_hold} no text", path=where,
                          hint=OCR_HINT)
    meta: Dict[str, Any] = {}
    info = reader.metadata
    if info is not None:
        if _clean(info.title):
            meta["title"] = _clean(info.title)
        if _clean(info.author):
            meta["authors"] = [a for a in (_clean(x) for x in re.split(r"\s*;\s*", info.author)) if a]
    # pdftotext's layout: a page's last line ends, then a form feed opens the next page.
    return Extracted(text="\n\f".join(pages) + "\n", kind="pdf", media_type="application/pdf",
                     extractor=f"pypdf {version('pypdf')}", metadata=meta, pages=len(pages))


# -- which one -----------------------------------------------------------------------

SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf",
            ".txt": "text", ".text": "text", ".md": "text"}


def sniff(data: bytes, suffix: str = "", media_type: str = "") -> str:
    """``html``, ``pdf`` or ``text``: the media type when known, else the suffix, else the bytes.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"<!DOCTYPE html><p>x"), sniff(b"x", ".HTM"), sniff(b"x")
    ('pdf', 'html', 'html', 'text')
    """
    from mali_facts.importer.fetch import MEDIA_TYPES

    if media_type in MEDIA_TYPES:
        return MEDIA_TYPES[media_type]
    if suffix.lower() in SUFFIXES:
        return SUFFIXES[suffix.lower()]
    head = data[:2048].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return "html"
    return "text"


def extract(data: bytes, kind: str, where: str, *, encoding: Optional[str] = None,
            declared: Optional[str] = None) -> Extracted:
    """The text of ``data`` read as ``kind``; ``declared`` is an HTTP charset."""
    if kind == "pdf" and not data.lstrip()[:5] == b"%PDF-":
        raise SourceError("not a PDF (it does not start with %PDF-)", path=where,
                          hint="check the file")
    if kind == "text":
        return extract_text(data, where, encoding, declared)
    if encoding is not None:
        raise UsageError("--encoding applies to plain text only",
                         hint="HTML and PDF declare their own encoding")
    return {"html": extract_html, "pdf": extract_pdf}[kind](data, where)
