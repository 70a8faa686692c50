"""`coverage`: sentence classification (table-driven), exact figures on a small
ledger, the CLI's formats and exit codes."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, strategies as st

from conftest import DATA
from mali_facts.coverage import classify, coverage
from mali_facts.ledger import load_ledger

SMALL = DATA / "small"
CASES = yaml.safe_load((DATA / "coverage" / "classify.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_classify(case):
    spans = lambda key: [tuple(s) for s in case[key]]  # noqa: E731
    got = classify(case["text"], spans("sentences"), spans("quotes"), spans("furniture"))
    assert [s.state for s in got] == case["expected"]


@given(st.lists(st.sampled_from(["Keita won.", "Cisse lost.", "  ", "\n", "A b c."]), max_size=12))
def test_quoting_everything_covers_every_sentence(parts):
    from mali_facts.text.segment import sentences

    text = " ".join(parts)
    spans = sentences(text)
    everything = classify(text, spans, [(0, len(text))], [])
    nothing = classify(text, spans, [], [])
    assert all(s.state == "covered" for s in everything)
    assert all(s.state == "uncovered" for s in nothing)


def test_small_ledger_exact_figures():
    report = coverage(load_ledger(SMALL / "claims.yaml"))
    (src,) = report.sources
    assert (len(src.sentences), src.substantive, src.count("covered"), src.count("furniture")) == (6, 3, 2, 3)
    assert src.percent == 66.7
    assert [(s.text, s.state, s.share) for s in src.sentences] == [
        ("Site Menu", "furniture", 0.0),
        ("Keita won the run-off in 2013.", "covered", 1.0),
        ("Cisse conceded the next day.", "uncovered", 0.333),
        ("The election will unlock $4 billion in aid, observers said.", "covered", 0.7),
        ("Photo: a polling station.", "furniture", 0.0),
        ("Powered by", "furniture", 0.0),
    ]
    assert report.problems == []


def test_a_higher_share_is_stricter():
    report = coverage(load_ledger(SMALL / "claims.yaml"), min_share=0.75)
    assert report.sources[0].count("covered") == 1


def test_json_output(cli, monkeypatch):
    monkeypatch.chdir(SMALL)
    result = cli(["coverage", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "version": 1,
        "claims_file": "claims.yaml",
        "min_share": 0.5,
        "sources": [{
            "id": "small", "file": "seeds/small.txt", "sentences": 3, "covered": 2,
            "percent": 66.7, "furniture": 3,
            "uncovered": [{"start": 41, "end": 69, "line": 2, "text": "Cisse conceded the next day."}],
            "missing_furniture": [], "error": None,
        }],
    }
    assert result.stderr == ""


def test_table_output(cli, monkeypatch):
    monkeypatch.chdir(SMALL)
    result = cli(["coverage"])
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "│ small  │         3 │       2 │   66.7% │         3 │" in lines
    assert lines[-2:] == ["Uncovered in small (seeds/small.txt):",
                          "  line 2 [41-69]: Cisse conceded the next day."]
    assert "\x1b[" not in result.stdout


def test_fail_under(cli, monkeypatch):
    monkeypatch.chdir(SMALL)
    assert cli(["coverage", "-f", "json", "--fail-under", "66.7"]).exit_code == 0
    assert cli(["coverage", "-f", "json", "--fail-under", "95"]).exit_code == 1
    assert cli(["coverage", "--fail-under", "101"]).exit_code == 2


def test_missing_furniture_is_a_finding(cli, monkeypatch):
    monkeypatch.chdir(SMALL)
    result = cli(["coverage", "--claims", "missing-furniture.yaml", "-f", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["sources"][0]["missing_furniture"] == ["Sign up for our newsletter"]
    assert result.stderr == ("warning: source 'small': furniture 'Sign up for our newsletter' "
                             "is not in seeds/small.txt\n")


def test_bad_claims_file_exits_2(cli, write_claims):
    write_claims("version: 1\nsources: []\nclaims:\n  - id: Bad Id\n")
    result = cli(["coverage", "--claims", "claims.yaml"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("claims.yaml:4: ")


def test_json_formats_do_not_import_rich(root):
    import subprocess
    import sys

    code = ("import sys\nfrom mali_facts.cli import main\n"
            "for args in (['coverage', '-f', 'json'], ['timeline', '-f', 'json']):\n"
            "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
            "sys.stderr.write(str('rich' in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.stderr == "False"
