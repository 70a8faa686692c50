"""Worker processes give the results of one process, whichever way the quotes reach
them: queued until there is enough work, or sent while later sources are still
being read (the pool starts mid-way). Every kind of match is in the corpus."""

from __future__ import annotations

import pytest

from conftest import ROOT

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def sentences(text):
    import re

    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 8]


def quotes_for(text):
    """Quotes of every kind for one source text: exact, re-wrapped, curly, with an
    elision, a misquote, a fabricated one and a repeated (ambiguous) one."""
    ss = sentences(text)
    out = []
    if len(ss) >= 4:
        a, b, c, d = ss[0], ss[len(ss) // 3], ss[len(ss) // 2], ss[-1]
        out.append(a)                                              # exact (or folded)
        out.append(" ".join(b.split()).replace("\u2019", "'"))     # wrapped, straight quotes
        words = c.split()
        out.append(" ".join(words[:3]) + " ... " + " ".join(words[-3:]))  # elided
        w = d.split()
        w[len(w) // 2] = "zanzibar"
        out.append(" ".join(w))                                    # misquoted
    out.append("The president resigned on live television after the mutiny")  # not found
    out.append("the")                                              # too short / ambiguous
    return out


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    import yaml

    data = {"version": 1, "sources": [], "claims": []}
    n = 0
    for i, path in enumerate(SEEDS * 2):
        text = path.read_text(encoding="utf-8")
        if i >= len(SEEDS):  # a second copy: every quote in it is also elsewhere
            text = text.replace("\n", " \n")
        (tmp_path / f"s{i}.txt").write_text(text, encoding="utf-8")
        data["sources"].append({"id": f"s{i}", "file": f"s{i}.txt", "title": f"S{i}"})
        for q in quotes_for(text):
            n += 1
            data["claims"].append({"id": f"c{n}", "statement": "A statement.",
                                   "evidence": [{"source": f"s{i}", "quote": q}]})
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MALI_FACTS_CACHE", str(tmp_path / "cache"))
    return path


def run(path, **options):
    from mali_facts.ledger import load_ledger
    from mali_facts.render.formats import CheckFormat
    from mali_facts.session import Session
    from mali_facts.verify import verify_ledger

    ledger = load_ledger(path)
    session = Session(ledger, cache=False, **options)
    report = verify_ledger(ledger, session=session)
    return CheckFormat.json.to_format().render(report, color=False), session


def test_workers_give_the_results_of_one_process(corpus, monkeypatch):
    import json

    import mali_facts.session as session_module

    serial, s1 = run(corpus, workers=1)
    events = []
    real_start, real_send = session_module._Engine._start, session_module._Engine._send

    def start(self):
        events.append(("start", len(self.queued)))
        return real_start(self)

    def send(self, text, jobs):
        events.append(("send", len(jobs)))
        return real_send(self, text, jobs)

    monkeypatch.setattr(session_module._Engine, "_start", start)
    monkeypatch.setattr(session_module._Engine, "_send", send)
    forced, s2 = run(corpus, workers=2)
    monkeypatch.setattr(session_module, "PARALLEL_MIN_CHARS", 1)
    auto, s3 = run(corpus)
    assert s1.stats["workers"] == 0 and s2.stats["workers"] == 2 and s3.stats["workers"] >= 1
    assert s1.stats["located"] == s2.stats["located"] > 2 * len(SEEDS)
    # the pool started mid-way: two sources were queued, the later ones sent at once
    starts = [k for k, (what, _) in enumerate(events) if what == "start"]
    assert [events[k][1] for k in starts][:1] == [2]
    assert len(events) - len(starts) > 2 * len(starts)
    assert forced == serial
    assert auto == serial
    statuses = {e["status"] for c in json.loads(serial)["claims"] for e in c["evidence"]}
    assert {"verified", "misquoted", "not_found"} <= statuses


def test_sending_a_text_to_a_worker_keeps_no_copy_of_it_here(corpus):
    """Pickling a str caches its UTF-8 form on the object (CPython): 50 MB of
    sources would cost 50 MB more here. The texts go as bytes instead."""
    import sys

    from mali_facts.ledger import load_ledger
    from mali_facts.session import Session

    ledger = load_ledger(corpus)
    session = Session(ledger, cache=False, workers=2)
    sizes = {sid: sys.getsizeof(src.text) for sid, src in session.sources().items()}
    session.verify_claims(ledger.claims)
    assert session.stats["workers"] == 2
    assert {sid: sys.getsizeof(src.text) for sid, src in session.sources().items()} == sizes
