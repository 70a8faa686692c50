"""The verification session: one place that reads sources and anchors quotes in them.

A :class:`Session` reads each source of a ledger at most once (bytes, sha256, UTF-8
text; the line index is built on first use) and verifies evidence items against
it. ``check``, ``show``, ``cite``, ``search`` (the claims it links to passages) and
``coverage`` all verify through one. It is also where verification is made fast:

1. **Exact first.** Most quotes are in their source byte for byte: one comparison
   at the recorded ``start``, else ``str.find`` over the raw text (twice, to know
   the match is the only one). Only a quote not found that way goes to the text
   engine's :func:`~mali_facts.text.locate.locate`, which folds the source (once:
   the session works source by source, and the fold is cached).
2. **A position cache** (:class:`PositionCache`): where each quote that needed the
   engine was found, kept between runs in the cache folder and re-checked against
   the text before it is used (see the class).
3. **Worker processes**, one per core, when what is left for the engine is large
   enough to pay for them (:data:`PARALLEL_MIN_CHARS`). They start as soon as that
   much is queued and search while this process reads and matches the sources
   after it; each gets one source's text and quotes at a time. Results are put
   back in ledger order, so they are the same as in a single process.

Public interface: ``Session(ledger, cache=..., workers=...)``, ``.source(id)``,
``.sources()``, ``.verify(claim, evidence)``, ``.verify_claims(claims, progress=)``,
and ``.stats``. Nothing here prints.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
from collections import deque
from pathlib import Path
from typing import Any, Callable, Deque, Dict, List, NamedTuple, Optional, Sequence, Tuple

from mali_facts.cache import SignedCache, file_stamp
from mali_facts.ledger import Claim, Evidence, Ledger
from mali_facts.sources import SourceText, decode_source, read_bytes, read_source
from mali_facts.text.syntax import cut, has_content, inside_word
from mali_facts.verify import EvidenceResult, verify_evidence, verify_exact

__all__ = ["Session", "PositionCache", "Found", "find", "PARALLEL_MIN_CHARS"]

#: Use worker processes when the sources still to be searched by the text engine
#: (after exact matches and the cache) hold at least this many characters.
PARALLEL_MIN_CHARS = 2_000_000
#: ... and, while another process of the run has a core (``Session.busy_cores``), when
#: at least this many quotes wait for the engine: less work (a few hundred
#: misquotes, a second of searching) is done sooner here than by workers that share
#: the cores with that process and this one (measured at 10,000 claims on two cores:
#: 2.55 s against 2.8 s wall, 3.7 against 4.3 s CPU).
BUSY_MIN_QUOTES = 2_000
#: Jobs (one source's text and quotes each) in flight per worker, at most.
_IN_FLIGHT = 4
#: Read sources in threads (reading a file and hashing it release the GIL, so they
#: overlap this thread's work) when a session reads at least this many at once.
THREAD_MIN_SOURCES = 8
#: The reading threads.
_READERS = 2

Progress = Callable[[int, int], None]


class Found(NamedTuple):
    """Where a quote was found, as :class:`~mali_facts.text.locate.Match` says it
    (the same attributes), for the matches made without the text engine and those
    read from the position cache (a tuple: one is made for every quote)."""

    status: str
    match: Optional[str]
    start: Optional[int]
    end: Optional[int]
    score: float
    differences: tuple = ()
    normalizations: tuple = ()
    candidates: tuple = ()
    warnings: tuple = ()


# A quote without editor's marks ([...], ..., …) and with a run of three word
# characters has content (mali_facts.text.syntax.has_content), without counting.
_PLAIN_CONTENT = re.compile(r"\w{3}")


def _content(q: str) -> bool:
    """Whether the stripped quote ``q`` has words outside editor's marks (else the
    engine says why it fails)."""
    return bool(q) and bool(_PLAIN_CONTENT.search(q) and not ("[" in q or "..." in q or "\u2026" in q)
                            or has_content(q))


def exact_at(text: str, quote: str, position: Optional[int]) -> Optional[Found]:
    """The exact match of ``quote`` at ``position`` (its words in ``text`` verbatim
    from there, on word boundaries), or None: one comparison, no search.

    >>> exact_at("a cab a cab", "cab", 8).start, exact_at("a cab", "cab", 1), exact_at("a cab", "ca", 2)
    (8, None, None)
    """
    if position is None:
        return None
    end = _verbatim_at(text, quote.strip(), position)
    return None if end < 0 else Found("verified", "exact", position, end, 100.0)


_BLANK = " \n"


def _verbatim_at(text: str, q: str, p: int) -> int:
    """Where the stripped quote ``q`` ends if it is at ``p`` in ``text`` verbatim, on
    word boundaries, and has words outside editor's marks (:func:`_content`); else
    -1. :func:`exact_at`'s test, and the session's for each quote at a recorded or
    cached start (written out: it is made for most quotes). A boundary is not inside
    a word (:func:`~mali_facts.text.syntax.inside_word`, not asked where a space or
    a line break is on either side of it: never a word's or an apostrophe's).

    >>> _verbatim_at("a cab", "cab", 2), _verbatim_at("a cab", "ca", 2), _verbatim_at("a cab", "cab", -3)
    (5, -1, -1)
    """
    if q and p >= 0 and text.startswith(q, p) and (
            p == 0 or text[p - 1] in _BLANK or q[0] in _BLANK or not inside_word(text, p)):
        e = p + len(q)
        if (e >= len(text) or text[e] in _BLANK or q[-1] in _BLANK or not inside_word(text, e)) \
                and (_PLAIN_CONTENT.search(q) and not ("[" in q or "..." in q or "\u2026" in q)
                     or has_content(q)):
            return e
    return -1


def exact(text: str, quote: str, position: Optional[int] = None) -> Optional[Found]:
    """The match :func:`~mali_facts.text.locate.locate` would report when the quote
    is in ``text`` verbatim, on word boundaries, and the answer needs no folding: at
    ``position``, or as the only such occurrence. None otherwise (several, or none).

    >>> exact("a cab a cab", "cab", 8).start, exact("a cab", "cab").start, exact("a cab a cab", "cab")
    (8, 2, None)
    >>> exact("It was unfair.", "fair") is None
    True
    """
    found = exact_at(text, quote, position)
    if found is not None:
        return found
    q = quote.strip()
    if not _content(q):
        return None  # no words outside editor's marks: the engine says why
    n = len(q)
    found = None
    i = text.find(q)
    while i != -1:
        if not cut(text, i, i + n):
            if found is not None:
                return None
            found = i
        i = text.find(q, i + 1)
    if found is None:
        return None
    return Found("verified", "exact", found, found + n, 100.0)


def find(text: str, ev: Evidence):
    """Where ``ev``'s quote is in ``text``: exact first, else the text engine."""
    found = exact(text, ev.quote, ev.start)
    if found is not None:
        return found
    from mali_facts.text.locate import locate

    return locate(text, ev.quote, prefix=ev.prefix, suffix=ev.suffix, position=ev.start)


