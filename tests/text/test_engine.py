"""Unit tests: folds, explain table, lines, segmentation, differences, long/large inputs."""

from __future__ import annotations

import random

import pytest

from mali_facts.text.differences import classify
from mali_facts.text.lines import LineIndex
from mali_facts.text.locate import locate
from mali_facts.text.normalize import ALL, fold, fold_and_explain
from mali_facts.text.segment import paragraph_number, paragraphs, sentences

from .conftest import ROOT, RS

COUP = (ROOT / "seeds/mali-coup-2020-us-trained-officers.txt").read_text(encoding="utf-8")


def test_fold_names_and_order():
    assert ALL == ("unicode_compat", "accents", "invisible", "quotes", "dashes",
                   "whitespace", "case")


@pytest.mark.parametrize("quote,source,expected", [
    ("Mali's", "Mali\u2019s", ("quotes",)),
    ("the\ncoup", "the coup", ("whitespace",)),
    ("Goita", "Go\u00efta", ("accents",)),
    ("\ufb01ve", "five", ("unicode_compat",)),
    ("counterterrorism", "counter\u00adterrorism", ("invisible",)),
    ("a - b", "a\u2014b", ("dashes",)),
    ('"Comite"', "\u00ab Comit\u00e9 \u00bb", ("accents", "quotes")),
    ("MALI'S\nCOUP", "Mali\u2019s coup", ("quotes", "whitespace", "case")),
    ("same", "same", ()),
    ("six", "seven", None),
])
def test_fold_and_explain_table(quote, source, expected):
    assert fold_and_explain(quote, source) == expected


def test_fold_maps_expansions_and_deletions():
    text = "Stra\u00dfe\u200b \u2026 end"
    f = fold(text)
    assert f.text == "strasse ... end"
    assert f.to_original(4, 6) == (4, 5)          # "ss" <- "ß"
    assert f.to_original(8, 11) == (8, 9)         # "..." <- "…"
    assert f.to_original(0, 7) == (0, 6)          # the trailing zero-width char is not included
    assert f.to_original(15, 15) == (len(text), len(text))


def test_line_index():
    idx = LineIndex(COUP)
    off = COUP.index("— Harun Maruf")
    line, col = idx.line_col(off)
    assert (line, col) == (COUP[:off].count("\n") + 1, 1)
    assert idx.line_start(line) == off
    assert idx.line_col(off + 2) == (line, 3)
    with pytest.raises(ValueError):
        idx.line_col(len(COUP) + 1)


def _sents(text):
    return [text[a:b] for a, b in sentences(text)]


def test_sentences_on_seeds():
    rs = _sents(RS)
    assert ("The military takeover in Mali triggered what\u2019s known as the Leahy amendment, "
            "which, among other things, prohibits the U.S. from providing military training to "
            "governments that have come to power in a coup.") in rs
    assert "\u201cSince then, three of the four militaries have staged coups,\u201d says Michael McGovern, a political anthropologist who specializes in West Africa." in rs
    coup = _sents(COUP)
    assert "\u2014 Harun Maruf (@HarunMaruf) August 20, 2020" in coup
    assert "The Washington Post first reported that Goita, the head of the new junta, was trained by U.S. and European forces, including U.S. Special Operations forces." in coup
    assert any(s.startswith("Lt. Col. Anton Semelroth, a Pentagon spokesperson,") and s.endswith("recent mutiny.\u201d") for s in coup)
    assert "It looks bad, but also isn\u2019t shocking." in coup


@pytest.mark.parametrize("text,expected", [
    ("Meet J. Smith at 9 a.m. today. He paid 3.5 million.", ["Meet J. Smith at 9 a.m. today.", "He paid 3.5 million."]),
    ("Capt. Sanogo met Maj. Gen. Dr. Mr. St. Kim. Then left", ["Capt. Sanogo met Maj. Gen. Dr. Mr. St. Kim.", "Then left"]),
    ("He said \u201cno.\u201d Next one!  And\nnew line", ["He said \u201cno.\u201d", "Next one!", "And", "new line"]),
])
def test_sentences_rules(text, expected):
    assert _sents(text) == expected


