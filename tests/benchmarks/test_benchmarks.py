"""The benchmark scripts run end to end on a tiny corpus (figures are not asserted:
performance is measured by running the scripts, never by timed tests)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_search_benchmark_runs_on_a_tiny_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    made = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), str(corpus),
                           "--docs", "30", "--size-mb", "0.3"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert re.fullmatch(r".*: 30 documents, 0\.3 MB, \d+ claims; check-1.yaml: 10000 claims, "
                        r"near-miss.yaml: \d+\n", made.stdout)
    bench = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_search.py"), str(corpus),
                            "--runs", "1"], capture_output=True, text=True)
    assert bench.returncode == 0, bench.stderr
    labels = [line.split(":")[0].strip() for line in bench.stdout.splitlines()]
    assert labels == ["machine", "corpus", "search, cold (index build)", "search, warm",
                      "search, warm, table", "search, warm, common word", "search, warm, typo",
                      "search, warm, three words", "bare typer app, same options", "rg -F -i", "embedded ledger, check",
                      "embedded ledger, search"]
    assert re.search(r"search, cold \(index build\) : median +\d+ ms .* results: \d+, index \d+ MB",
                     bench.stdout)
    assert "error" not in bench.stdout


def test_corpus_folder_inside_the_repository_is_refused():
    made = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"),
                           str(ROOT / "benchmarks" / "corpus")], capture_output=True, text=True)
    assert (made.returncode, made.stdout) == (2, "")
    assert made.stderr.endswith("choose a folder outside the repository\n")


def test_benchmark_suite_runs_on_a_tiny_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    made = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), str(corpus),
                           "--docs", "8", "--size-mb", "0.05", "--claims", "40"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert made.stdout.endswith(": 8 documents, 0.1 MB, 0 claims; check-1.yaml: 40 claims, "
                                "near-miss.yaml: 40\n")
    expected = __import__("json").loads((corpus / "expected.json").read_text())
    assert len(expected) == 40 and set(expected.values()) <= {"verified", "misquoted", "not_found"}
    figures = tmp_path / "figures.json"
    bench = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), str(corpus), "--runs", "1",
                            "--startup-runs", "1", "--json", str(figures)], capture_output=True, text=True)
    assert bench.returncode == 0, bench.stderr
    titles = [line for line in bench.stdout.splitlines() if line.startswith("## ")]
    assert [t.split(" (")[0].split(":")[0] for t in titles] == [
        "## 1. Start-up", "## 2. Scale", "## 3. Worst case", "## 4. Search on the corpus", "## 5. Accuracy"]
    assert "right: 40 of 40 (100.00%)" in bench.stdout
    data = __import__("json").loads(figures.read_text())
    assert set(data) == {"machine", "install", "date", "startup", "scale", "worst_case", "search",
                         "accuracy"}
    package = Path(__import__("mali_facts").__file__).parent  # site-packages, or the clone if editable
    assert data["install"].startswith(f"bytecode compiled in {package}; typer 0.")
    assert data["startup"]["check --format json"]["exit"] == 0
    assert set(data["scale"]) == {"load_before", "loop_before", "1/20", "1/8", "1/4", "1/2", "1"}
    assert re.fullmatch(r"\d+ \(\d+–\d+\) ms", data["scale"]["loop_before"])
    assert sorted((corpus / name).name for name in corpus.glob("check-*.yaml")) == [
        "check-1.yaml", "check-2.yaml", "check-20.yaml", "check-4.yaml", "check-8.yaml"]
    assert data["startup"]["mali-facts --help"]["baseline"] == "minimal typer app --help"
    assert data["startup"]["check --format json"]["baseline"] == "minimal typer app (two commands)"
    for row in ("minimal typer app (two commands)", "check --format json"):
        assert data["startup"][row]["cpu_ms"] > 0 and data["startup"][row]["cpu_ratio"] > 0
    assert data["scale"]["1"]["cold"]["cpu_ms"] > 0 and data["worst_case"]["cpu_ms"] > 0
