"""Test PDFs, made with fpdf2 (in the test extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

PAGES = ("Page one says the pier was split by the January storm.",
         "Page two says the new piles go eleven metres into the seabed.\nA second line on page two.",
         "Page three says the work cost 1.4 million pounds.")


def make_pdf(path: Path, pages: Optional[Sequence[str]] = None) -> Path:
    """A PDF with one page per string (an empty string: a page with a drawing and no text)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Harbour works report")
    pdf.set_author("County Engineering Office")
    pdf.set_creation_date(__import__("datetime").datetime(2024, 3, 1))
    pdf.set_font("Helvetica", size=12)
    for text in PAGES if pages is None else pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 10, text)
        else:
            pdf.rect(10, 10, 50, 50)
    pdf.output(str(path))
    return path
