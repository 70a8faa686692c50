"""Time loading a large claims file: validated in full, and served from the
validated-ledger cache (a signed entry).

    python benchmarks/bench_ledger_cache.py [--claims 3000] [--sources 300] [--runs 5]
    python benchmarks/bench_ledger_cache.py --claims-file /tmp/perf/corpus/check-1.yaml

Writes a claims file of that many claims (one quote each) and sources in a
temporary folder (or uses --claims-file), then prints the machine and the median
(min-max) wall time and CPU time (user+sys), in this process, of: a full
validation (`load_ledger`); a validation that writes the cache entry
(`load_ledger_cached` with an empty cache); and a cache hit. Compare CPU times on
a shared machine: wall time includes waiting for the other processes.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def write_ledger(folder: Path, claims: int, sources: int) -> Path:
    (folder / "docs").mkdir()
    lines = ["version: 1", "sources:"]
    for n in range(sources):
        (folder / "docs" / f"d{n}.txt").write_text(f"Document {n} says the junta met on day {n}.\n",
                                                    encoding="utf-8")
        lines += [f"  - id: d{n}", f"    file: docs/d{n}.txt", f"    title: Document number {n}"]
    lines.append("claims:")
    for n in range(claims):
        lines += [f"  - id: c{n}", "    statement: >-", f"      The junta met, says document {n % sources}",
                  "      of the ledger.", "    evidence:", f"      - source: d{n % sources}",
                  f'        quote: "the junta met on day {n % sources}"']
    path = folder / "claims.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(fn, runs, before=None):
    """(wall, cpu) seconds of each of ``runs`` calls of ``fn`` (``before`` untimed)."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        t, c = time.perf_counter(), _cpu()
        fn()
        times.append((time.perf_counter() - t, _cpu() - c))
    return times


def fmt(times) -> str:
    wall = [t[0] * 1000 for t in times]
    cpu = [t[1] * 1000 for t in times]
    return (f"median {statistics.median(wall):8.1f} ms  ({min(wall):.1f}-{max(wall):.1f}, "
            f"{len(wall)} runs); CPU {statistics.median(cpu):.1f} ms ({min(cpu):.1f}-{max(cpu):.1f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=3000)
    parser.add_argument("--sources", type=int, default=300)
    parser.add_argument("--claims-file", type=Path, help="time this claims file instead")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import shutil

    import mali_facts.ledger.cache as lc
    from mali_facts.ledger import load_ledger
    from mali_facts.ledger.cache import load_ledger_cached

    lc.MIN_BYTES = 0  # measure the mechanism whatever the size

    with tempfile.TemporaryDirectory() as tmp:
        if args.claims_file:
            path = args.claims_file.resolve()
            what = "given"
        else:
            (Path(tmp) / "ledger").mkdir()
            path = write_ledger(Path(tmp) / "ledger", args.claims, args.sources)
            what = f"{args.claims} claims, {args.sources} sources,"
        cache = Path(tmp) / "cache"
        print(f"machine        : {platform.machine()}, {platform.processor() or '?'}, "
              f"{os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"claims file    : {what} {path.stat().st_size // 1024} KiB")
        print(f"full validation: {fmt(timed(lambda: load_ledger(path), args.runs))}")
        print(f"entry written  : {fmt(timed(lambda: load_ledger_cached(path, root=cache), args.runs, lambda: shutil.rmtree(cache, ignore_errors=True)))}")
        ledger = load_ledger_cached(path, root=cache)
        hit = load_ledger_cached(path, root=cache)
        assert hit == ledger and hit is not ledger, "the entry was not used"
        print(f"cache hit      : {fmt(timed(lambda: load_ledger_cached(path, root=cache), args.runs))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
