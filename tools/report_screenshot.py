"""Screenshot the HTML ledger with Debian's chromium: docs/report.png.

    .venv/bin/python tools/report_screenshot.py [--claims PATH] [--out docs/report.png]
        [--width 1280] [--height 800] [--full-page]

Builds the page into a temporary folder with `mali-facts report`, opens it from
a file:// URL in headless chromium (/usr/bin/chromium, or $CHROMIUM) through
Python playwright, and saves a PNG. Needs the `test` extra (playwright) and
`apt-get install chromium`; it downloads nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", default=str(ROOT / "claims.yaml"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "report.png"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--full-page", action="store_true")
    parser.add_argument("--hash", default="", help="a fragment to open, e.g. claim-goita-flintlock-2019")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, "-m", "mali_facts", "report", "--claims", args.claims,
                               "--output", tmp], capture_output=True, text=True)
        if done.returncode not in (0, 1):
            sys.stderr.write(done.stderr)
            return 2
        url = (Path(tmp) / "index.html").as_uri() + (f"#{args.hash}" if args.hash else "")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(url)
            page.screenshot(path=args.out, full_page=args.full_page)
            browser.close()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
