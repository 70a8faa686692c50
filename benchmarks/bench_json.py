"""How long `check --format json` takes to write its report, in process.

Loads and verifies a claims file once (the ledger cache and the position cache
make it quick the second time), then writes the JSON report N times two ways:

- ``render_check``: what the command runs (columns and templates, render/json_.py);
- ``dumps(check_dict)``: the same document through the generic writer, dicts first
  (what render_check did before the templates).

Both must give the same text; it says so, with the median, min and max of the CPU
(process) time and the wall time of each, and the machine.

    python benchmarks/bench_json.py --claims /tmp/perf/corpus/check-1.yaml [--runs 9]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from pathlib import Path


def measure(function, runs):
    cpu, wall = [], []
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        function()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return cpu, wall


def show(name, times):
    ms = [t * 1000 for t in times]
    return f"{name} median {statistics.median(ms):.0f} ms (min {min(ms):.0f}, max {max(ms):.0f})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)

    from mali_facts.ledger.cache import load_ledger_cached
    from mali_facts.render.json_ import check_dict, dumps, render_check
    from mali_facts.verify import verify_ledger

    os.chdir(args.claims.resolve().parent)  # claims_file is shown relative to here
    report = verify_ledger(load_ledger_cached(args.claims.resolve()))
    gc.freeze()  # as the command does: the results live until the process ends
    text = render_check(report)
    same = text == dumps(check_dict(report))
    print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}; load {os.getloadavg()[0]:.2f}")
    print(f"{len(report.claims)} claims, {len(text):,} characters of JSON; "
          f"both ways the same text: {same}")
    for name, function in (("render_check", lambda: render_check(report)),
                           ("dumps(check_dict)", lambda: dumps(check_dict(report)))):
        cpu, wall = measure(function, args.runs)
        print(f"{name:18s} {show('cpu', cpu)}; {show('wall', wall)}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