# -- the position cache ------------------------------------------------------------

#: 2: exact matches found by a search are kept too ({"~exact": start}).
#: 3: the key hashes the source's sha256, then the evidence item's fields (keyer).
CACHE_FORMAT = 3


def _engine_stamp() -> str:
    """The tool's version and the matchers' files (size, mtime): the text engine's,
    the word boundaries, and this module (:func:`exact`): positions found by other
    code are not reused."""
    here = Path(__file__).parent
    return file_stamp(*(here / name for name in ("text/locate.py", "text/normalize.py",
                                                 "text/differences.py", "text/syntax.py",
                                                 "session.py")))


def _encode(value: Any) -> Any:
    """Plain JSON for a Match's fields (tuples become lists, a Difference a tagged dict)."""
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if hasattr(value, "to_dict"):
        return {"~": value.to_dict()}
    return value


def ci_run() -> bool:
    """Whether this is a CI run (``CI`` set to anything but empty, ``0`` or ``false``):
    then the position cache is written but not read, as the other caches are, since
    a restored cache must not decide a CI result."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def _span_digest(text: str, match) -> str:
    """The sha256 of the text a match names (a misquote's check: its differences
    are those of this text)."""
    return hashlib.sha256(text[match.start:match.end].encode("utf-8")).hexdigest()


#: Encodes a cache key's fields (one encoder, not one made per call).
_KEYS = json.JSONEncoder(ensure_ascii=False)


_CONTAINERS = (list, dict)


def _decode(value: Any) -> Any:
    """What :func:`_encode` made plain: tuples, and Differences.

    >>> _decode([[1, 2], [], "a"])
    ((1, 2), (), 'a')
    """
    if isinstance(value, list):
        if not value:
            return ()
        return tuple([_decode(v) if type(v) in _CONTAINERS else v for v in value])
    if isinstance(value, dict):
        from mali_facts.text.differences import Difference

        return Difference(**value["~"])
    return value


class PositionCache(SignedCache):
    """Where quotes were found by a search, kept between runs.

    One file per claims file in ``cache_dir()/positions/``, signed
    (:class:`~mali_facts.cache.SignedCache`): a first line with the format and an
    HMAC-SHA256 of the rest, then JSON mapping a key to a record. The HMAC's
    key is a random one kept in the same folder (``key``, made on first write, mode
    0600): an entry written by anything else is not read, nor a file of another user
    or one that others may write. In a CI run (:func:`ci_run`) entries are written
    but not read. The key is the sha256 of the source's sha256, the evidence item's
    quote, prefix, suffix and start (all the search reads), the tool's version
    and the matchers' files (:func:`_engine_stamp`). A record is one of:

    - ``{"~exact": start}``: :func:`exact` found the quote verbatim at ``start``,
      on word boundaries, and nowhere else on word boundaries (an evidence item
      whose recorded ``start`` is right needs no record: that is one comparison
      already). A warm run compares the text at ``start`` with the quote and checks
      the word boundaries there (:func:`exact_at`), and does no search;
    - the text engine's match (:class:`~mali_facts.text.locate.Match`'s fields).

    Every record is checked against the source text before it is used
    (:meth:`hit`, :meth:`usable`):

    - an exact record: the quote must be at its ``start``, on word boundaries;
    - a passing match (verified or ambiguous): the text at its one span must have
      the digest recorded with it (the very text the engine verified the quote in);
      else, and for a match with several spans, the quote must verify, on its own,
      in the text of each span the entry names: the span is the quote, or folds to
      the folded quote (the engine's test for a normalized match, on the span
      alone), or else the engine verifies it there (a local search of one span);
    - a failing one (misquoted or not found): the quote must not be in the text
      verbatim, and the text at a misquote's span must have the digest recorded
      with it (its differences were computed from that text).

    An entry that fails its check, a damaged file, or one from another version is
    ignored, and the quote is searched again. So the cache can make a run faster
    but cannot make a quote pass that is not in its source.

    What the checks cannot see without the full search the cache saves rests on the
    signature: that an exact record's occurrence is the only one, that an engine
    entry lists every candidate span, and that a quote it says fails would not pass
    after folding. That is sound because each of these is a fact about the quote
    and the exact text the key names: the key holds the source's sha256 (the text
    read in this run has it, or the key is another one), the evidence item's fields
    and the code that searched, so the fact, once established by the search, holds
    whenever the key is looked up again; and the signature means only this user's
    mali-facts, after that search, wrote it. An entry forged or edited without the
    folder's key is not read; one moved to another key names a text it was not
    computed for, which only a holder of the key could do.
    """

    FORMAT = CACHE_FORMAT

    def __init__(self, path: Optional[Path], *, trust: bool = True) -> None:
        super().__init__(path, trust=trust)  # trust False: written, never read (see ci_run)
        self._stamp = _engine_stamp()
        self._head = hashlib.sha256(_KEYS.encode([CACHE_FORMAT, self._stamp]).encode("utf-8"))

    @classmethod
    def for_ledger(cls, ledger: Ledger, root: Optional[Path] = None,
                   trust: Optional[bool] = None) -> "PositionCache":
        """The cache of ``ledger``'s claims file; ``trust`` defaults to "not in CI"."""
        from mali_facts.cache import cache_dir, path_key

        return cls((root or cache_dir()) / "positions" / f"{path_key(Path(ledger.path))}.json",
                   trust=not ci_run() if trust is None else trust)

    def key(self, sha256: str, ev: Evidence) -> str:
        """The key of ``ev`` in the source text whose sha256 is ``sha256`` (see the class)."""
        return self.keyer(sha256)(ev)

    def keyer(self, sha256: str) -> Callable[[Evidence], str]:
        """:meth:`key` for the evidence items of one source text (its part hashed once).
        (The fields' ``repr``: a string's is unambiguous, and quicker than JSON.)"""
        head = self._head.copy()
        head.update(repr(sha256).encode("utf-8", "surrogatepass"))
        copy = head.copy

        def key(ev: Evidence) -> str:
            h = copy()
            h.update(repr((ev.quote, ev.prefix, ev.suffix, ev.start)).encode("utf-8", "surrogatepass"))
            return h.hexdigest()

        return key

    def hit(self, key: str, text: str, ev: Evidence) -> Tuple[Optional[Any], str]:
        """The cached match for ``key``, if the text bears it out (see the class), kept
        for the next run, and how it was found ("exact", or "cached" for the
        engine's); else (None, "") and the quote is searched again."""
        record = self.record(key)
        if not isinstance(record, dict):
            return None, ""
        if "~exact" in record:
            start, how = self.exact_start(record, text), "exact"
            found = exact_at(text, ev.quote, start) if start is not None else None
        else:
            match, span = self.get(key)
            found = match if match is not None and self.usable(match, text, ev, span) else None
            how = "cached"
        if found is None:
            return None, ""
        self.keep_record(key, record)
        return found, how

    @staticmethod
    def exact_start(record: Any, text: str) -> Optional[int]:
        """The start an exact record (``{"~exact": start}``) gives in ``text``, or None
        when ``record`` is not a well-formed one for it (then the quote is searched)."""
        if type(record) is dict and len(record) == 1:
            start = record.get("~exact")
            if type(start) is int and 0 <= start < len(text):
                return start
        return None

    def keep_exact(self, key: str, start: int) -> None:
        """Remember that :func:`exact`'s search found the quote of ``key`` at ``start``
        (and nowhere else)."""
        self.keep_record(key, {"~exact": start})

    def get(self, key: str) -> Tuple[Any, Optional[str]]:
        """The cached engine match for ``key`` (not yet checked; as a :class:`Found`,
        which has a Match's attributes) and the digest of the text it names, or
        (None, None)."""
        record = self.record(key)
        if not isinstance(record, dict) or "~exact" in record:
            return None, None
        try:
            fields = {k: _decode(v) if type(v) in _CONTAINERS else v
                      for k, v in record.items() if k != "~span"}
            return Found(**fields), record.get("~span")
        except (TypeError, KeyError, ValueError):
            return None, None

    def keep(self, key: str, match, text: str) -> None:
        """Remember ``match`` (found in ``text``) for ``key`` (written by :meth:`save`)."""
        if hasattr(match, "__dataclass_fields__"):
            record = {name: _encode(getattr(match, name)) for name in match.__dataclass_fields__}
            if match.start is not None:
                record["~span"] = _span_digest(text, match)
            self.keep_record(key, record)

    @staticmethod
    def usable(match, text: str, ev: Evidence, span: Optional[str] = None) -> bool:
        """Does the source text bear out this cached match? (See the class.) ``span`` is
        the digest of the span that :meth:`get` returned with it."""
        q = ev.quote.strip()
        try:
            spans = [(match.start, match.end)] if match.start is not None else []
            spans += [tuple(c) for c in match.candidates]
            for s, e in spans:
                if not (type(s) is int and type(e) is int and 0 <= s < e <= len(text)):
                    return False
            if match.status in ("verified", "ambiguous") and match.score == 100.0:
                if len(spans) == 1 and span is not None and _content(q) \
                        and span == _span_digest(text, match):
                    # the span is the very text the engine verified the quote in
                    # (its digest, recorded with the match): no need to fold it again
                    return True
                return bool(spans) and all(_verifies_in(text[s:e], ev.quote, match.match)
                                           for s, e in spans)
            if match.status == "misquoted" and match.start is not None:
                return q not in text and span is not None and span == _span_digest(text, match)
            if match.status == "not_found" and match.start is None:
                return q not in text
        except (TypeError, ValueError, AttributeError):
            return False
        return False


