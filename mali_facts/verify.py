"""The `check` service: anchor every quote of a ledger in its source and judge it.

load claims -> load sources -> anchor quotes -> results. No printing here: the
renderers turn a :class:`CheckReport` into text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Callable, Dict, List, Optional, Tuple

from mali_facts.cache import SignedCache, file_stamp
from mali_facts.ledger import Claim, Evidence, Ledger, Source
from mali_facts.sources import SourceText



class Status(str, Enum):
    """Every status an evidence item can get, from best to worst. A str, so that JSON
    and text show the bare name ("verified")."""

    verified = "verified"
    drifted = "drifted"
    ambiguous = "ambiguous"
    misquoted = "misquoted"
    not_found = "not_found"
    source_error = "source_error"

    __str__ = str.__str__
    __format__ = str.__format__

    @property
    def passing(self) -> bool:
        return self in PASSING


# The statuses in order (best first), and those that pass check: aliases kept for callers.
STATUSES = tuple(Status)
PASSING = (Status.verified, Status.drifted, Status.ambiguous)
DESCRIPTIONS = {
    "verified": "the quote is in the source (exactly, after cosmetic folds, or with marked elisions)",
    "drifted": "the quote is in the source, but not at the recorded start/end, or the source's sha256 changed",
    "ambiguous": "the quote matches several places and prefix, suffix and start do not pick one",
    "misquoted": "the quote is not in the source, but a close match with differences is",
    "not_found": "nothing in the source is close to the quote",
    "source_error": "the source file cannot be read or is not UTF-8",
}


@dataclass
class EvidenceResult:
    """The verdict on one quote: its status, where it was found, and why."""

    claim: Claim
    evidence: Evidence
    source: Optional[Source]
    status: str
    match: Optional[str] = None          # exact | normalized | elided | fuzzy
    start: Optional[int] = None
    end: Optional[int] = None
    score: float = 0.0
    found: Optional[str] = None          # the source's text at start:end
    differences: list = field(default_factory=list)
    normalizations: tuple = ()
    candidates: tuple = ()
    warnings: List[str] = field(default_factory=list)
    #: (line, column) of start in the source file: see :attr:`location`
    _location: Optional[tuple] = field(default=None, repr=False, compare=False)
    #: the source text it is looked up in, until it is
    _lines: Optional[SourceText] = field(default=None, repr=False, compare=False)

    @property
    def location(self) -> Optional[tuple]:
        """(line, column) of ``start`` in the source file, or None: looked up when first
        asked for (counting a source's lines is a pass over its text, and most
        formats never ask)."""
        if self._lines is not None:
            self._location = self._lines.line_col(self.start)
            self._lines = None
        return self._location

    @location.setter
    def location(self, value: Optional[tuple]) -> None:
        self._location, self._lines = value, None

    @property
    def passed(self) -> bool:
        return self.status in PASSING

    def failed(self, strict: bool = False) -> bool:
        if self.status not in PASSING:  # (not self.passed)
            return True
        return strict and (self.status != Status.verified or bool(self.warnings))

    @property
    def percent(self) -> int:
        """The similarity as a whole percentage (half up), but never 100 for a quote
        that is not in its source: 99.7 is "99% similar"."""
        return int(self.score + 0.5) if self.passed else min(int(self.score + 0.5), 99)

    @property
    def similarity(self) -> str:
        """How close the best candidate came, in words."""
        if self.score <= 0:
            return "no passage shares its wording"
        return f"best similarity {self.percent}%"

    @property
    def message(self) -> str:
        """One line saying what is wrong (or right) with this quote."""
        src = self.evidence.source
        if self.status == Status.verified:
            how = self.match or "exact"
            if self.normalizations:
                how += " (" + ", ".join(self.normalizations) + ")"
            if self.differences:  # alterations and splices, named
                how += "; " + "; ".join(d.describe() for d in self.differences)
            return f"quote verified in {src!r}: {how}"
        if self.status == Status.misquoted:
            diffs = "; ".join(d.describe() for d in self.differences)
            if not self.differences:  # what is wrong is in the warnings (a gap too long)
                return f"misquoted from {src!r}"
            return f"misquoted from {src!r} ({self.percent}% similar): {diffs}"
        if self.status == Status.not_found:
            return f"quote not found in {src!r} ({self.similarity})"
        if self.status == Status.source_error:
            return f"source {src!r} cannot be read: " + "; ".join(self.warnings)
        return f"{self.status}: " + "; ".join(self.warnings)


@dataclass
class ClaimResult:
    """The verdicts on a claim's quotes, and the warnings about its statement."""

    claim: Claim
    evidence: List[EvidenceResult]
    warnings: List[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        evidence = self.evidence
        if len(evidence) == 1:  # (most claims: asked for each of thousands)
            return evidence[0].status
        return max((e.status for e in evidence), key=STATUSES.index, default=Status.verified)

    def failed(self, strict: bool = False) -> bool:
        evidence = self.evidence
        if len(evidence) == 1:
            return evidence[0].failed(strict) or (strict and bool(self.warnings))
        return any(e.failed(strict) for e in evidence) or (strict and bool(self.warnings))


@dataclass
class CheckReport:
    """The result of checking a ledger: every claim's result, in the file's order."""

    ledger: Ledger
    claims: List[ClaimResult]
    sources: Dict[str, SourceText]
    strict: bool = False

    @property
    def evidence(self) -> List[EvidenceResult]:
        return [e for c in self.claims for e in c.evidence]

    @property
    def failed(self) -> bool:
        return any(c.failed(self.strict) for c in self.claims)

    def summary(self) -> Dict[str, int]:
        from collections import Counter
        from operator import attrgetter, methodcaller

        evidence = self.evidence
        counts = {s: 0 for s in STATUSES}
        for status, n in Counter(map(attrgetter("status"), evidence)).items():
            counts[status] += n
        warnings = (sum(map(len, map(attrgetter("warnings"), evidence)))
                    + sum(map(len, map(attrgetter("warnings"), self.claims))))
        return {
            "claims": len(self.claims),
            "evidence": len(evidence),
            **counts,
            "warnings": warnings,
            "failed": sum(map(methodcaller("failed", self.strict), self.claims)),
        }


Progress = Callable[[int, int], None]


#: The statuses as plain strings, for the comparisons made for every evidence item
#: (an Enum member looked up on its class costs a few hundred ns).
_VERIFIED, _AMBIGUOUS, _NOT_FOUND = "verified", "ambiguous", "not_found"
_LOCATED = ("verified", "ambiguous", "misquoted")


def _moved(ev: Evidence, start: int, end: int) -> str:
    """The warning for a quote found verbatim elsewhere than its recorded span."""
    return f"found at {start}-{end}, not at the recorded {ev.start}-{ev.end}; update start/end"


def _repinned(src: SourceText) -> str:
    """The warning for a source whose text no longer has the sha256 the ledger pins."""
    return (f"{src.source.file} changed: its sha256 is {src.sha256}, the ledger pins "
            f"{src.source.sha256}; review the source and update sha256")


def verify_evidence(claim: Claim, ev: Evidence, src: Optional[SourceText],
                    match=None) -> EvidenceResult:
    """Judge one evidence item against its source. ``match`` is where the quote was
    found (a :class:`~mali_facts.text.locate.Match`, or anything with its attributes),
    when the caller already searched (:mod:`mali_facts.session` does)."""
    if src is None:  # unreachable for a validated ledger; kept for library callers
        return EvidenceResult(claim, ev, None, "source_error", warnings=[f"unknown source {ev.source!r}"])
    text = src.text
    if text is None:
        return EvidenceResult(claim, ev, src.source, "source_error", warnings=[src.error or "unreadable"])
    if match is None:
        from mali_facts.session import find

        match = find(text, ev)
    m = match
    status, start, end = m.status, m.start, m.end
    if status == _VERIFIED and m.match == "exact" and not (
            m.differences or m.normalizations or m.candidates or m.warnings):
        return verify_exact(claim, ev, src, start, end)
    result = EvidenceResult(claim, ev, src.source, status, m.match, start, end, m.score, None,
                            list(m.differences), tuple(m.normalizations), tuple(m.candidates))
    if start is not None:
        result.found = text[start:end]
        result._lines = src  # the location, when asked for
    if status == _AMBIGUOUS:
        places = ", ".join(f"line {src.line_col(s)[0]}" for s, _ in m.candidates[:5])
        result.warnings.append(
            f"matches {len(m.candidates)} places ({places}); add a prefix, suffix or start to pick one")
    if status in _LOCATED and m.warnings:
        result.warnings.extend(m.warnings)  # a long alteration, a splice; an elision's gap too long
    if status == _VERIFIED:
        if ev.start is not None and (start != ev.start or end != ev.end):
            result.status = "drifted"
            result.warnings.append(_moved(ev, start, end))
    if not src.pinned_ok and status != _NOT_FOUND:
        if result.status == _VERIFIED:
            result.status = "drifted"
        result.warnings.append(_repinned(src))
    archive = src.archive_warning()
    if archive:
        result.warnings.append(archive)
    return result


def verify_exact(claim: Claim, ev: Evidence, src: SourceText, start: int, end: int) -> EvidenceResult:
    """:func:`verify_evidence` of a quote found verbatim (on word boundaries) at
    ``start:end`` of ``src``'s text, with nothing else to say about the match: the
    usual case, made without a match object (:mod:`mali_facts.session` calls it for
    every such quote, and so does :func:`verify_evidence`)."""
    result = EvidenceResult(claim, ev, src.source, _VERIFIED, "exact", start, end, 100.0,
                            src.text[start:end], [], (), ())
    result._lines = src  # the location, when asked for
    if ev.start is not None and (start != ev.start or end != ev.end):
        result.status = "drifted"
        result.warnings.append(_moved(ev, start, end))
    source = src.source
    if source.sha256 is not None and source.sha256 != src.sha256:  # (not src.pinned_ok)
        result.status = "drifted"
        result.warnings.append(_repinned(src))
    if source.archive_path is not None:
        archive = src.archive_warning()
        if archive:
            result.warnings.append(archive)
    return result


def verify_ledger(ledger: Ledger, *, strict: bool = False, progress: Optional[Progress] = None,
                  session=None, statements=None) -> CheckReport:
    """Verify every evidence item of every claim. Pure: reads files, prints nothing.

    ``session``: the :class:`~mali_facts.session.Session` to verify in (default: a
    new one, with the position cache). ``statements``: the
    :class:`~mali_facts.consistency.StatementCache` of the statement check, True for
    the ledger's own, False for none (default: as the session has a position cache)."""
    from mali_facts.session import Session

    session = session or Session(ledger, cache=True)
    if statements is None:
        statements = session.cache is not None
    memo = None
    if statements is True:
        memo = StatementMemo.for_ledger(ledger, trust=session.cache.trust if session.cache else None)

    def statement_cache():
        """The statement cache (the ledger's own is made, and its module imported, only
        when the memo does not give the result)."""
        nonlocal statements
        if statements is True:
            from mali_facts.consistency import StatementCache

            statements = StatementCache.for_ledger(ledger, trust=memo.trust)
        return statements or None

    # a memo kept from an earlier run: most likely nothing changed since, and the
    # check's result is one lookup once the sources are read
    details = None
    if not (memo is not None and memo.entries()) and background(ledger, statement_cache()):
        # much to check: the statements in a child process, side by side with the
        # session (which reads every source first, so that the child has them too)
        details = start_statement_details(ledger, session.sources(), statement_cache(), fork=True)
        # (which has a core of its own: the engine's workers start only for much work)
        busy, session.busy_cores = session.busy_cores, session.busy_cores + 1
        try:
            verified = session.verify_claims(ledger.claims, progress=progress)
        finally:
            session.busy_cores = busy
    else:
        # the quotes first: the session reads the sources they cite as it goes (in threads)
        verified = session.verify_claims(ledger.claims, progress=progress)
    sources = session.sources()
    key = memo.key(ledger, sources) if memo is not None else None
    found = memo.get(key, ledger) if key is not None else None
    if found is None:
        if details is None:
            details = start_statement_details(ledger, sources, statement_cache(), fork=False)
        found = details()
        if key is not None:
            memo.keep(key, found)
            memo.save()
    results = [ClaimResult(claim, evidence, [
        f"unsupported detail {d!r}: the statement says it, none of its quotes does"
        for d in unsupported] if unsupported else [])
        for claim, evidence, unsupported in zip(ledger.claims, verified, found)]
    return CheckReport(ledger, results, sources, strict)


#: Check the statements in a forked child process, side by side with the verification
#: session, when a ledger has at least this many claims (:func:`start_statement_details`).
#: At 500 claims the fork saves 30-40 ms of a 0.35 s cold check (two cores; median of 15
#: paired runs), for 20-30 ms more CPU; below 200 the check is too short to pay a fork.
BACKGROUND_MIN_CLAIMS = 200


def background(ledger: Ledger, cache=None) -> bool:
    """Whether the statement check is worth a child process of its own: many claims,
    and no results kept to reuse (a warm run takes them from the cache in less time
    than a fork costs)."""
    return len(ledger.claims) >= BACKGROUND_MIN_CLAIMS and (cache is None or not cache.entries())


def statement_details(ledger: Ledger, sources: Dict[str, SourceText], cache=None) -> List[List[str]]:
    """For each claim, the details of its statement that none of its quotes gives
    (:func:`~mali_facts.consistency.unsupported_details`), given the ledger's
    ``sources`` as read; ``cache``: a :class:`~mali_facts.consistency.StatementCache`
    that keeps each claim's result between runs."""
    return start_statement_details(ledger, sources, cache, fork=False)()


def start_statement_details(ledger: Ledger, sources: Dict[str, SourceText], cache=None, *,
                            fork: Optional[bool] = None) -> Callable[[], List[List[str]]]:
    """:func:`statement_details`, started: the function returned gives its result.
    With ``fork`` (default: when the ledger has :data:`BACKGROUND_MIN_CLAIMS` claims
    or more and the cache holds no results) the check runs in a forked child process while the caller goes on
    (:func:`mali_facts.background.start`: the same result, computed here should the
    child fail); the child writes the cache's file, and the cache here learns what
    it kept and its stats when the result is asked for."""
    from mali_facts._gc import paused
    from mali_facts.background import start

    def work():
        # The check, and the cache's records, are tens of thousands of small objects and
        # no reference cycles: collections meanwhile would only walk them again and again.
        with paused():
            return _statement_details(ledger, sources, cache)

    if fork is None:
        fork = background(ledger, cache)
    result = start(work, fork=None if fork else False)

    def finish() -> List[List[str]]:
        out, keys, checked = result()
        if cache is not None:
            cache.stats["checked"] += checked
            cache.stats["reused"] += len(out) - checked
            for key, details in zip(keys, out):  # what the child kept (done already if not forked)
                cache.keep(key, details)
        return out

    return finish


def _statement_details(ledger: Ledger, sources: Dict[str, SourceText],
                       cache=None) -> Tuple[List[List[str]], List[str], int]:
    """:func:`statement_details`'s work: (its result, the cache keys of the claims,
    how many claims were checked, not taken from the cache). Writes the cache's file."""
    claims = ledger.claims
    cited = []
    for claim in claims:
        ids = [e.source for e in claim.evidence]
        cited.append([sources[s] for s in (ids if len(ids) == 1 else dict.fromkeys(ids)) if s in sources])
    out: List[Optional[List[str]]] = [None] * len(claims)
    keys: List[str] = []
    if cache is not None:
        keys = [cache.key(c.statement, [e.quote for e in c.evidence], cs) for c, cs in zip(claims, cited)]
        out = [cache.get(k, c.statement) for k, c in zip(keys, claims)]
    todo = [k for k, result in enumerate(out) if result is None]
    if todo:
        from mali_facts.consistency import StatementCheck

        check = StatementCheck(ledger.alias_table().values())
        for n in range(0, len(todo), 4096):  # in chunks: what is prepared for them is then let go
            chunk = todo[n:n + 4096]
            check.prepare([claims[k].statement for k in chunk],
                          [e.quote for k in chunk for e in claims[k].evidence], ledger.sources.values())
            for k in chunk:
                out[k] = check.unsupported(claims[k].statement, [e.quote for e in claims[k].evidence],
                                           sources=[s.source for s in cited[k]],
                                           texts=[s.text for s in cited[k]])
            check.forget()
    if cache is not None:
        for key, result in zip(keys, out):
            cache.keep(key, result)
        cache.save()
    return out, keys, len(todo)


class StatementMemo(SignedCache):
    """The statement check's result for a whole ledger (each claim's unsupported
    details), kept between runs under one key, so that a warm run looks up one record
    instead of one per claim (:class:`~mali_facts.consistency.StatementCache`, which
    is still used, and kept, whenever the memo misses).

    One signed file per claims file (``cache_dir()/statements/*.memo``; see
    :class:`~mali_facts.cache.SignedCache`: only this user's mali-facts's own file is
    read, and in a CI run none), holding one record: the result of the last check.
    Its key (:meth:`key`) is the sha256 of everything the check may depend on:

    - the claims file's text (``ledger.text``), so any edit of the file misses;
    - the claims as they are in memory (a ledger of some of the file's claims, as
      ``list`` makes, or one changed in memory, is another key): each statement,
      and each evidence item's source and quote, in order;
    - the ledger's alias groups, and every source's id, names (title, subtitle,
      publisher, authors) and text: the sha256 of the file read in this run, or
      none when it cannot be read or decoded;
    - the tool's version and the files of the code that reads the claims file and
      checks statements (:func:`_memo_stamp`).

    A record is used only if it has one list per claim, each of details written in
    that claim's statement (what the check reports is always a piece of it);
    anything else is checked again. So the memo saves the check but cannot make a
    statement say less than it does, unless someone with this user's key signs a
    record for it.
    """

    FORMAT = 1
    SUFFIX = ".memo"

    @classmethod
    def for_ledger(cls, ledger: Ledger, root=None, trust: Optional[bool] = None) -> "StatementMemo":
        """The memo of ``ledger``'s claims file; ``trust`` defaults to "not in CI"."""
        from pathlib import Path

        from mali_facts.cache import cache_dir, path_key
        from mali_facts.session import ci_run

        return cls((root or cache_dir()) / "statements" / f"{path_key(Path(ledger.path))}{cls.SUFFIX}",
                   trust=not ci_run() if trust is None else trust)

    def key(self, ledger: Ledger, sources: Dict[str, SourceText]) -> Optional[str]:
        """The key of the check of ``ledger``, its sources read as ``sources`` (see the
        class); None when the ledger has no text of its claims file to key it by."""
        import hashlib
        from array import array

        if not ledger.text:
            return None
        h = hashlib.sha256(repr((self.FORMAT, _memo_stamp())).encode("utf-8"))
        h.update(b"\0")
        h.update(ledger.text.encode("utf-8", "surrogatepass"))
        # every string, each claim's ending with an empty one; then their lengths, so
        # that the joined strings split back one way only
        flat: List[str] = []
        add = flat.append
        for claim in ledger.claims:
            add(claim.statement)
            for ev in claim.evidence:
                add(ev.source)
                add(ev.quote)
            add("")
        h.update(b"\0")
        h.update("".join(flat).encode("utf-8", "surrogatepass"))
        h.update(array("q", map(len, flat)).tobytes())
        named = []
        for sid, s in ledger.sources.items():
            src = sources.get(sid)
            named.append((sid, s.title, getattr(s, "subtitle", None), s.publisher,
                          tuple(s.authors or ()), None if src is None else src.sha256,
                          src is not None and src.text is not None))
        h.update(b"\0")
        h.update(repr((sorted(ledger.alias_table().items()), named)).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, key: str, ledger: Ledger) -> Optional[List[List[str]]]:
        """The result kept for ``key``, if it is one for ``ledger`` (see the class)."""
        record = self.record(key)
        claims = ledger.claims
        if not isinstance(record, list) or len(record) != len(claims):
            return None
        for details, claim in zip(record, claims):
            if type(details) is not list:
                return None
            if details:
                statement = claim.statement
                for d in details:
                    if type(d) is not str or not d or d not in statement:
                        return None
        return record

    def keep(self, key: str, result: List[List[str]]) -> None:
        """Keep ``result`` for ``key`` (the only record: written by :meth:`save`)."""
        self._used = {key: [list(details) for details in result]}


@lru_cache(maxsize=None)
def _memo_stamp() -> str:
    """The tool's version and the files (size, mtime) of the code a statement check's
    result depends on: the modules at the top of the package (this one, the
    statement check's), the text engine's and the ledger's (what makes a ledger of
    the claims file's text). Worked out once per process."""
    import os
    from pathlib import Path

    here = Path(__file__).parent
    paths = []
    for folder in (here, here / "text", here / "ledger"):
        try:
            names = sorted(os.listdir(folder))
        except OSError:  # pragma: no cover - a zipped install: the version is the key
            continue
        paths += [folder / name for name in names if name.endswith((".py", ".json"))]
    return file_stamp(*paths)