def test_paragraphs():
    text = "One.\n\n  Two  \nThree"
    assert paragraphs(text) == [(0, 4), (8, 11), (14, 19)]
    assert paragraph_number(text, 9) == 2
    assert paragraph_number(text, 15) == 3


@pytest.mark.parametrize("quoted,source,expected", [
    ("six training missions", "seven training missions", [("number", "six", "seven")]),
    ("six training missions", "seven missions", [("number", "six training", "seven")]),
    ("in 2012", "in 2013", [("number", "2012", "2013")]),
    ("it is possible", "it is not possible", [("negation", "", "not")]),
    ("it never happened", "it happened", [("negation", "never", "")]),
    ("Captain Amadou Sanogo", "Captain Amadou Traore", [("name", "Sanogo", "Traore")]),
    ("Captain Amadou Sanago", "Captain Amadou Sanogo", [("spelling", "Sanago", "Sanogo")]),
    ("Mali, Niger; Chad", "Mali, Niger, Chad", [("punctuation", ";", ",")]),
    ("a small presence", "a tiny presence", [("word", "small", "tiny")]),
    ("Mali\u2019s \u201ccoup\u201d", "Mali's \"coup\"", []),
])
def test_classify(quoted, source, expected):
    assert [(d.kind, d.quoted, d.source) for d in classify(quoted, source)] == expected


def _words(rng, n):
    vocab = ("army officers training coup mission junta forces elections region "
             "security assistance program reports military state support").split()
    return " ".join(rng.choice(vocab) + str(rng.randint(0, 99)) for _ in range(n))


def test_long_quote_with_one_changed_number_aligns():
    rng = random.Random(7)
    before, body, after = _words(rng, 300), _words(rng, 2000), _words(rng, 300)
    text = before + ". " + body + ". " + after
    tokens = body.split()
    k = 1234
    changed = tokens[:]
    changed[k] = tokens[k].rstrip("0123456789") + "100"
    m = locate(text, " ".join(changed))
    assert (m.status, m.match) == ("misquoted", "fuzzy")
    assert text[m.start:m.end] == body
    assert [(d.kind, d.quoted, d.source) for d in m.differences] == [
        ("number", changed[k], tokens[k])]


def test_locate_on_a_large_text():
    rng = random.Random(11)
    filler = _words(rng, 20000)
    text = (filler + "\n") * 40  # ~5 MB
    needle = "Captain Amadou Sanogo having been through six training missions with the US"
    pos = len(text) // 2
    text = text[:pos] + " " + needle + ". " + text[pos:]
    assert len(text) > 5_000_000
    m = locate(text, needle.upper().replace(" ", "\n", 2))
    assert (m.status, m.match) == ("verified", "normalized")
    assert text[m.start:m.end] == needle
    m = locate(text, needle.replace("six", "seven"))
    assert (m.status, m.match) == ("misquoted", "fuzzy")
    assert text[m.start:m.end] == needle
    assert [d.kind for d in m.differences] == ["number"]
    m = locate(text, "The junta promised to hold free elections within eighteen months.")
    assert m.status == "not_found"


def test_empty_quote_raises():
    with pytest.raises(ValueError):
        locate(COUP, "  \n ")


def test_public_export_and_to_dict():
    import mali_facts
    m = mali_facts.locate(COUP, "Captain Amadou Sanogo having been through seven training missions")
    d = m.to_dict()
    assert d["status"] == "misquoted" and d["match"] == "fuzzy"
    assert d["differences"] == [{"kind": "number", "quoted": "seven", "source": "six"}]
    assert COUP[d["start"]:d["end"]] == "Captain Amadou Sanogo having been through six training missions"


def test_sentences_in_a_long_paragraph_keep_abbreviations():
    from mali_facts.text.segment import sentences

    para = " ".join(["Lt. Col. Anton Semelroth spoke to the U.S. press."] * 2000)
    spans = sentences(para)
    assert len(spans) == 2000
    assert para[slice(*spans[-1])] == "Lt. Col. Anton Semelroth spoke to the U.S. press."