def _verifies_in(piece: str, quote: str, kind: Optional[str]) -> bool:
    """Whether ``quote`` verifies, on its own, in ``piece`` (a span of a source that a
    cached match names; ``kind`` is the match's kind: exact, normalized, elided, or
    None for an ambiguous one).

    ``piece`` is the quote, or folds to the folded quote (the text engine's own test
    of a normalized match, :func:`~mali_facts.text.locate._normalized`: so every span
    it found passes here), or else the engine verifies the quote in ``piece`` (an
    elided quote). An exact match's span must be the quote. A quote without words
    outside editor's marks never verifies.

    >>> _verifies_in("Mali\u2019s  coup", "Mali's coup", "normalized"), _verifies_in("Mali's coup", "Mali's coup", "exact")
    (True, True)
    >>> _verifies_in("Mali\u2019s coup", "Mali's coup", "exact"), _verifies_in("Mali's coups", "Mali's coup", "normalized")
    (False, False)
    """
    q = quote.strip()
    if not _content(q):
        return False
    if piece == q:
        return True
    if kind == "exact":
        return False
    from mali_facts.text.normalize import fold_text

    fq = fold_text(q).strip()
    if fq and fold_text(piece).strip() == fq:
        return True
    from mali_facts.text.locate import locate

    return locate(piece, quote).status == "verified"


