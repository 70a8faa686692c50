"""check's CI formats (plain, github, sarif, junit), --format auto, --output, color."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from .conftest import ROOT, line_of, misquote, sarif_schema

# A frozen three-claim ledger, so that the expected lines and counts do not move with claims.yaml.
LEDGER = (ROOT / "tests" / "data" / "ci" / "three-claims.yaml").read_text(encoding="utf-8")
BROKEN = misquote(LEDGER)
SEVEN_LINE = line_of(BROKEN, "having been through seven")
STATEMENT_LINE = line_of(BROKEN, "id: sanogo-six-training-missions") + 1
NO_CI = {"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "NO_COLOR": None, "FORCE_COLOR": None}


@pytest.fixture
def broken(write_claims):
    return write_claims(BROKEN)


@pytest.fixture
def clean(write_claims):
    return write_claims(LEDGER)


def run(cli, *args, **env):
    return cli(["check", "--claims", "claims.yaml", *args], env={**NO_CI, **env})


# -- plain -----------------------------------------------------------------------

def test_plain_is_one_compiler_style_line_per_finding(broken, cli):
    result = run(cli, "--format", "plain")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"claims.yaml:{SEVEN_LINE}:9: error: misquoted from 'mali-coup-2020' (98% similar): "
        "number: seven → six [misquoted]",
        f"claims.yaml:{STATEMENT_LINE}:5: warning: unsupported detail 'six': "
        "the statement says it, none of its quotes does [unsupported-detail]",
    ]
    assert result.stderr == ("claims.yaml: 3 claims, 5 quotes: 4 verified, 1 misquoted; "
                             "1 warning. FAILED\n")


def test_plain_is_silent_when_clean(clean, cli):
    result = run(cli, "--format", "plain")
    assert (result.stdout, result.exit_code) == ("", 0)
    assert result.stderr.endswith("5 verified; 0 warnings. OK\n")


def test_auto_is_plain_off_a_terminal(broken, cli):
    assert run(cli).stdout == run(cli, "--format", "plain").stdout


# -- github ----------------------------------------------------------------------

def test_auto_is_github_in_actions(broken, cli, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = run(cli, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert errors == [
        f"::error file=claims.yaml,line={SEVEN_LINE},endLine={SEVEN_LINE},col=9,endColumn=170,"
        "title=mali-facts misquoted%3A sanogo-six-training-missions::misquoted from "
        "'mali-coup-2020' (98%25 similar): number: seven → six"]
    assert [line for line in lines if line.startswith("::warning ")] == [
        f"::warning file=claims.yaml,line={STATEMENT_LINE},endLine={STATEMENT_LINE},col=5,endColumn=18,"
        "title=mali-facts "
        "unsupported-detail%3A sanogo-six-training-missions::unsupported detail 'six': the "
        "statement says it, none of its quotes does"]
    groups = [line for line in lines if line.startswith("::group::")]
    assert groups == ["::group::leahy-amendment-trigger: verified",
                      "::group::sanogo-six-training-missions: FAILED",
                      "::group::goita-flintlock-2019: verified"]
    assert lines.count("::endgroup::") == 3
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("earlier step\n### mali-facts check: `claims.yaml` ❌ FAILED\n")
    rows = [row for row in table.splitlines() if row.startswith("| ") and "---" not in row]
    assert len(rows) == 1 + 5 + 1  # header, every quote, the claim warning
    assert f"| sanogo-six-training-missions | misquoted | mali-coup-2020 | {SEVEN_LINE} |" in table


def test_github_escapes_workflow_command_data():
    from mali_facts.render.github import escape_data, escape_property

    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a: b, c") == "a%3A b%2C c"


# -- sarif -----------------------------------------------------------------------

def sarif_validator(schema):
    """The validator for the schema's own draft (draft-04 for SARIF 2.1.0)."""
    from jsonschema.validators import validator_for

    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def sarif_of(cli, *args):
    result = run(cli, "--format", "sarif", *args)
    return result, json.loads(result.stdout)


