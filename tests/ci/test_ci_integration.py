"""action.yml, .pre-commit-hooks.yaml and the README's "Use in CI" snippets."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, code_blocks, line_of, load_plain, misquote, doc_page

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
CI = doc_page("ci.md")
BIN = Path(sys.executable).parent


def step(step_id):
    return next(s for s in ACTION["runs"]["steps"] if s.get("id") == step_id)


def test_action_structure():
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"claims", "strict", "sarif"}
    assert all(i["description"] for i in ACTION["inputs"].values())
    assert ACTION["inputs"]["claims"]["default"] == "claims.yaml"
    for s in ACTION["runs"]["steps"]:
        assert s["shell"] == "bash" and s["name"]
        # Inputs reach the scripts through env only (no ${{ }} inside run: no injection).
        assert "${{" not in s["run"]
    assert 'pip install --quiet "$ACTION_PATH"' in step("install")["run"]
    assert step("install")["env"]["ACTION_PATH"] == "${{ github.action_path }}"


@pytest.mark.parametrize("sarif, strict", [("out.sarif", "false"), ("", "true")])
def test_action_check_step_runs_the_real_cli(ledger_dir, tmp_path, sarif, strict):
    (ledger_dir / "claims.yaml").write_text(misquote((ROOT / "claims.yaml").read_text(encoding="utf-8")),
                                            encoding="utf-8")
    s = step("check")
    out = tmp_path / "github_output"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "CLAIMS": "claims.yaml", "STRICT": strict, "SARIF": sarif, "GITHUB_OUTPUT": str(out),
           "GITHUB_ACTIONS": "true"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    done = subprocess.run(["bash", "-e", "-c", s["run"]], cwd=ledger_dir, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    line = line_of((ledger_dir / "claims.yaml").read_text(encoding="utf-8"), "through seven")
    assert f"::error file=claims.yaml,line={line}," in done.stdout
    if sarif:
        log = json.loads((ledger_dir / sarif).read_text(encoding="utf-8"))
        assert log["runs"][0]["results"][0]["ruleId"] == "misquoted"
        assert out.read_text(encoding="utf-8") == f"sarif={sarif}\n"
    else:
        assert not out.exists()
        # --strict turns the claim's warning into an error.
        assert "::error file=claims.yaml" in done.stdout and "unsupported-detail" in done.stdout
        assert "::warning" not in done.stdout


def test_action_stops_on_bad_input(ledger_dir, tmp_path):
    s = step("check")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "CLAIMS": "missing.yaml", "STRICT": "false", "SARIF": "out.sarif",
           "GITHUB_OUTPUT": str(tmp_path / "o")}
    done = subprocess.run(["bash", "-e", "-c", s["run"]], cwd=ledger_dir, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "no such claims file: missing.yaml" in done.stderr


def test_pre_commit_hook_definition():
    assert [h["id"] for h in HOOKS] == ["mali-facts-check"]
    hook = HOOKS[0]
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert hook["entry"].split()[:2] == ["mali-facts", "check"]
    files = re.compile(hook["files"])
    assert all(files.search(p) for p in ["claims.yaml", "x/claims.yml", "seeds/a.txt"])
    assert not any(files.search(p) for p in ["a.py", "README.md", "yaml.cfg"])


def test_pre_commit_validates_its_manifest_and_the_readme_config(tmp_path):
    pytest.importorskip("pre_commit")
    manifest = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest",
                               str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True)
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    (snippet,) = [b for b in code_blocks(doc_page("ci.md"), "yaml") if "repos:" in b]
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(snippet, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(config)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = yaml.safe_load(snippet)["repos"][0]["hooks"]
    assert [h["id"] for h in hooks] == [h["id"] for h in HOOKS]


def test_readme_workflow_uses_the_action_and_uploads_its_sarif():
    (workflow,) = [yaml.safe_load(b) for b in code_blocks(CI, "yaml") if "jobs:" in b]
    steps = workflow["jobs"]["check"]["steps"]
    (ours,) = [s for s in steps if re.match(r"^[\w.-]+/mali-facts@", s.get("uses", ""))]
    assert set(ours["with"]) <= set(ACTION["inputs"])
    (upload,) = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload["with"]["sarif_file"] == ours["with"]["sarif"]
    assert workflow["permissions"]["security-events"] == "write"


def test_readme_modeline_names_the_schema_the_readme_writes(ledger_dir, cli):
    jsonschema = pytest.importorskip("jsonschema")
    (command,) = [b.strip() for b in code_blocks(CI, "sh") if "mali-facts schema" in b]
    m = re.fullmatch(r"mali-facts schema > (\S+)", command)
    assert m, command
    (modeline,) = [b.strip() for b in code_blocks(CI, "yaml") if "yaml-language-server" in b]
    ml = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", modeline)
    assert ml and ml.group(1) == m.group(1)
    (ledger_dir / m.group(1)).write_text(cli(["schema"]).stdout, encoding="utf-8")
    text = modeline + "\n" + (ROOT / "claims.yaml").read_text(encoding="utf-8")
    (ledger_dir / "claims.yaml").write_text(text, encoding="utf-8")
    schema = json.loads((ledger_dir / ml.group(1)).read_text(encoding="utf-8"))
    assert jsonschema.Draft7Validator(schema).is_valid(load_plain(text))
    # The modeline is a comment: the loader still reads the file.
    assert cli(["check", "--claims", "claims.yaml", "--format", "plain"]).exit_code == 0


def test_readme_github_example_is_real(cli, monkeypatch):
    # The console block of --format plain is run by tests/cli/test_doc_examples.py.
    monkeypatch.chdir(ROOT)
    (block,) = [b for b in code_blocks(CI, "text") if b.startswith("::error")]
    result = cli(["check", "--claims", "docs/demo/claims.yaml"],
                 env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": None, "NO_COLOR": None})
    assert result.exit_code == 1
    assert block.splitlines() == [l for l in result.stdout.splitlines() if l.startswith("::error")]
