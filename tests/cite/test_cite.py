"""cite: reference styles against citeproc-js, exports against their specs, the command."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from hypothesis import given, strategies as st

from conftest import DATA, ROOT, SHARED
from mali_facts.cite import _format as fmt
from mali_facts.cite import apa, bibliography, chicago, mla, ris
from mali_facts.cite.annotation import unique_context as describe_quote

CITE = DATA / "cite"
REFERENCE = json.loads((CITE / "reference.json").read_text(encoding="utf-8"))
FILES = ("ledger.csl.json", "fixture.csl.json")
ITEMS = {f: json.loads((CITE / f).read_text(encoding="utf-8")) for f in FILES}
ALL_ITEMS = [i for f in FILES for i in ITEMS[f]]
STYLES = {"apa": apa, "mla": mla, "chicago": chicago}
CASES = yaml.safe_load((CITE / "cli_cases.yaml").read_text(encoding="utf-8"))


def test_fixture_set_is_varied():
    fixture = ITEMS["fixture.csl.json"]
    assert len(fixture) >= 10
    assert any(len(i.get("author", [])) >= 3 for i in fixture)
    assert any("literal" in n for i in fixture for n in i.get("author", []))
    assert any("author" not in i for i in fixture)
    lengths = {len(i["issued"]["date-parts"][0]) if "issued" in i else 0 for i in fixture}
    assert lengths == {0, 1, 2, 3}
    assert any(i.get("title", "").endswith("?") for i in fixture)
    assert any("URL" not in i for i in fixture)
    # and each of those varied items gets its own entry, naming its title, in every style
    for style in STYLES.values():
        entries = [fmt.to_plain(style.entry(i)) for i in fixture]
        assert len(set(entries)) == len(fixture)
        for item, entry in zip(fixture, entries):
            if item.get("title"):
                assert item["title"][:12].replace("'", "’").lower() in entry.lower()


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("item", ALL_ITEMS, ids=[i["id"] for i in ALL_ITEMS])
def test_entry_matches_citeproc_js(style, item):
    assert fmt.to_plain(STYLES[style].entry(item)) == REFERENCE["entries"][style][item["id"]]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("item", ALL_ITEMS, ids=[i["id"] for i in ALL_ITEMS])
def test_italics_match_citeproc_js(style, item):
    html = STYLES[style].entry(item).replace(fmt.IT_ON, "<i>").replace(fmt.IT_OFF, "</i>")
    assert html.replace("&", "&#38;") == REFERENCE["html"][style][item["id"]]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", FILES)
def test_bibliography_order_matches_citeproc_js(style, name):
    got = [fmt.to_plain(e) for e in bibliography(ITEMS[name], style)]
    assert got == REFERENCE["bibliographies"][style][name]


def test_no_known_citeproc_py_defects():
    """Neither the reference nor our entries have citeproc-py's known defects:
    "?." after a question-mark title, or a title printed twice."""
    for style in STYLES:
        for item in ALL_ITEMS:
            ours = fmt.to_plain(STYLES[style].entry(item))
            for text in (REFERENCE["entries"][style][item["id"]], ours):
                assert "?." not in text
                title = item.get("title")
                if title:
                    assert text.lower().count(title[:20].replace("'", "’").lower()) == 1


@pytest.mark.parametrize("name,claims", [("ledger.csl.json", ROOT / "claims.yaml"),
                                         ("fixture.csl.json", CITE / "fixture" / "claims.yaml")])
def test_reference_inputs_are_our_current_export(cli, name, claims, monkeypatch):
    """reference.json was rendered from exactly what we export now (else regenerate it)."""
    monkeypatch.chdir(ROOT)
    result = cli(["cite", "--all", "--style", "csl-json", "--claims", claims])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == ITEMS[name]


def test_csl_json_validates_against_schema():
    schema_path = SHARED / "schemas" / "csl-data.json"
    if not schema_path.is_file():
        pytest.skip(f"CSL-JSON schema not found at {schema_path} (the shared/ folder beside the repo)")
    import jsonschema

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(ALL_ITEMS, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "not-a-type"}], schema)


def test_bibtex_parses_with_bibtexparser(cli, monkeypatch):
    bibtexparser = pytest.importorskip("bibtexparser")
    monkeypatch.chdir(ROOT)
    for claims, items in ((ROOT / "claims.yaml", ITEMS["ledger.csl.json"]),
                          (CITE / "fixture" / "claims.yaml", ITEMS["fixture.csl.json"])):
        text = cli(["cite", "--all", "--style", "bibtex", "--claims", claims]).stdout
        library = bibtexparser.parse_string(text)
        assert not library.failed_blocks
        entries = {e.key: e for e in library.entries}
        assert sorted(entries) == sorted(i["id"] for i in items)
        for item in items:
            fields = entries[item["id"]].fields_dict
            if "URL" in item:
                assert fields["url"].value == item["URL"]
            if "title" in item:
                assert fields["title"].value == "{" + item["title"] + "}"
            if "issued" in item:
                assert fields["year"].value == str(item["issued"]["date-parts"][0][0])


def test_bibtex_authors_and_organisations():
    from mali_facts.cite.bibtex import entry

    item = next(i for i in ITEMS["fixture.csl.json"] if i["id"] == "fx-organisation")
    assert "author       = {{Center for Civilians in Conflict}}" in entry(item)
    item = next(i for i in ITEMS["fixture.csl.json"] if i["id"] == "fx-two-authors")
    assert "author  = {Reporter, Jane Q. and Diallo, Omar}" in entry(item)


def test_ris_round_trips():
    from mali_facts.cite.csl import plain

    records = ris.parse("\n".join(ris.record(i) for i in ALL_ITEMS))
    assert len(records) == len(ALL_ITEMS)
    for record, item in zip(records, ALL_ITEMS):
        expected = {k: (plain(v) if isinstance(v, str) else v) for k, v in item.items()}
        assert ris.to_csl(record) == expected


def test_ris_reader_rejects_broken_records():
    with pytest.raises(ValueError):
        ris.parse("TY  - ELEC\nTI  - x\n")
    with pytest.raises(ValueError):
        ris.parse("TI  - x\nER  -\n")


# -- annotation ---------------------------------------------------------------------

DESCRIBE = [
    ("unique", "one two three", "two", ("", "")),
    ("second of two, suffix-free", "a cat, a cat, the cat", "the cat", ("", "")),
    ("needs prefix", "x ab y ab", "ab", ("y ", "")),
    ("needs suffix", "ab x ab y", "ab", ("", " x")),
]


@pytest.mark.parametrize("label,text,exact,expected", DESCRIBE, ids=[d[0] for d in DESCRIBE])
def test_describe_quote(label, text, exact, expected):
    start = text.find(exact) if label != "needs prefix" else text.rfind(exact)
    assert describe_quote(text, start, start + len(exact)) == expected


@given(st.text(alphabet="ab ", min_size=1, max_size=30), st.data())
def test_describe_quote_is_unique_when_possible(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    prefix, suffix = describe_quote(text, start, end)
    assert text[start - len(prefix):start] == prefix and text[end:end + len(suffix)] == suffix
    needle = prefix + text[start:end] + suffix
    hits = [i for i in range(len(text)) if text.startswith(needle, i)]
    assert start - len(prefix) in hits
    if len(hits) > 1:  # only when no context can tell them apart (text edges)
        assert start - len(prefix) == 0 or end + len(suffix) == len(text)


def test_annotation_matches_w3c_model(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli(["cite", "--all", "--style", "annotation"])
    assert result.exit_code == 0
    annotations = json.loads(result.stdout)
    seeds = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}
    from mali_facts.ledger import load_ledger

    assert len(annotations) == sum(len(c.evidence) for c in load_ledger(ROOT / "claims.yaml").claims)
    for a in annotations:
        assert a["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
        assert a["type"] == "Annotation" and a["id"].startswith("urn:")
        assert a["body"]["type"] == "TextualBody"
        target = a["target"]
        assert target["source"].startswith("https://")
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        assert target["state"]["type"] == "TimeState"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", target["state"]["sourceDate"])
        assert re.fullmatch(r"[0-9a-f]{64}", target["state"]["sha256"])
        text = next(t for t in seeds.values() if t[position["start"]:position["end"]] == quote["exact"])
        context = quote.get("prefix", "") + quote["exact"] + quote.get("suffix", "")
        assert text.count(context) == 1


# -- claimreview on the real ledger with a review added -----------------------------------

def test_claimreview_with_misattribution_review(cli, monkeypatch):
    from mali_facts.ledger import load_ledger

    monkeypatch.chdir(ROOT)
    claim = load_ledger(ROOT / "claims.yaml").claim("leahy-amendment-trigger")
    if claim.review is None:
        pytest.skip("claims.yaml has no review on leahy-amendment-trigger yet")
    result = cli(["cite", "leahy-amendment-trigger", "--style", "claimreview"])
    assert result.exit_code == 0, result.stderr
    [doc] = json.loads(result.stdout)
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "ClaimReview"
    assert doc["claimReviewed"] == claim.statement
    assert doc["reviewRating"] == {"@type": "Rating", "alternateName": "Misattributed",
                                   "ratingExplanation": claim.review.explanation}
    assert doc["itemReviewed"]["@type"] == "Claim"
    [appearance] = doc["itemReviewed"]["appearance"]
    assert appearance["url"].startswith("https://www.rollingstone.com/")
    assert appearance["publisher"] == {"@type": "Organization", "name": "Rolling Stone"}
    assert doc["author"]["@type"] == "Organization"
    assert doc["citation"] == claim.review.references
    if claim.review.date is not None:
        assert doc["datePublished"] == str(claim.review.date)


def test_claimreview_fixture_without_date_or_author(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli(["cite", "fixture-misattributed", "--style", "claimreview",
                  "--claims", CITE / "fixture" / "claims.yaml"])
    [doc] = json.loads(result.stdout)
    assert doc["author"] == {"@type": "Organization", "name": "mali-facts"}
    assert doc["reviewRating"]["alternateName"] == "Misattributed"


# -- the command ----------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_cli_cases(case, cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli(case["args"], env={"NO_COLOR": "1"})
    assert (result.exit_code, result.stdout, result.stderr) == (case["exit"], case["stdout"], case["stderr"])


def test_locator_points_at_the_quote(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = cli(["cite", "sanogo-six-training-missions", "--style", "apa"]).stdout
    text = (ROOT / "seeds" / "mali-coup-2020-us-trained-officers.txt").read_text(encoding="utf-8")
    m = re.search(r"mali-coup-2020, para\. (\d+), line (\d+), characters (\d+)–(\d+)", out)
    para, line, start, end = map(int, m.groups())
    assert text[start:end].startswith("Mali’s last coup") and text[start:end].endswith("before the coup.")
    assert text[:start].count("\n") + 1 == line
    nonblank = [l for l in text[:start].split("\n")[:-1] if l.strip()]
    assert para == len(nonblank) + 1


UNVERIFIABLE = """\
version: 1
sources:
  - id: rs
    file: seeds/rolling-stone-2013-mali-training.txt
    type: article-magazine
    title: "Will the U.S. Go Back to Training Mali's Military?"
    publisher: Rolling Stone
    published: 2013-08
