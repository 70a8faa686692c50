"""report: the model (pure), the HTML (escaped, well formed, self-contained) and the command.

The browser tests are in test_report_browser.py.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from conftest import DATA, ROOT
from mali_facts.ledger import load_ledger
from mali_facts.render.report import render_report
from mali_facts.report import Highlight, build_report, cut, word_diff

REPORT = DATA / "report"
SMALL = REPORT / "claims.yaml"
PIECES = yaml.safe_load((REPORT / "pieces.yaml").read_text(encoding="utf-8"))


def page_for(path: Path) -> str:
    return render_report(build_report(load_ledger(path)), version="test")


@pytest.fixture(scope="module")
def small_page() -> str:
    return page_for(SMALL)


@pytest.fixture(scope="module")
def ledger_page() -> str:
    return page_for(ROOT / "claims.yaml")


# -- the model ---------------------------------------------------------------------

@pytest.mark.parametrize("case", PIECES, ids=[c["label"] for c in PIECES])
def test_cut(case):
    spans = [Highlight("s", a, b, tuple(ids), "verified") for a, b, ids in case["spans"]]
    got = [["page", p.page] if p.page is not None else [p.text, list(p.claims)]
           for p in cut(case["text"], "s", spans)]
    assert got == case["expected"]


@given(st.text(alphabet="ab \f\u00ef\u2019", max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=6))
def test_cut_covers_the_text_once(text, raw):
    """Pieces tile the text in order, and each lists exactly the spans that cover it."""
    spans = [Highlight("s", min(a, b), max(a, b), (f"c{i}",), "verified")
             for i, (a, b) in enumerate(raw) if min(a, b) < max(a, b) <= len(text)]
    pieces = cut(text, "s", spans)
    assert "".join(p.text if p.page is None else "\f" for p in pieces) == text
    pos = 0
    for p in pieces:
        assert p.start == pos and p.end > p.start
        pos = p.end
        if p.page is not None:  # a page break: a form feed, drawn as a separator
            assert text[p.start:p.end] == "\f" and p.spans == ()
            continue
        covering = {h for h in spans if h.start <= p.start and p.end <= h.end}
        assert set(p.spans) == covering
        assert not any(h.start < p.end and h.end > p.start for h in set(spans) - covering)
    assert pos == len(text)


def test_word_diff_marks_only_the_changed_words():
    quote, source = word_diff("The curfew began at 10 pm.", "The curfew began at 9 pm.")
    assert [(p.text, p.changed) for p in quote] == [("The curfew began at ", False), ("10", True), (" pm.", False)]
    assert [(p.text, p.changed) for p in source] == [("The curfew began at ", False), ("9", True), (" pm.", False)]


def test_model_of_the_embedded_ledger():
    report = build_report(load_ledger(ROOT / "claims.yaml"))
    assert report.summary == {"claims": 66, "verified": 66, "failing": 0, "reviewed": 5,
                              "quotes": 88, "sources": 2}
    assert report.failed is False
    assert report.statuses == ["verified"]
    assert report.ratings == ["accurate", "mostly-accurate", "disputed", "misattributed", "not-reviewed"]
    assert [(s.id, s.coverage, s.covered, s.sentences) for s in report.sources] == [
        ("rolling-stone-2013", 100.0, 42, 42), ("mali-coup-2020", 100.0, 23, 23)]
    assert [s.title for s in report.sources] == [
        "Will the U.S. Go Back to Training Mali's Military?", "Untitled page on historyheist.com"]
    assert len(report.timeline) == 27
    assert (report.timeline[0].claim, report.timeline[0].date) == ("pan-sahel-initiative-2002", "2002")
    flintlock = next(c for c in report.claims if c.id == "goita-flintlock-2019")
    assert [e.anchor for e in flintlock.evidence] == [
        "source-mali-coup-2020-2787-2981", "source-mali-coup-2020-3067-3110"]
    # the tweet signature is cited by two claims: one highlight, both listed
    coup = next(s for s in report.sources if s.id == "mali-coup-2020")
    tweet = next(h for h in coup.highlights if h.key == "3067-3110")
    assert tweet.claims == ("goita-flintlock-2019", "flintlock-article-removed")
    # every evidence anchor is a highlight of its source
    keys = {h.anchor for s in report.sources for h in s.highlights}
    assert {e.anchor for c in report.claims for e in c.evidence} <= keys


def test_model_of_the_small_ledger():
    report = build_report(load_ledger(SMALL))
    assert report.summary == {"claims": 5, "verified": 3, "failing": 2, "reviewed": 1,
                              "quotes": 6, "sources": 1}
    assert report.failed is True
    assert report.statuses == ["verified", "misquoted", "not_found"]
    (src,) = report.sources
    assert src.pages == 2
    assert [(p.text, p.claims) for p in src.pieces if p.spans] == [
        ("the officers trained <b>six</b> times & more.", ("script-statement",)),
        ("They led the coup", ("led-coup", "led-coup-short")),
        (" in 2012.", ("led-coup",)),
        ("the junta closed the borders.", ("borders-misquoted",)),
        ("The curfew began at 9 pm.", ("borders-misquoted",)),
    ]
    assert [p.misquoted for p in src.pieces if p.spans] == [False, False, False, False, True]
    invented = report.claims[-1]
    assert (invented.status, invented.evidence[0].anchor) == ("not_found", None)


# -- the HTML ----------------------------------------------------------------------

class Page(HTMLParser):
    """What the tests need to know about a page: tags, ids, links, headings, text."""

    VOID = {"meta", "link", "input", "br", "hr", "img", "line", "circle", "rect", "path"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.hrefs, self.headings, self.srcs = [], [], [], [], []
        self.tags, self.errors, self.data = [], [], []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.data.append(data)


def test_statement_with_a_script_renders_as_text(small_page):
    assert "<script>alert" not in small_page
    assert "The officers trained &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; six times &amp; more." in small_page
    # the only script is the page's own, and the statement comes back as text
    page = Page(small_page)
    assert [t for t, _ in page.tags].count("script") == 1
    assert "The officers trained <script>alert('x')</script> six times & more." in page.data


def test_source_text_and_review_are_escaped(small_page):
    assert "the officers trained &lt;b&gt;six&lt;/b&gt; times &amp; more." in small_page
    assert "A test review with &lt;em&gt;markup&lt;/em&gt; that must show as text." in small_page
    assert 'href="https://example.org/review?x=1&amp;y=&lt;2&gt;"' in small_page
    assert ("Uncited: &lt;a href=&quot;https://evil.example/&quot;&gt;a link&lt;/a&gt; &amp; "
            "&lt;img src=x onerror=alert(1)&gt;.") in small_page
    assert "<b>" not in small_page and "<em>" not in small_page and "<img" not in small_page


def test_pages_are_well_formed(small_page, ledger_page):
    for text in (small_page, ledger_page):
        page = Page(text)
        assert page.errors == [] and page.stack == []
        assert len(page.ids) == len(set(page.ids)), "duplicate ids"
        # every in-page link has a target
        assert {h[1:] for h in page.hrefs if h.startswith("#")} - set(page.ids) == set()
        # headings start at h1 and never skip a level
        assert page.headings[0] == 1 and page.headings.count(1) == 1
        assert all(b <= a + 1 for a, b in zip(page.headings, page.headings[1:]))


def test_page_is_self_contained(ledger_page):
    page = Page(ledger_page)
    assert page.srcs == []                       # no <img>, <script src>, <iframe>
    assert [a for t, a in page.tags if t == "link"] == [{"rel": "icon", "href": "data:,"}]
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv"))
    assert csp.startswith("default-src 'none';")
    assert "@import" not in ledger_page and "url(" not in ledger_page


def test_claims_and_highlights_link_both_ways(ledger_page):
    page = Page(ledger_page)
    cards = [a["id"] for t, a in page.tags if t == "article" and "claim" in a.get("class", "").split()]
    assert len(cards) == 66
    assert 'href="#source-mali-coup-2020-2787-2981"' in ledger_page
    assert '<span class="anchor" id="source-mali-coup-2020-2787-2981" data-span="2787-2981"></span>' in ledger_page
    backrefs = {a["href"] for t, a in page.tags if t == "a" and a.get("class") == "backref"}
    assert backrefs == {f"#{c}" for c in cards}  # every claim is linked from its highlights


def test_misquoted_evidence_shows_both_texts(small_page):
    assert "<del>10</del>" in small_page and "<ins>9</ins>" in small_page
    assert "number: “10” quoted, “9” in the source" in small_page
    assert '<mark class="hl d1 misquoted"' in small_page


def test_page_breaks_are_shown(small_page):
    assert small_page.count('role="separator"') == 2
    assert '<span class="page-break" role="separator">Page 2</span>' in small_page


def test_status_is_never_colour_alone(small_page):
    assert '<span class="badge status status-misquoted"><span aria-hidden="true">✗</span> misquoted</span>' in small_page
    assert '<span class="badge status status-not_found"><span aria-hidden="true">✗</span> not found</span>' in small_page


def test_rendering_is_deterministic():
    assert page_for(SMALL) == page_for(SMALL)


# -- the command -------------------------------------------------------------------

def test_report_writes_site_index(cli, ledger_dir):
    result = cli(["report", "--claims", ROOT / "claims.yaml"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == f"wrote {Path('site') / 'index.html'}"
    assert result.stderr.splitlines()[1].endswith(": 66 claims, 88 quotes: 88 verified; 0 warnings. OK")
    html = (ledger_dir / "site" / "index.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count('<article class="claim ') == 66
    assert sorted(os.listdir(ledger_dir / "site")) == ["index.html"]   # no temporary file left


def test_report_with_a_failing_quote_exits_1_and_still_writes(cli, tmp_path):
    out = tmp_path / "out" / "deeper"
    result = cli(["report", "--claims", SMALL, "--output", out])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].endswith(
        ": 5 claims, 6 quotes: 4 verified, 1 misquoted, 1 not_found; 2 warnings. FAILED")
    assert "borders-misquoted" in (out / "index.html").read_text(encoding="utf-8")


def test_report_replaces_the_page(cli, tmp_path):
    (tmp_path / "index.html").write_text("old", encoding="utf-8")
    os.chmod(tmp_path / "index.html", 0o640)
    assert cli(["report", "--claims", SMALL, "--output", tmp_path]).exit_code == 1
    assert (tmp_path / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(os.listdir(tmp_path)) == ["index.html"]


def test_report_output_that_is_a_file_exits_2(cli, tmp_path):
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    result = cli(["report", "--claims", SMALL, "--output", tmp_path / "taken"])
    assert result.exit_code == 2
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "x"


def test_report_bad_claims_exit_2_and_write_nothing(cli, write_claims, ledger_dir):
    path = write_claims("version: 1\nsources: []\nclaims:\n  - id: x\n")
    result = cli(["report", "--claims", path])
    assert result.exit_code == 2
    assert result.stderr.startswith("claims.yaml:4: ")
    assert "Traceback" not in result.stderr
    assert not (ledger_dir / "site").exists()


def test_misquoted_spans_link_back_with_a_cross(small_page):
    assert ('<a class="backref bad" href="#claim-borders-misquoted" data-span="123-148">'
            '<span class="vh">misquoted by claim </span>borders-misquoted</a>') in small_page


# -- the documentation -------------------------------------------------------------

DOC = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")


def test_docs_pages_workflow_publishes_what_the_command_writes():
    workflow = yaml.safe_load(re.search(r"```yaml\n(.*?)```", DOC, re.S).group(1))
    steps = workflow["jobs"]["publish"]["steps"]
    assert {"run": "mali-facts report --output site"} in steps
    assert next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))["with"] == {"path": "site"}


def test_docs_describe_the_embedded_ledger_and_the_exit_codes(cli):
    s = build_report(load_ledger(ROOT / "claims.yaml")).summary
    assert (f"({s['claims']} claims, {s['verified']} verified, {s['failing']} failing, {s['reviewed']} reviewed, "
            f"{s['quotes']} quotes, {s['sources']} sources)") in " ".join(DOC.split())
    help_text = " ".join(cli(["report", "--help"], env={"NO_COLOR": "1", "COLUMNS": "200"}).stdout.split())
    assert "Exit codes: 0 the page was written and every quote passed; 1 the page was written" in help_text


def test_benchmark_runs():
    """benchmarks/bench_report.py runs end to end (its figures are not asserted)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_report.py"), "--runs", "1"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [line.split(":")[0].strip() for line in done.stdout.splitlines()] == [
        "machine", "report, process", "report, process CPU", "check, process", "check, process CPU",
        "load average", "model, in process", "render, in process"]


def test_unreadable_source_is_shown_not_fatal(cli, tmp_path):
    import shutil

    shutil.copy(SMALL, tmp_path / "claims.yaml")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "paged.txt").write_bytes("Goïta".encode("latin-1"))   # not UTF-8
    result = cli(["report", "--claims", tmp_path / "claims.yaml", "--output", tmp_path / "site"])
    assert result.exit_code == 1
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert ("<p class=\"warning\"><strong>Cannot be read:</strong> seeds/paged.txt:1: not valid UTF-8 "
            "(byte 2); save it as UTF-8</p>") in html
    assert "cannot be read (seeds/paged.txt:1: not valid UTF-8" in html          # in the coverage list
    assert html.count('<span class="badge status status-source_error">') == 5 + 6  # cards and quotes
