"""Time sentence and passage segmentation in process over the benchmark corpus.

    python benchmarks/make_corpus.py /tmp/mali-corpus      # once: 1,000 documents, 50 MB
    python benchmarks/bench_segment.py /tmp/mali-corpus [--runs 5]

Prints the median (and min/max) over --runs runs of the total time, over every
document, of ``search.text.unwrap``, of ``text.segment.sentences`` on the
unwrapped text, and of ``search.text.passages`` (which does both).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mali_facts.search.text import passages, unwrap  # noqa: E402
from mali_facts.text.segment import sentences  # noqa: E402


def total(fn, texts) -> float:
    t = time.perf_counter()
    for text in texts:
        fn(text)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted((args.corpus / "docs").glob("*.txt"))]
    unwrapped = [unwrap(t) for t in texts]
    print(f"{len(texts)} documents, {sum(map(len, texts)) / 1e6:.1f} M characters, "
          f"{sum(len(sentences(u)) for u in unwrapped)} sentences, "
          f"{sum(len(passages(t)) for t in texts)} passages")
    for name, fn, data in [("unwrap", unwrap, texts), ("sentences", sentences, unwrapped),
                           ("passages", passages, texts)]:
        times = [total(fn, data) for _ in range(args.runs)]
        print(f"{name:10} median {statistics.median(times) * 1000:6.0f} ms  "
              f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, n={len(times)})")


if __name__ == "__main__":
    main()
