"""Time loading a large claims file: validated in full, and served from the
validated-ledger cache (which re-checks the entry against the file by a cheap scan).

    python benchmarks/bench_ledger_cache.py [--claims 3000] [--sources 300] [--runs 5]

Writes a claims file of that many claims (one quote each) and sources in a
temporary folder, then prints the machine and the median (min-max) wall time,
in this process, of: a full validation (`load_ledger`); a cache hit
(`load_ledger_cached`, entry written beforehand); and the re-check alone.
"""

from __future__ import annotations

import argparse
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


def timed(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def fmt(times) -> str:
    ms = [t * 1000 for t in times]
    return f"median {statistics.median(ms):8.1f} ms  ({min(ms):.1f}-{max(ms):.1f}, {len(ms)} runs)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=3000)
    parser.add_argument("--sources", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import mali_facts.ledger.cache as lc
    from mali_facts.ledger import load_ledger
    from mali_facts.ledger.cache import _agrees, load_ledger_cached

    lc.MIN_BYTES = 0  # measure the mechanism whatever the size

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "ledger").mkdir()
        path = write_ledger(Path(tmp) / "ledger", args.claims, args.sources)
        cache = Path(tmp) / "cache"
        print(f"machine        : {platform.machine()}, {platform.processor() or '?'}, "
              f"Python {platform.python_version()}")
        print(f"claims file    : {args.claims} claims, {args.sources} sources, "
              f"{path.stat().st_size // 1024} KiB")
        print(f"full validation: {fmt(timed(lambda: load_ledger(path), args.runs))}")
        ledger = load_ledger_cached(path, root=cache)
        hit = load_ledger_cached(path, root=cache)
        assert hit == ledger and hit is not ledger, "the entry was not used"
        print(f"cache hit      : {fmt(timed(lambda: load_ledger_cached(path, root=cache), args.runs))}")
        text = path.read_text(encoding="utf-8")
        print(f"re-check alone : {fmt(timed(lambda: _agrees(ledger, text), args.runs))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
