"""`source add URL` against a local server: the page, a redirect, a 404, a slow
response, oversized bodies, a wrong content type, a PDF, and DNS failure."""

from __future__ import annotations

import socket

import pytest

from .conftest import DATA
from .pdfs import make_pdf
from .server import Server

NEWS = (DATA / "news.html").read_bytes()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    pdf = make_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf").read_bytes()
    routes = {
        "/": (200, {"Content-Type": "text/html; charset=utf-8"}, NEWS),
        # what a proxy is asked for: the absolute URL
        "http://harbourcourier.example/proxied": (200, {"Content-Type": "text/html"}, NEWS),
        "/news/ferry": (301, {"Location": "/"}, b""),
        "/old": (302, {"Location": "/news/ferry"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/report.pdf": (200, {"Content-Type": "application/pdf"}, pdf),
        "/photo.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n"),
        "/big": (200, {"Content-Type": "text/html", "Content-Length": str(30 * 1024 * 1024)}, b""),
        "/broken": (500, {"Content-Type": "text/html"}, b"oops"),
        "/notes.txt": (200, {"Content-Type": "text/plain; charset=windows-1252"},
                       "Café au lait, 3 € – « très cher », dit-elle.\n".encode("cp1252")),
    }
    with Server(routes) as running:
        yield running


PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture
def ledger(tmp_path, monkeypatch, cli):
    for name in PROXY_VARIABLES:  # the machine's proxy must not stand between us and 127.0.0.1
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    assert cli(["init"]).exit_code == 0
    return tmp_path


def test_a_page_from_a_url_matches_the_saved_page(server, ledger, cli, tmp_path_factory, monkeypatch):
    result = cli(["source", "add", f"{server.url}/"])
    assert result.exit_code == 0, result.stderr
    fetched = (ledger / "sources" / "harbourcourier-2024.txt").read_bytes()
    entry = (ledger / "claims.yaml").read_text(encoding="utf-8")
    assert f"    url: {server.url}/\n" in entry
    other = tmp_path_factory.mktemp("saved")
    (other / "page.html").write_bytes(NEWS)
    monkeypatch.chdir(other)
    cli(["init"])
    assert cli(["source", "add", "page.html"]).exit_code == 0
    saved = (other / "sources" / "harbourcourier-2024.txt").read_bytes()
    assert fetched == saved
    pin = [line for line in entry.splitlines() if line.startswith("    sha256: ")]
    assert pin and pin[0] in (other / "claims.yaml").read_text(encoding="utf-8")
    assert (ledger / "sources" / "harbourcourier-2024.html").read_bytes() == NEWS


def test_redirects_are_followed_and_the_final_url_recorded(server, ledger, cli):
    result = cli(["source", "add", f"{server.url}/old"])
    assert result.exit_code == 0, result.stderr
    assert f"  url:       {server.url}/ (after 2 redirects)\n" in result.stdout
    assert f"    url: {server.url}/\n" in (ledger / "claims.yaml").read_text(encoding="utf-8")


def test_a_pdf_url(server, ledger, cli):
    result = cli(["source", "add", f"{server.url}/report.pdf"])
    assert result.exit_code == 0, result.stderr
    text = (ledger / "sources" / "report.txt").read_text(encoding="utf-8")
    assert text.count("\f") == 2
    claims = (ledger / "claims.yaml").read_text(encoding="utf-8")
    assert "      media_type: application/pdf\n" in claims


def test_a_text_url_in_its_declared_charset(server, ledger, cli):
    result = cli(["source", "add", f"{server.url}/notes.txt"])
    assert result.exit_code == 0, result.stderr
    assert (ledger / "sources" / "notes.txt").read_text(encoding="utf-8") == \
        "Café au lait, 3 € – « très cher », dit-elle.\n"


@pytest.mark.parametrize("path, args, message", [
    ("/missing", [], "HTTP 404 Not Found (check the address)"),
    ("/broken", [], "HTTP 500 Internal Server Error (the server failed; try again later)"),
    ("/slow", ["--timeout", "0.5"], "no response within 0.5 s (try again later, or raise --timeout)"),
    ("/big", [], "the document is 31,457,280 bytes, over the 20,971,520-byte limit (raise --max-bytes)"),
    ("/endless", ["--max-bytes", "100000"],
     "the document is over the 100,000-byte limit (raise --max-bytes)"),
    ("/photo.png", [], "wrong content type 'image/png' (source add reads text/html, "
                       "application/xhtml+xml, application/pdf, text/plain)"),
    ("/loop", [], "more than 10 redirects (open it in a browser and add the final address)"),
])
def test_fetch_failures_are_one_line_and_write_nothing(server, ledger, cli, path, args, message):
    before = (ledger / "claims.yaml").read_bytes()
    result = cli(["source", "add", f"{server.url}{path}", *args])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{server.url}{path}: {message}\n"
    assert (ledger / "claims.yaml").read_bytes() == before
    assert list((ledger / "sources").iterdir()) == []


def test_dns_failure(ledger, cli, monkeypatch):
    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    result = cli(["source", "add", "https://news.example.invalid/story"])
    assert result.exit_code == 2
    assert result.stderr == ("https://news.example.invalid/story: cannot resolve the host name "
                             "'news.example.invalid' (check the address and your network)\n")


@pytest.mark.parametrize("url", ["ftp://example.org/a.pdf", "file:///etc/hostname"])
def test_only_http_and_https(ledger, cli, url):
    result = cli(["source", "add", url])
    assert result.exit_code == 2
    assert result.stderr == (f"{url}: only http and https URLs can be fetched "
                             "(save the document and add the file instead)\n")


def test_a_refused_connection(ledger, cli):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = cli(["source", "add", f"http://127.0.0.1:{port}/"])
    assert result.exit_code == 2
    assert result.stderr == (f"http://127.0.0.1:{port}/: cannot connect: connection refused "
                             "(check the address and your network)\n")


def test_a_text_url_is_decoded_by_its_declared_charset_first(server, ledger, cli):
    result = cli(["source", "add", f"{server.url}/notes.txt"])
    assert result.stdout.splitlines()[1:3] == [
        "  text:      sources/notes.txt (1 line, decoded from cp1252 as served)",
        "  original:  sources/notes.original.txt (text/plain; charset=cp1252)"]


def test_the_environments_proxy_is_used(server, ledger, cli, monkeypatch):
    monkeypatch.setenv("http_proxy", server.url)
    result = cli(["source", "add", "http://harbourcourier.example/proxied"])
    assert result.exit_code == 0, result.stderr
    assert "    url: http://harbourcourier.example/proxied\n" in (ledger / "claims.yaml").read_text(
        encoding="utf-8")
