"""report: the page of the embedded ledger in a real browser (Debian's chromium via playwright).

Marked ``browser``; skipped with a reason when playwright or chromium is missing,
except when MALI_FACTS_BROWSER_TESTS=required (as .ci/run sets), where that is a
failure. Nothing is downloaded. Screenshots go to test-artifacts/ (git-ignored),
or to $MALI_FACTS_ARTIFACTS.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("MALI_FACTS_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(os.environ.get("MALI_FACTS_ARTIFACTS", ROOT / "test-artifacts"))

# The claims whose statement says "Sanogo", in ledger order.
SANOGO = ["sanogo-alleged-abuses", "sanogo-promoted-general", "dufka-promotion-outrageous",
          "sanogo-led-2012-coup", "sanogo-six-training-missions"]


def _unavailable(reason: str):
    if os.environ.get("MALI_FACTS_BROWSER_TESTS") == "required":
        pytest.fail(f"{reason}, and MALI_FACTS_BROWSER_TESTS=required")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    """The embedded ledger's page, written as `mali-facts report` writes it; its file:// URL."""
    from mali_facts import __version__
    from mali_facts.ledger import load_ledger
    from mali_facts.render.report import render_report
    from mali_facts.report import build_report

    folder = tmp_path_factory.mktemp("site")
    html = render_report(build_report(load_ledger(ROOT / "claims.yaml")), version=__version__)
    (folder / "index.html").write_text(html, encoding="utf-8")
    return (folder / "index.html").as_uri()


class Visit:
    """A page opened in its own browser context, with every request it makes recorded."""

    def __init__(self, browser, url: str, **options):
        options.setdefault("viewport", {"width": 1280, "height": 800})
        self.context = browser.new_context(**options)
        self.requests, self.blocked = [], []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.context.route(re.compile(r"^(?!file:)"), self._block)
        self.page = self.context.new_page()
        self.page.goto(url)

    def _block(self, route):
        self.blocked.append(route.request.url)
        route.abort()

    def visible_cards(self):
        return self.page.eval_on_selector_all(
            "article.claim", "cs => cs.filter(c => c.offsetParent !== null).map(c => c.id.slice(6))")

    def in_view(self, selector: str) -> bool:
        return self.page.eval_on_selector(selector, """el => { const r = el.getBoundingClientRect();
            return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }""")


@pytest.fixture
def visit(browser, site):
    opened = []

    def open_(**options):
        v = Visit(browser, site, **options)
        opened.append(v)
        return v

    yield open_
    for v in opened:
        v.context.close()


def test_one_card_per_claim(visit):
    v = visit()
    assert v.page.locator("article.claim").count() == 66
    assert len(v.visible_cards()) == 66
    assert v.page.locator("#f-count").inner_text() == "66 of 66 claims shown"


def test_claim_link_scrolls_its_highlight_into_view_and_marks_it_active(visit):
    v = visit()
    mark = '#source-mali-coup-2020 mark[data-spans~="2787-2981"]'
    assert not v.in_view(mark)
    v.page.locator("#claim-goita-flintlock-2019 a.ev-link").first.click()
    assert v.page.url.endswith("#source-mali-coup-2020-2787-2981")
    assert v.in_view(mark)
    marks = v.page.locator(mark)
    assert marks.count() >= 1
    assert all("active" in marks.nth(i).get_attribute("class").split() for i in range(marks.count()))
    assert v.page.locator("mark.active").count() == marks.count()  # nothing else is active
    assert "Yesterday, someone shared with me that Col. Assimi Goita" in marks.first.inner_text()


def test_highlight_links_back_to_its_claim(visit):
    v = visit()
    v.page.locator('#source-mali-coup-2020 a.backref[href="#claim-goita-flintlock-2019"]').first.click()
    assert v.page.url.endswith("#claim-goita-flintlock-2019")
    assert v.in_view("#claim-goita-flintlock-2019 h3")
    assert "active" in v.page.get_attribute("#claim-goita-flintlock-2019", "class").split()


def test_typing_sanogo_filters_the_cards(visit):
    from playwright.sync_api import expect

    v = visit()
    v.page.locator("#f-q").press_sequentially("Sanogo")
    assert v.visible_cards() == SANOGO
    assert v.page.locator("#f-count").inner_text() == "5 of 66 claims shown"
    v.page.click("button[type=reset]")
    # The page re-filters just after the reset (the form's values change after its
    # event): wait for that, as a reader's eye does, before counting.
    # (Playwright's own waiting: the page's Content-Security-Policy forbids the eval
    # that wait_for_function polls with.)
    expect(v.page.locator("#f-count")).to_have_text("66 of 66 claims shown", timeout=5000)
    assert len(v.visible_cards()) == 66


def test_rating_misattributed_leaves_only_the_leahy_claim(visit):
    v = visit()
    v.page.select_option("#f-rating", "misattributed")
    assert v.visible_cards() == ["leahy-amendment-trigger"]
    v.page.select_option("#f-rating", "")
    v.page.select_option("#f-tag", "flintlock")
    assert v.visible_cards() == ["goita-flintlock-2019", "flintlock-article-removed"]
    v.page.select_option("#f-entity", "Tommy Miles")
    v.page.select_option("#f-status", "verified")
    assert v.visible_cards() == ["goita-flintlock-2019", "flintlock-article-removed"]


def test_a_link_to_a_filtered_out_claim_clears_the_filters(visit):
    v = visit()
    v.page.select_option("#f-rating", "misattributed")
    v.page.locator('#timeline a[href="#claim-goita-flintlock-2019"]').click()
    assert "goita-flintlock-2019" in v.visible_cards()
    assert v.in_view("#claim-goita-flintlock-2019 h3")


def test_the_page_makes_no_network_request(visit, site):
    v = visit()
    v.page.locator("#f-q").press_sequentially("Goita")
    v.page.locator("#claim-goita-flintlock-2019 a.ev-link").first.click()
    v.page.mouse.wheel(0, 100000)
    v.page.wait_for_load_state("networkidle")
    assert v.blocked == []
    assert v.requests == [site]


def test_works_without_javascript(visit):
    v = visit(java_script_enabled=False)
    assert not v.page.locator("#filters").is_visible()
    assert len(v.visible_cards()) == 66
    v.page.locator("#claim-goita-flintlock-2019 a.ev-link").first.click()
    assert v.in_view("#source-mali-coup-2020-2787-2981 + mark")


def test_readable_at_320_pixels(visit):
    v = visit(viewport={"width": 320, "height": 800})
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 320
    assert v.page.locator("#claim-leahy-amendment-trigger .statement").bounding_box()["width"] <= 320


def test_print_shows_every_claim_without_the_filters(visit):
    v = visit()
    v.page.select_option("#f-rating", "misattributed")
    v.page.emulate_media(media="print")
    assert not v.page.locator("#filters").is_visible()
    assert len(v.visible_cards()) == 66


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshot(visit, width):
    v = visit(viewport={"width": width, "height": 800})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"report-{width}x800.png"
    v.page.screenshot(path=str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_screenshot_tool_writes_a_png(browser, tmp_path):
    """tools/report_screenshot.py, which made docs/report.png, still works."""
    import subprocess
    import sys

    out = tmp_path / "report.png"
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "report_screenshot.py"), "--out", str(out),
                           "--width", "375"], capture_output=True, text=True,
                          env={**os.environ, "CHROMIUM": CHROMIUM})
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{out}\n"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