def test_sarif_validates_and_points_at_the_quote(broken, cli):
    schema = sarif_schema()
    result, log = sarif_of(cli)
    assert result.exit_code == 1
    errors = sorted(e.message for e in sarif_validator(schema).iter_errors(log))
    assert errors == []
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["verified", "drifted", "ambiguous", "misquoted", "not_found",
                                        "source_error", "unsupported-detail"]
    assert all(r["help"]["text"] for r in rules)
    first = run_["results"][0]
    assert (first["ruleId"], first["level"]) == ("misquoted", "error")
    assert rules[first["ruleIndex"]]["id"] == "misquoted"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "claims.yaml"
    assert location["region"] == {"startLine": SEVEN_LINE, "startColumn": 9,
                                  "endLine": SEVEN_LINE, "endColumn": 170}
    related = first["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "seeds/mali-coup-2020-us-trained-officers.txt"
    assert related["region"]["startLine"] == 8
    assert first["properties"]["differences"] == [{"kind": "number", "quoted": "seven", "source": "six"}]


def test_sarif_fingerprints_survive_moved_lines(broken, cli, write_claims):
    _, before = sarif_of(cli)
    write_claims("# a new first line\n" + BROKEN)
    _, after = sarif_of(cli)
    b, a = before["runs"][0]["results"], after["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in b] == [r["partialFingerprints"] for r in a]
    assert a[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == SEVEN_LINE + 1


def test_sarif_of_a_clean_ledger_has_no_results(clean, cli):
    result, log = sarif_of(cli)
    assert result.exit_code == 0
    assert log["runs"][0]["results"] == []
    assert sarif_validator(sarif_schema()).is_valid(log)


# -- junit -----------------------------------------------------------------------

def test_junit_parses_with_junitparser(broken, cli, tmp_path):
    junitparser = pytest.importorskip("junitparser")
    result = run(cli, "--format", "junit")
    assert result.exit_code == 1
    path = tmp_path / "report.xml"
    path.write_text(result.stdout, encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert [s.name for s in suites] == ["leahy-amendment-trigger", "sanogo-six-training-missions",
                                        "goita-flintlock-2019"]
    assert [s.tests for s in suites] == [1, 2, 2]
    assert [s.failures for s in suites] == [0, 1, 0]
    cases = list(suites[1])
    failure = cases[0].result[0]
    assert isinstance(failure, junitparser.Failure)
    assert failure.type == "misquoted"
    assert "number: seven → six" in failure.text
    assert cases[1].is_passed


# -- --output --------------------------------------------------------------------

def test_output_writes_the_file_and_the_summary_to_stderr(broken, cli, ledger_dir):
    result = run(cli, "--output", "report.sarif")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith("1 misquoted; 1 warning. FAILED\n")
    log = json.loads((ledger_dir / "report.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert [p.name for p in ledger_dir.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("name, first", [("out.xml", "<?xml"), ("out.json", "{"),
                                         ("out.txt", "claims.yaml:")])
def test_output_suffix_picks_the_format(broken, cli, ledger_dir, name, first):
    run(cli, "--output", name)
    assert (ledger_dir / name).read_text(encoding="utf-8").startswith(first)


def test_output_to_a_missing_folder_is_a_usage_error(broken, cli):
    result = run(cli, "--format", "plain", "--output", "nope/out.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("cannot write nope/out.txt: ")
    assert len(result.stderr.splitlines()) == 1


def test_output_replaces_an_existing_file(broken, cli, ledger_dir):
    (ledger_dir / "out.txt").write_text("old\n" * 1000, encoding="utf-8")
    run(cli, "--format", "plain", "--output", "out.txt")
    assert (ledger_dir / "out.txt").read_text(encoding="utf-8") == run(cli, "--format", "plain").stdout


# -- color and version -----------------------------------------------------------

ANSI = re.compile("\x1b\\[")


@pytest.mark.parametrize("env, colored", [
    ({"FORCE_COLOR": "1"}, True),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ({}, False),
])
def test_table_color_follows_no_color_and_force_color(clean, cli, env, colored):
    result = run(cli, "--format", "table", **env)
    assert bool(ANSI.search(result.stdout)) is colored


@pytest.mark.parametrize("fmt", ["plain", "github", "sarif", "junit", "json"])
def test_machine_formats_are_never_colored(broken, cli, fmt):
    result = run(cli, "--format", fmt, FORCE_COLOR="1")
    assert not ANSI.search(result.stdout + result.stderr)


def test_use_color(monkeypatch):
    from mali_facts.cli.app import use_color

    class Tty:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert use_color(Tty()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(Tty()) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_color(sys.stderr if not sys.stderr.isatty() else Tty()) is True


def test_version(cli):
    from mali_facts import __version__

    result = cli(["--version"])
    assert (result.stdout, result.exit_code) == (f"mali-facts {__version__}\n", 0)


@pytest.mark.parametrize("fmt", ["plain", "github", "sarif", "junit"])
def test_machine_formats_do_not_import_rich(broken, fmt):
    code = ("import sys\nfrom mali_facts.cli import main\n"
            "try:\n    main(['check', '--claims', 'claims.yaml', '--format', sys.argv[1]])\n"
            "except SystemExit:\n    pass\n"
            "sys.stderr.write('RICH' if any(m == 'rich' or m.startswith('rich.') for m in sys.modules) else 'LEAN')\n")
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    done = subprocess.run([sys.executable, "-c", code, fmt], capture_output=True, text=True, env=env)
    assert done.stderr.endswith("LEAN"), done.stderr
