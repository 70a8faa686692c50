"""Fuzz targets: each takes bytes and raises only when it found a bug.

- ``claims``: the claims loader (:func:`mali_facts.ledger.load_ledger`) on arbitrary
  bytes as ``claims.yaml``, beside a small source. Allowed: MaliFactsError.
- ``locate``: :func:`mali_facts.text.locate.locate` on an arbitrary text, quote, prefix,
  suffix and position. Allowed: ValueError for an empty quote. Checked: the status
  is known and every offset is inside the text, in order.
- ``query``: the search query parser (:func:`mali_facts.search.query.parse`), the
  FTS5 expression it builds (run against a real FTS5 table), BM25 and highlighting.
  Allowed: ValueError from parse. Any sqlite3 error is a bug (a query that escapes
  its quoting).

Each ``TARGETS[name]`` is ``(setup, one_input)``; ``setup()`` runs once before fuzzing.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

STATUSES = {"verified", "ambiguous", "misquoted", "not_found"}

# -- claims -----------------------------------------------------------------------

_CLAIMS_DIR: Path = Path()


def setup_claims() -> None:
    global _CLAIMS_DIR
    _CLAIMS_DIR = Path(tempfile.mkdtemp(prefix="mali-fuzz-claims-"))
    (_CLAIMS_DIR / "seeds").mkdir()
    (_CLAIMS_DIR / "seeds" / "a.txt").write_text(
        "Captain Amadou Sanogo having been through six training missions with the US.\n",
        encoding="utf-8")


def claims(data: bytes) -> None:
    from mali_facts.errors import MaliFactsError
    from mali_facts.ledger import load_ledger

    path = _CLAIMS_DIR / "claims.yaml"
    path.write_bytes(data)
    try:
        ledger = load_ledger(path)
    except MaliFactsError as err:
        message = err.format()
        assert message and "Traceback" not in message
        return
    # a ledger that loads is consistent: every evidence names a known source
    for claim in ledger.claims:
        for ev in claim.evidence:
            assert ev.source in ledger.sources, (claim.id, ev.source)


# -- locate -----------------------------------------------------------------------

def setup_none() -> None:
    pass


def _locate_inputs(data: bytes):
    import atheris

    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 2000))
    quote = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 200))
    prefix = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 60)) if fdp.ConsumeBool() else None
    suffix = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 60)) if fdp.ConsumeBool() else None
    position = fdp.ConsumeIntInRange(0, len(text) + 10) if fdp.ConsumeBool() else None
    if fdp.ConsumeBool() and text and quote:
        # often enough, a quote that is really in the text, to reach the later stages
        at = fdp.ConsumeIntInRange(0, len(text) - 1)
        quote = text[at:at + len(quote)]
    return text, quote, prefix, suffix, position


def locate(data: bytes) -> None:
    from mali_facts.text.locate import locate as run

    text, quote, prefix, suffix, position = _locate_inputs(data)
    try:
        m = run(text, quote, prefix=prefix, suffix=suffix, position=position)
    except ValueError:
        assert not quote.strip()
        return
    assert m.status in STATUSES, m.status
    if m.start is not None:
        assert 0 <= m.start <= m.end <= len(text), (m.start, m.end, len(text))
    for s, e in m.candidates:
        assert 0 <= s <= e <= len(text), (s, e, len(text))


# -- query ------------------------------------------------------------------------

_DB = None
_BODIES = ["six training missions with the us", "the national committee for the salvation of the people",
           "flintlock exercise in 2010 and 2019", "capitaine sanogo a dit « non »"]
_ALIASES = [("cnsp", "national committee for the salvation of the people"), ("us", "united states")]


def setup_query() -> None:
    global _DB
    _DB = sqlite3.connect(":memory:")
    _DB.execute("CREATE VIRTUAL TABLE fts USING fts5(body, tokenize='unicode61 remove_diacritics 0')")
    _DB.executemany("INSERT INTO fts(body) VALUES (?)", [(b,) for b in _BODIES])


def query(data: bytes) -> None:
    from mali_facts.search import query as Q

    raw = data.decode("utf-8", "replace")
    try:
        q = Q.parse(raw, _ALIASES)
    except ValueError:
        return
    assert q.groups
    expression = Q.fts_expression(q)
    _DB.execute("SELECT rowid FROM fts WHERE fts MATCH ? LIMIT 5", (expression,)).fetchall()
    Q.expand_typos(q, set(), ["training", "missions", "sanogo", "flintlock"])
    for body in _BODIES:
        score = Q.bm25(q, body, {"six": 1, "the": 3}, len(_BODIES), 40.0)
        assert score >= 0.0
        for a, b in Q.highlight_spans(body, q.terms):
            assert 0 <= a < b <= len(body)


TARGETS = {
    "claims": (setup_claims, claims),
    "locate": (setup_none, locate),
    "query": (setup_query, query),
}

SEEDS = {
    "claims": [
        b"version: 1\nsources:\n  - id: a\n    file: seeds/a.txt\n    title: A\nclaims:\n"
        b"  - id: c1\n    statement: Sanogo had six US training missions.\n    evidence:\n"
        b"      - source: a\n        quote: six training missions\n        start: 33\n        end: 54\n",
        b"version: 1\nsources: []\nclaims: []\nentities:\n  - {name: Sanogo, kind: person, aliases: [Amadou]}\n",
        b"version: 1\nsources:\n  - &x {id: a, file: seeds/a.txt, title: !!str A}\nclaims: *x\n",
        b"version: 1\nclaims:\n  - id: \"c1\\n\"\n    statement: \"\\e[2J\"\n",
    ],
    "locate": [
        b"\x80\x00Captain Amadou Sanogo having been through six training missions\x20\x00six [training] ...",
    ],
    "query": [b'"six training missions" Sanogo the', b'CNSP "the" flintlok', b'NEAR(a b) OR "x*" -y ^z'],
}


def write_seeds(name: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(SEEDS[name]):
        (folder / f"seed-{i}").write_bytes(seed)
    if name == "claims":
        repo = Path(__file__).resolve().parents[2]
        (folder / "seed-ledger").write_bytes((repo / "claims.yaml").read_bytes()[:20000])
