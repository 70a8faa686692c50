"""Extraction: which sentences a news page keeps and drops, its metadata, text
encodings, PDFs with and without a text layer, and the missing-extra message."""

from __future__ import annotations

import datetime
import re

import pytest
import yaml

from mali_facts.errors import SourceError, UsageError
from mali_facts.importer.extract import (detect_charset, extract, extract_html, extract_text,
                                         sniff)

from .conftest import DATA
from .pdfs import make_pdf

NEWS = (DATA / "news.html").read_bytes()
EXPECTED = yaml.safe_load((DATA / "news_expected.yaml").read_text(encoding="utf-8"))


def test_news_page_keeps_exactly_the_article_body():
    got = extract_html(NEWS, "news.html")
    assert got.text == "\n".join(EXPECTED["kept"]) + "\n"


@pytest.mark.parametrize("part, sentence", [
    (part, s) for part, sentences in EXPECTED["dropped"].items() for s in sentences])
def test_news_page_drops_furniture(part, sentence):
    assert sentence not in extract_html(NEWS, "news.html").text


def test_news_page_metadata():
    meta = dict(extract_html(NEWS, "news.html").metadata)
    expected = dict(EXPECTED["metadata"])
    assert meta == expected
    assert isinstance(meta["published"], datetime.date)


def test_dates_come_from_markup_only():
    """Without meta, JSON-LD or <time>, no date is guessed from the prose or the URL."""
    page = re.sub(rb'<meta property="article:published_time"[^>]*>|<time[^<]*</time>'
                  rb'|"datePublished": "[^"]*",|"dateModified": "[^"]*",', b"", NEWS)
    page = page.replace(b"/2024/03/", b"/")
    assert "published" not in extract_html(page, "news.html").metadata


def test_extraction_is_deterministic():
    first, second = extract_html(NEWS, "a"), extract_html(NEWS, "b")
    assert first.data == second.data and first.metadata == second.metadata


def test_a_page_with_no_article_is_refused():
    with pytest.raises(SourceError) as err:
        extract_html(b"<html><head><title>Empty</title></head><body><div></div></body></html>", "empty.html")
    assert str(err.value) == ("empty.html: no article text found in the page (save the page's "
                              "text as a .txt file and add that instead)")


# -- plain text -------------------------------------------------------------------

FRENCH = ("L’été dernier, le ferry de l’île aux Mouettes a transporté plus de 40 000 passagers, "
          "selon la mairie. « C’est un record », a déclaré le capitaine.\r\n"
          "Le billet coûte désormais 12 €.\r\n")


def test_utf8_text_is_kept_byte_for_byte():
    data = "\ufeffCRLF stays\r\nno final newline".encode("utf-8")
    got = extract_text(data, "a.txt")
    assert got.data == data and got.charset is None and got.extractor is None


@pytest.mark.parametrize("encoding, detected", [
    ("cp1252", "cp1252"), ("utf-16", "utf_16"), ("shift_jis", "cp932")])
def test_other_encodings_are_detected_and_written_as_utf8(encoding, detected):
    text = FRENCH if encoding != "shift_jis" else "日本語の文章です。今日は良い天気です。\n"
    got = extract_text(text.encode(encoding), "a.txt")
    assert (got.charset, got.text) == (detected, text)
    assert got.media_type == f"text/plain; charset={detected}"
    assert got.extractor.startswith("charset-normalizer ")


def test_short_western_text_prefers_cp1252():
    assert detect_charset("Le café coûte 3 € – « très cher », dit-elle.\n".encode("cp1252")) == "cp1252"


def test_encoding_option_overrides_detection():
    got = extract_text("Grüße\n".encode("latin-1"), "a.txt", "latin-1")
    assert (got.text, got.charset) == ("Grüße\n", "iso8859-1")
    with pytest.raises(SourceError) as err:
        extract_text(b"ok\n\xff", "a.txt", "ascii")
    assert str(err.value) == "a.txt: not valid ascii at line 2 (byte 3) (check --encoding)"
    with pytest.raises(UsageError) as err:
        extract_text(b"x", "a.txt", "klingon")
    assert str(err.value) == "unknown encoding 'klingon' (use a Python codec name, e.g. cp1252 or latin-1)"