claims:
  - id: sanogo-founder
    statement: Sanogo founded the Pan-Sahel Initiative.
    evidence:
      - source: rs
        quote: "Amadou Sanogo, the founder of the Pan-Sahel Initiative"
"""


def test_unverifiable_quote_exits_1(write_claims, cli):
    write_claims(UNVERIFIABLE)
    result = cli(["cite", "sanogo-founder", "--style", "mla"])
    assert result.exit_code == 1
    assert result.stdout == (
        "“Will the U.S. Go Back to Training Mali’s Military?” Rolling Stone, Aug. 2013.\n"
        "“Amadou Sanogo, the founder of the Pan-Sahel Initiative”\n"
        "rs: quote not verified (not_found): quote not found in 'rs' (best similarity 68%)\n")


@pytest.mark.parametrize("marked,plain_,md", [
    (fmt.italic("Rolling Stone") + ".", "Rolling Stone.", "*Rolling Stone*."),
    ("a*b", "a*b", r"a\*b"),
])
def test_markup(marked, plain_, md):
    assert fmt.to_plain(marked) == plain_ and fmt.to_markdown(marked) == md


@pytest.mark.parametrize("given_,expected", [("Jane Q.", "J. Q."), ("Jean-Paul", "J.-P."),
                                             ("Min-jun", "M."), ("Omar", "O.")])
def test_initials(given_, expected):
    assert fmt.initials(given_) == expected
