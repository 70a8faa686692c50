"""Time `mali-facts report` on the embedded ledger, as a whole process and in process.

    python benchmarks/bench_report.py [--runs 5]

Prints the machine, then the median (and min/max) wall time of --runs runs of:
- `mali-facts report --output TMP` as a process (start-up, load, verify, coverage,
  render, atomic write), next to `mali-facts check --format json` for scale, each
  also as CPU time (user + system), which other work on a busy machine inflates less;
- in process: building the model (verify, coverage, timeline, citations) and
  rendering the HTML, each from an already-loaded ledger;
and the size of the page written and the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_search import cli, machine  # noqa: E402


def stats(times) -> str:
    ms = [t * 1000 for t in times]
    return f"median {statistics.median(ms):6.0f} ms (min {min(ms):.0f}, max {max(ms):.0f})"


def run(cmd, runs):
    """Wall times of ``runs`` runs, and the CPU times (user + system) of the processes."""
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
        times.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1):
            raise SystemExit(f"error: {' '.join(cmd)} exited {done.returncode}: {done.stderr}")
    return times, cpu


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args(argv)
    claims = str(REPO / "claims.yaml")
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        times, cpu = run(cli() + ["report", "--claims", claims, "--output", tmp], args.runs)
        size = (Path(tmp) / "index.html").stat().st_size
        print(f"report, process     : {stats(times)}  page {size / 1024:.0f} KiB")
        print(f"report, process CPU : {stats(cpu)}")
    times, cpu = run(cli() + ["check", "--claims", claims, "-f", "json"], args.runs)
    print(f"check, process      : {stats(times)}")
    print(f"check, process CPU  : {stats(cpu)}")
    print(f"load average        : {os.getloadavg()[0]:.1f}")

    from mali_facts.ledger import load_ledger
    from mali_facts.render.report import render_report
    from mali_facts.report import build_report

    ledger = load_ledger(claims)
    build_report(ledger)  # warm the imports
    build, render = [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        model = build_report(ledger)
        build.append(time.perf_counter() - t)
        t = time.perf_counter()
        render_report(model)
        render.append(time.perf_counter() - t)
    print(f"model, in process   : {stats(build)}")
    print(f"render, in process  : {stats(render)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