# -- the session -------------------------------------------------------------------


class Session:
    """Read each source once; verify evidence items against it.

    ``cache``: a :class:`PositionCache`, True for the ledger's own (in the cache
    folder), or False/None for none. ``workers``: the number of processes for the
    text engine's searches (default: one per core, when there is enough work;
    1 keeps everything in this process).
    """

    def __init__(self, ledger: Ledger, *, cache: Any = None, workers: Optional[int] = None) -> None:
        self.ledger = ledger
        if cache is True:
            cache = PositionCache.for_ledger(ledger)
        self.cache: Optional[PositionCache] = cache or None
        self.workers = workers
        #: cores busy with other work of this run (the statement check in a child
        #: process): workers then start only for much work (:data:`BUSY_MIN_QUOTES`)
        self.busy_cores = 0
        self._texts: Dict[str, SourceText] = {}
        self._reader: Optional[_Reader] = None
        #: how each quote was found in this session: exact, cached, located (by the
        #: engine), unreadable (its source); and reads (source files read)
        self.stats: Dict[str, int] = {"reads": 0, "exact": 0, "cached": 0, "located": 0,
                                      "unreadable": 0, "workers": 0}

    # -- sources
    def source(self, sid: str) -> SourceText:
        """The source ``sid``, read on first use and kept."""
        src = self._texts.get(sid)
        if src is None:
            reader = self._reader
            if reader is not None and sid in reader.pending:
                src = reader.take(sid)
            else:
                src = read_source(self.ledger.sources[sid])
            self._texts[sid] = src
            self.stats["reads"] += 1
        return src

    def sources(self) -> Dict[str, SourceText]:
        """Every source of the ledger, in ledger order (each read once)."""
        self._read_ahead(self.ledger.sources)
        return {sid: self.source(sid) for sid in self.ledger.sources}

    def _read_ahead(self, sids) -> None:
        """Start reading the sources ``sids`` not read yet, in that order, in threads
        (:class:`_Reader`), when there are enough of them
        (:data:`THREAD_MIN_SOURCES`); :meth:`source` then takes each from there."""
        if self._reader is not None and self._reader.pending:
            return  # one reader at a time: the rest are read as they are asked for
        todo = [sid for sid in sids if sid not in self._texts and sid in self.ledger.sources]
        if len(todo) >= THREAD_MIN_SOURCES:
            self._reader = _Reader([self.ledger.sources[sid] for sid in todo])

    def _settle(self) -> None:
        """Stop the reading threads (before the process forks): what they have not
        started to read is read in this thread, when it is asked for."""
        if self._reader is not None:
            self._reader.stop()

    # -- verification
    def verify(self, claim: Claim, ev: Evidence) -> EvidenceResult:
        """One evidence item (of ``claim``) verified against its source."""
        return self.verify_claims([claim])[0][[id(e) for e in claim.evidence].index(id(ev))]

    def verify_claims(self, claims: Sequence[Claim], *,
                      progress: Optional[Progress] = None) -> List[List[EvidenceResult]]:
        """The results of every evidence item of ``claims``, claim by claim, in order.

        Source by source: each source is read, its quotes are matched exactly or from
        the cache, and those left go to the text engine: in worker processes when
        there is enough of that work (they then search while this process reads and
        matches the next sources), else here, source by source at the end.
        """
        import gc

        # the ledger and the texts are many long-lived objects: a full collection
        # would walk them all again and again while the results are built, so the
        # objects that exist now are left out of collections until the end
        # (not when the program froze objects itself: unfreezing would undo that)
        frozen = gc.get_freeze_count() == 0
        if frozen:
            gc.freeze()
        # and what is made meanwhile (results, mostly) holds no cycles: no collection
        # walks it while it is made (the workers, forked meanwhile, collect as usual)
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._verify_claims(claims, progress, frozen)
        finally:
            if enabled:
                gc.enable()
            if frozen:
                gc.unfreeze()

    def _verify_claims(self, claims: Sequence[Claim], progress: Optional[Progress],
                       frozen: bool) -> List[List[EvidenceResult]]:
        items = [(claim, ev) for claim in claims for ev in claim.evidence]
        total = len(items)
        judged: List[Any] = [None] * total
        by_source: Dict[str, List[int]] = {}
        for k, (claim, ev) in enumerate(items):
            by_source.setdefault(ev.source, []).append(k)
        self._read_ahead(by_source)
        cache, stats, known = self.cache, self.stats, self.ledger.sources
        done = 0
        engine = _Engine(self, freeze=frozen)
        try:
            for sid, ks in by_source.items():
                src = self.source(sid) if sid in known else None
                if src is None or src.text is None:
                    stats["unreadable"] += len(ks)
                    for k in ks:
                        judged[k] = verify_evidence(*items[k], src)  # it says why
                else:
                    left = self._match(src, items, ks, judged)
                    if left:
                        engine.submit(sid, [(k, items[k][1]) for k in left])
                    done += len(ks) - len(left)
                if progress is not None:
                    progress(done, total)
            for k, match in engine.results():
                claim, ev = items[k]
                src = self._texts[ev.source]
                if cache is not None:
                    cache.keep(cache.key(src.sha256, ev), match, src.text)
                judged[k] = verify_evidence(claim, ev, src, match)
                done += 1
                if progress is not None:
                    progress(done, total)
        finally:
            engine.close()
        if cache is not None:
            cache.save()
        out: List[List[EvidenceResult]] = []
        k = 0
        for claim in claims:
            n = len(claim.evidence)
            out.append(judged[k:k + n])
            k += n
        if progress is not None and done < total:
            progress(total, total)
        return out

    def _match(self, src: SourceText, items: Sequence[Tuple[Claim, Evidence]], ks: List[int],
               judged: List[Any]) -> List[int]:
        """Find and judge the quotes ``ks`` of the source ``src`` that need no text
        engine: exactly at their recorded start, by the cache's record, or by the
        exact search. Returns those left for the engine.

        The usual cases, a quote at its recorded start and one at the start an exact
        record of the cache gives, are :func:`exact_at`'s test written out here
        (the same test: a few comparisons for each of thousands of quotes)."""
        text, cache, sha256, stats = src.text, self.cache, src.sha256, self.stats
        left: List[int] = []
        if cache is not None:
            keyer, records, keep = cache.keyer(sha256), cache.entries(), cache.keep_record
        exact_found = 0
        for k in ks:
            claim, ev = items[k]
            q = ev.quote.strip()
            # one comparison at the recorded start; else the cache's record (one
            # comparison for an exact match); else the search, then the engine
            p = ev.start
            if p is not None:
                e = _verbatim_at(text, q, p)
                if e >= 0:
                    judged[k] = verify_exact(claim, ev, src, p, e)
                    exact_found += 1
                    continue
            hit = None
            if cache is not None:
                key = keyer(ev)
                record = records.get(key)
                if type(record) is dict and "~exact" in record:  # (cache.hit's test, written out)
                    p = cache.exact_start(record, text)
                    if p is not None:
                        e = _verbatim_at(text, q, p)
                        if e >= 0:
                            keep(key, record)
                            judged[k] = verify_exact(claim, ev, src, p, e)
                            exact_found += 1
                            continue
                elif record is not None:
                    hit, how = cache.hit(key, text, ev)
            if hit is None:
                # (the recorded start is tried: the search, from the beginning)
                hit, how = exact(text, ev.quote), "exact"
                if hit is not None and cache is not None:
                    cache.keep_exact(key, hit.start)
            if hit is None:
                left.append(k)
            else:
                stats[how] += 1
                judged[k] = verify_evidence(claim, ev, src, hit)
        stats["exact"] += exact_found
        return left

    def _cores(self) -> int:
        try:
            return len(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # pragma: no cover - not on Linux
            return os.cpu_count() or 1


class _Engine:
    """The text engine's searches of one :meth:`Session.verify_claims`: the quotes
    of each source (``submit``), searched in this process at the end, or in worker
    processes as soon as there is enough work for them (:data:`PARALLEL_MIN_CHARS`
    of source text to search, in at least two sources; or, with ``workers`` given,
    two sources). ``results`` yields ``(index, match)`` for every quote submitted;
    a quote's match is the same in a worker as here (the same text, the same call)."""

    def __init__(self, session: Session, freeze: bool = False) -> None:
        self.session = session
        self.freeze = freeze  # the caller unfreezes what is frozen when it is done
        self.queued: List[Tuple[str, List[Tuple[int, Evidence]]]] = []
        self.chars = 0
        self.quotes = 0
        self.pool = None
        self.running: Deque[Tuple[List[int], Any]] = deque()
        self.done: List[Tuple[int, Any]] = []
        if session.workers is not None:
            self.wanted = max(1, session.workers)
        elif sys.platform.startswith("linux"):
            self.wanted = session._cores()
        else:
            self.wanted = 1  # workers are forked: elsewhere starting them costs more than they save

    def submit(self, sid: str, jobs: List[Tuple[int, Evidence]]) -> None:
        self.session.stats["located"] += len(jobs)
        text = self.session._texts[sid].text
        if self.pool is not None:
            self._send(text, jobs)
            return
        self.queued.append((sid, jobs))
        self.chars += len(text)
        self.quotes += len(jobs)
        if self.wanted > 1 and len(self.queued) >= 2 and (
                self.session.workers is not None or self.chars >= PARALLEL_MIN_CHARS
                and (not self.session.busy_cores or self.quotes >= BUSY_MIN_QUOTES)):
            self._start()

    def _start(self) -> None:
        import gc

        from mali_facts.workers import fork_pool

        # a fork copies only this thread: the reading threads finish first (none of
        # them may be holding a lock the workers would need)
        self.session._settle()

        # the forked workers share this process's memory until they write to it; a
        # garbage collection in a worker would write to every object (copying the
        # page it is on), so what exists now is kept out of the collector's reach
        if self.freeze:
            gc.freeze()
        # the texts read so far are the workers' already (forked): a job names its source
        _FORKED[id(self)] = {sid: src.text for sid, src in self.session._texts.items()}
        try:
            self.pool = fork_pool(self.wanted, initializer=_start_worker)
        except (OSError, ValueError):  # no processes to be had: search here
            _FORKED.pop(id(self), None)
            self.wanted = 1
            return
        self.session.stats["workers"] = self.wanted
        queued, self.queued = self.queued, []
        for sid, jobs in queued:
            self._send(self.session._texts[sid].text, jobs)

    def _send(self, text: str, jobs: List[Tuple[int, Evidence]]) -> None:
        fields = [(ev.quote, ev.prefix, ev.suffix, ev.start) for _, ev in jobs]
        sid = jobs[0][1].source if jobs else None
        if _FORKED.get(id(self), {}).get(sid) is text:
            data: Any = (id(self), sid)  # the workers have it
        else:
            # sent as bytes: pickling the str itself would keep a UTF-8 copy of every
            # text on its str object in this process (CPython caches it there)
            data = text.encode("utf-8", "surrogatepass")
        self.running.append(([k for k, _ in jobs], self.pool.apply_async(_find_each, (data, fields))))
        # each job in flight holds a copy of its text: past a few per worker, wait
        # for the oldest (the workers are the bottleneck then, not this process)
        while len(self.running) > _IN_FLIGHT * self.wanted:
            ks, pending = self.running.popleft()
            self.done.extend(zip(ks, pending.get()))

    def results(self):
        yield from self.done
        self.done = []
        while self.running:
            ks, pending = self.running.popleft()
            yield from zip(ks, pending.get())
        for sid, jobs in self.queued:
            text = self.session._texts[sid].text
            for k, ev in jobs:
                yield k, find(text, ev)
        self.queued = []

    def close(self) -> None:
        _FORKED.pop(id(self), None)
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


class _Reader:
    """Reads sources' files and hashes them (:func:`~mali_facts.sources.read_bytes`)
    in :data:`_READERS` daemon threads, in the order given, a few sources ahead of
    :meth:`take`, which decodes each (:func:`~mali_facts.sources.decode_source`) in
    the calling thread: reading and hashing release the GIL, so they overlap the
    caller's work. A source is read the same way in a thread as by
    :func:`~mali_facts.sources.read_source`."""

    #: Sources read but not yet taken, at most (their bytes wait in memory).
    AHEAD = 16

    def __init__(self, sources: Sequence[Any]) -> None:
        self.pending = {s.id for s in sources}
        self._todo = iter(list(sources))
        self._ready = threading.Condition()
        self._done: Dict[str, Any] = {}
        self._waiting = 0  # callers waiting in take()
        self._stopped = False
        self._sources = {s.id: s for s in sources}
        self._threads = [threading.Thread(target=self._run, name="mali-facts-reader", daemon=True)
                         for _ in range(min(_READERS, len(self.pending)))]
        for thread in self._threads:
            thread.start()

    def _run(self) -> None:
        ready = self._ready
        while True:
            with ready:  # (a caller waiting for a source further on lifts the bound)
                while len(self._done) >= self.AHEAD and not self._waiting and not self._stopped:
                    ready.wait()
                source = None if self._stopped else next(self._todo, None)
            if source is None:
                return
            try:
                raw: Any = read_bytes(source)
            except BaseException as exc:  # raised again where it is taken
                raw = exc
            with ready:
                self._done[source.id] = raw
                ready.notify_all()

    def take(self, sid: str) -> SourceText:
        """The source ``sid`` (one of those given), once read, decoded."""
        ready = self._ready
        with ready:
            if sid not in self._done and not self._stopped:
                self._waiting += 1
                ready.notify_all()
                while sid not in self._done:
                    ready.wait()
                self._waiting -= 1
            raw = self._done.pop(sid, None)
            ready.notify_all()
        self.pending.discard(sid)
        if raw is None:  # stopped before a thread started on it: read here
            raw = read_bytes(self._sources[sid])
        if isinstance(raw, BaseException):
            raise raw
        return decode_source(raw)

    def stop(self) -> None:
        """Let the threads finish the files they are reading, start no other, and
        wait for them to end; :meth:`take` reads the rest itself."""
        with self._ready:
            self._stopped = True
            self._ready.notify_all()
        for thread in self._threads:
            thread.join()


def _start_worker() -> None:
    """In each worker: Ctrl-C is left to the parent, which stops the pool (a worker
    interrupted mid-search would print a traceback)."""
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()  # (paused in the parent while it verifies)


class _Fields:
    __slots__ = ("quote", "prefix", "suffix", "start")

    def __init__(self, quote, prefix, suffix, start) -> None:
        self.quote, self.prefix, self.suffix, self.start = quote, prefix, suffix, start


#: The texts an engine had read when it forked its workers, by the engine's id: the
#: workers have them (a replacement worker forked later too, until the engine closes).
_FORKED: Dict[int, Dict[str, Optional[str]]] = {}


def _find_each(data: Any, fields: List[Tuple[Any, ...]]) -> List[Any]:
    """In a worker: :func:`find` in the text (``data``: UTF-8, or (engine, source)
    of a text read before the fork) for each evidence item's (quote, prefix,
    suffix, start)."""
    text = _FORKED[data[0]][data[1]] if isinstance(data, tuple) else data.decode("utf-8", "surrogatepass")
    return [find(text, _Fields(*f)) for f in fields]