@pytest.mark.parametrize("data, suffix, media_type, kind", [
    (b"%PDF-1.4", "", "", "pdf"), (b"<!doctype html><p>", ".txt", "", "text"),
    (b"<!doctype html><p>", "", "", "html"), (b"x", ".PDF", "", "pdf"),
    (b"x", "", "text/html", "html"), (b"x", ".pdf", "application/pdf", "pdf"),
    (b"plain words", ".dat", "", "text")])
def test_sniff(data, suffix, media_type, kind):
    assert sniff(data, suffix, media_type) == kind


# -- PDF ----------------------------------------------------------------------------

def test_pdf_pages_are_separated_by_form_feeds(tmp_path):
    got = extract(make_pdf(tmp_path / "r.pdf").read_bytes(), "pdf", "r.pdf")
    assert got.text == (
        "Page one says the pier was split by the January storm.\n"
        "\fPage two says the new piles go eleven metres into the seabed.\n"
        "A second line on page two.\n"
        "\fPage three says the work cost 1.4 million pounds.\n")
    assert got.text.count("\f") == 2 and got.pages == 3
    assert got.metadata == {"title": "Harbour works report", "authors": ["County Engineering Office"]}


def test_a_scan_is_refused_with_ocr_advice(tmp_path):
    data = make_pdf(tmp_path / "scan.pdf", pages=["", ""]).read_bytes()
    with pytest.raises(SourceError) as err:
        extract(data, "pdf", "scan.pdf")
    assert str(err.value) == ("scan.pdf: the PDF has no text layer: its 2 pages hold no text "
                              "(it looks like a scan: run OCR first, e.g. ocrmypdf IN.pdf OUT.pdf, "
                              "then add OUT.pdf)")


def test_not_a_pdf(tmp_path):
    with pytest.raises(SourceError) as err:
        extract(b"<html>", "pdf", "fake.pdf")
    assert str(err.value) == "fake.pdf: not a PDF (it does not start with %PDF-) (check the file)"


# -- without the extra --------------------------------------------------------------

@pytest.mark.parametrize("module, kind, data, message", [
    ("trafilatura", "html", NEWS, "reading HTML needs trafilatura, which is not installed"),
    ("lxml_html_clean", "html", NEWS, "reading HTML needs lxml_html_clean, which is not installed"),
    ("pypdf", "pdf", b"%PDF-1.4", "reading PDF needs pypdf, which is not installed"),
    ("charset_normalizer", "text", b"caf\xe9\n",
     "reading text that is not UTF-8 needs charset_normalizer, which is not installed"),
])
def test_without_the_extra_the_message_says_what_to_install(monkeypatch, module, kind, data, message):
    import sys

    monkeypatch.setitem(sys.modules, module, None)  # what an uninstalled module looks like
    with pytest.raises(UsageError) as err:
        extract(data, kind, "doc")
    assert str(err.value) == f"{message} (install it with: pip install 'mali-facts[import]')"


def test_a_windows_1252_page_is_decoded_by_its_meta_charset():
    page = NEWS.decode("utf-8").replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("Tomas Reyes", "Tomás Reyes").replace("million pounds", "million pounds (€1.6m)")
    text = extract_html(page.encode("cp1252"), "page.html").text
    assert "said the county engineer, Tomás Reyes." in text
    assert "The repairs cost 1.4 million pounds (€1.6m), according" in text


def test_a_declared_charset_is_used_only_when_the_bytes_decode_in_it():
    data = FRENCH.encode("cp1252")
    assert extract_text(data, "u", declared="windows-1252").extractor == "python codecs cp1252"
    got = extract_text(data, "u", declared="ascii")  # wrong: detection decides
    assert (got.charset, got.text) == ("cp1252", FRENCH)
    assert got.extractor.startswith("charset-normalizer ")
    assert extract_text(b"plain\n", "u", declared="latin-1").charset is None  # UTF-8 first
