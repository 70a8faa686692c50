"""`mali-facts init` and `mali-facts source add` end to end, in-process."""

from __future__ import annotations

import datetime
import difflib
import shutil

import pytest

from mali_facts.importer.init import TEMPLATE

from .conftest import DATA
from .pdfs import make_pdf

NEWS = (DATA / "news.html").read_bytes()
TODAY = datetime.date.today().isoformat()


@pytest.fixture
def ledger(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    result = cli(["init"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "page.html").write_bytes(NEWS)
    return tmp_path


# -- init -------------------------------------------------------------------------

def test_init_creates_a_ledger_that_check_accepts(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    result = cli(["init"])
    assert (result.exit_code, result.stdout) == (0, "created claims.yaml, claims.schema.json, sources/\n")
    assert result.stderr == "next: mali-facts source add PATH|URL\n"
    assert (tmp_path / "claims.yaml").read_text(encoding="utf-8") == TEMPLATE.format(
        schema="claims.schema.json")
    assert TEMPLATE.startswith("# yaml-language-server: $schema={schema}\n")
    assert (tmp_path / "sources").is_dir()
    assert (tmp_path / "claims.schema.json").read_text(encoding="utf-8") == cli(["schema"]).stdout
    check = cli(["check"])
    assert check.exit_code == 0
    assert check.stderr.endswith("claims.yaml: 0 claims, 0 quotes: none; 0 warnings. OK\n")


def test_init_refuses_to_overwrite(ledger, cli):
    before = (ledger / "claims.yaml").read_bytes()
    result = cli(["init"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("claims.yaml already exists; nothing written "
                             "(edit it, or run init in another folder)\n")
    assert (ledger / "claims.yaml").read_bytes() == before


def test_init_in_a_new_folder_keeps_an_existing_schema(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "claims.schema.json").write_text("{}", encoding="utf-8")
    result = cli(["init", "work"])
    assert result.stdout == "created work/claims.yaml, work/sources/\n"
    assert result.stderr == "next: mali-facts source add --claims work/claims.yaml PATH|URL\n"
    assert (tmp_path / "work" / "claims.schema.json").read_text(encoding="utf-8") == "{}"
    assert cli(["init", "deep/er"]).stdout == (
        "created deep/er/claims.yaml, deep/er/claims.schema.json, deep/er/sources/\n")


# -- source add -------------------------------------------------------------------

ADDED = """\
added source 'harbourcourier-2024' to claims.yaml
  text:      sources/harbourcourier-2024.txt (7 lines, trafilatura {v})
  original:  sources/harbourcourier-2024.html (text/html)
  title:     Ferry service to Gull Island resumes after storm repairs
  authors:   Ada Quill
  published: 2024-03-05
  publisher: The Harbour Courier
  url:       https://harbourcourier.example/news/2024/03/ferry-resumes
"""

ENTRY = """\
sources:
  - id: harbourcourier-2024
    file: sources/harbourcourier-2024.txt
    type: webpage
    title: Ferry service to Gull Island resumes after storm repairs
    publisher: The Harbour Courier
    authors: [Ada Quill]
    published: 2024-03-05
    url: https://harbourcourier.example/news/2024/03/ferry-resumes
    accessed: {today}
    sha256: {sha}
    archive:
      file: sources/harbourcourier-2024.html
      sha256: {archive}
      media_type: text/html
    extractor: trafilatura {v}
"""


def trafilatura_version():
    from importlib.metadata import version

    return version("trafilatura")


def test_source_add_a_saved_page(ledger, cli):
    import hashlib

    result = cli(["source", "add", "page.html"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ADDED.format(v=trafilatura_version())
    text = (ledger / "sources" / "harbourcourier-2024.txt").read_bytes()
    assert (ledger / "sources" / "harbourcourier-2024.html").read_bytes() == NEWS
    claims = (ledger / "claims.yaml").read_text(encoding="utf-8")
    expected = TEMPLATE.format(schema="claims.schema.json").replace("sources: []\n", ENTRY.format(
        today=TODAY, sha=hashlib.sha256(text).hexdigest(), archive=hashlib.sha256(NEWS).hexdigest(),
        v=trafilatura_version()))
    assert claims == expected
    assert text.endswith(b".\n") and b"\r" not in text and not text.endswith(b"\n\n")
    check = cli(["check"])
    assert check.exit_code == 0, check.stdout + check.stderr


def test_importing_twice_gives_identical_text_and_pin(tmp_path, monkeypatch, cli):
    outputs = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        monkeypatch.chdir(folder)
        cli(["init"])
        (folder / "page.html").write_bytes(NEWS)
        make_pdf(folder / "report.pdf")
        assert cli(["source", "add", "page.html", "report.pdf"]).exit_code == 0
        outputs.append([(folder / "sources" / f).read_bytes()
                        for f in ("harbourcourier-2024.txt", "report.txt")]
                       + [(folder / "claims.yaml").read_bytes()])
    assert outputs[0] == outputs[1]


def test_the_same_text_twice_is_refused_unless_given_an_id(ledger, cli):
    cli(["source", "add", "page.html"])
    before = (ledger / "claims.yaml").read_bytes()
    result = cli(["source", "add", "page.html"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("page.html: the same text is already source 'harbourcourier-2024' "
                             "(pass --id to add it again under another id)\n")
    assert (ledger / "claims.yaml").read_bytes() == before
    assert cli(["source", "add", "page.html", "--id", "ferry-copy"]).exit_code == 0


def test_an_existing_id(ledger, cli):
    cli(["source", "add", "page.html"])
    (ledger / "other.html").write_bytes(NEWS.replace(b"112 passengers", b"113 passengers"))
    result = cli(["source", "add", "other.html", "--id", "harbourcourier-2024"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("source id 'harbourcourier-2024' already exists in claims.yaml "
                             "(line 11) (choose another --id)\n")
    result = cli(["source", "add", "other.html"])  # without --id: made unique
    assert result.stdout.startswith("added source 'harbourcourier-2024-2' to claims.yaml\n")


def test_metadata_flags_override_and_unknowns_stay_unknown(ledger, cli):
    (ledger / "memo.txt").write_text("The budget doubles.\n", encoding="utf-8")
    result = cli(["source", "add", "memo.txt"])
    assert result.stdout == (
        "added source 'memo' to claims.yaml\n"
        "  text:      sources/memo.txt (1 line, UTF-8 kept byte for byte)\n"
        "  title:     (not found; set it with --title)\n"
        "  authors:   (not found; set it with --author)\n"
        "  published: (not found; set it with --published)\n"
        "  publisher: (not found; set it with --publisher)\n"
        "  url:       (none)\n")
    claims = (ledger / "claims.yaml").read_text(encoding="utf-8")
    assert "  - id: memo\n    file: sources/memo.txt\n    accessed: " in claims
    assert "title" not in claims and "authors" not in claims and "archive" not in claims
    result = cli(["source", "add", "page.html", "--title", "Ferry back", "--author", "A. Quill",
                  "--author", "B. Reyes", "--published", "2024-03", "--publisher", "Courier",
                  "--type", "article-newspaper"])
    assert result.exit_code == 0, result.stderr
    claims = (ledger / "claims.yaml").read_text(encoding="utf-8")
    assert ("    type: article-newspaper\n    title: Ferry back\n    publisher: Courier\n"
            "    authors: [A. Quill, B. Reyes]\n    published: 2024-03\n") in claims


@pytest.mark.parametrize("args, message", [
    (["--published", "2024-13"], "--published '2024-13': month 13 is out of range in '2024-13' "
                                 "(use YYYY, YYYY-MM or YYYY-MM-DD)"),
    (["--type", "newspaper"], "--type 'newspaper' is not a known type (did you mean 'article-newspaper'?)"),
    (["--id", "Ferry Story"], "--id 'Ferry Story' is not a lowercase slug (use 'ferry-story')"),
    (["--encoding", "latin-1"], "--encoding applies to plain text only (HTML and PDF declare their own encoding)"),
])
def test_bad_options(ledger, cli, args, message):
    result = cli(["source", "add", "page.html", *args])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")
    assert list((ledger / "sources").iterdir()) == []


def test_without_a_claims_file(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.html").write_bytes(NEWS)
    result = cli(["source", "add", "page.html"])
    assert (result.exit_code, result.stderr) == (
        2, "no claims.yaml here (create one with: mali-facts init, or pass --claims PATH)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_a_missing_document(ledger, cli):
    result = cli(["source", "add", "nope.html"])
    assert (result.exit_code, result.stderr) == (
        2, "nope.html: cannot read it: No such file or directory (check the path)\n")


def test_non_utf8_text_says_which_charset(ledger, cli):
    text = ("L’été dernier, le ferry de l’île aux Mouettes a transporté plus de 40 000 passagers, "
            "selon la mairie.\nLe billet coûte désormais 12 €.\n")
    (ledger / "notes.txt").write_bytes(text.encode("cp1252"))
    result = cli(["source", "add", "notes.txt"])
    assert result.exit_code == 0, result.stderr
    from importlib.metadata import version

    assert result.stdout.splitlines()[1:3] == [
        f"  text:      sources/notes.txt (2 lines, decoded from cp1252 as charset-normalizer "
        f"{version('charset-normalizer')} detected; if it reads wrong, pass --encoding)",
        "  original:  sources/notes.original.txt (text/plain; charset=cp1252)"]
    assert (ledger / "sources" / "notes.txt").read_text(encoding="utf-8") == text
    assert (ledger / "sources" / "notes.original.txt").read_bytes() == text.encode("cp1252")
    assert cli(["check"]).exit_code == 0


def test_pdf_pages_and_a_page_locator(ledger, cli):
    make_pdf(ledger / "report.pdf")
    result = cli(["source", "add", "report.pdf", "--published", "2024"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith(
        "  text:      sources/report-2024.txt (3 pages, 4 lines, pypdf ")
    assert (ledger / "sources" / "report-2024.txt").read_text(encoding="utf-8").count("\f") == 2
    claims = ledger / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("claims: []\n", """\
claims:
  - id: piles
    statement: The report says the new piles go eleven metres into the seabed.
    evidence:
      - source: report-2024
        quote: "the new piles go eleven metres into the seabed"
"""), encoding="utf-8")
    assert cli(["check"]).exit_code == 0
    cited = cli(["cite", "piles"])
    assert cited.stdout.splitlines()[-1] == "  report-2024, p. 2, para. 2, line 2, characters 70–116"


def test_a_commented_ledger_gains_only_new_lines(commented, cli):
    (commented.parent / "page.html").write_bytes(NEWS)
    before = commented.read_text(encoding="utf-8")
    dry = cli(["source", "add", "page.html", "--dry-run"])
    assert dry.exit_code == 0
    assert commented.read_text(encoding="utf-8") == before
    assert not (commented.parent / "sources").exists()
    assert cli(["source", "add", "page.html"]).exit_code == 0
    after = commented.read_text(encoding="utf-8")
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    assert dry.stdout.splitlines()[2:] == list(difflib.unified_diff(
        before.splitlines(), after.splitlines(), "a/claims.yaml", "b/claims.yaml", lineterm=""))[2:]
    removed = [line for line in diff[2:] if line.startswith("-")]
    added = [line[1:] for line in diff[2:] if line.startswith("+")]
    assert removed == []
    assert "  - id: harbourcourier-2024" in added
    assert all(line == "" or line.startswith("    ") or line == "  - id: harbourcourier-2024"
               for line in added) and added.count("") == 1
    assert after.count("#") == before.count("#")


def test_a_failed_save_removes_the_new_files(ledger, cli, monkeypatch):
    from mali_facts.ledger.writer import ClaimsEditor, EditConflict

    def conflict(self):
        raise EditConflict("the claims file changed on disk since it was read; nothing written",
                           path="claims.yaml", hint="run the command again")

    monkeypatch.setattr(ClaimsEditor, "save", conflict)
    result = cli(["source", "add", "page.html"])
    assert (result.exit_code, result.stderr) == (1, "claims.yaml: the claims file changed on disk "
                                                    "since it was read; nothing written "
                                                    "(run the command again)\n")
    assert list((ledger / "sources").iterdir()) == []


def test_all_or_nothing_for_several_documents(ledger, cli):
    result = cli(["source", "add", "page.html", "missing.pdf"])
    assert result.exit_code == 2
    assert list((ledger / "sources").iterdir()) == []
    assert "harbourcourier" not in (ledger / "claims.yaml").read_text(encoding="utf-8")


def test_claims_option(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    cli(["init", "ledger"])
    shutil.copy(DATA / "news.html", tmp_path / "page.html")
    result = cli(["source", "add", "page.html", "--claims", "ledger/claims.yaml"])
    assert result.stdout.startswith("added source 'harbourcourier-2024' to ledger/claims.yaml\n")
    assert (tmp_path / "ledger" / "sources" / "harbourcourier-2024.txt").is_file()


def test_html_without_the_import_extra(ledger, cli, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if not installed
    result = cli(["source", "add", "page.html"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("reading HTML needs trafilatura, which is not installed "
                             "(install it with: pip install 'mali-facts[import]')\n")
    assert list((ledger / "sources").iterdir()) == []
