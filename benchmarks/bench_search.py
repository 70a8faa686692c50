"""Time `mali-facts search` as a whole process on the 50 MB corpus, next to ripgrep.

    python benchmarks/make_corpus.py /tmp/mali-corpus      # once: 1,000 documents, 50 MB
    python benchmarks/bench_search.py /tmp/mali-corpus [--runs 5] [--query "six training missions"]

Prints the machine, then the median (and min/max) wall time of --runs runs of:
- cold: `mali-facts search` with an empty cache (builds the whole index), and the
  size of the index it leaves;
- warm: the same with the index in place, as JSON and as a table, then a few other
  kinds of query as JSON: a very common word (in about one passage in six), a typo
  that is expanded, and three plain words;
- a bare typer app with the same options: the start-up any typer CLI pays;
- `rg -F -i` for the same phrase on the same files (ripgrep does not undo line
  wraps, so it misses the copies of the phrase that a wrap breaks: the match
  counts are printed too);
- on the embedded ledger: `mali-facts check` and a warm `mali-facts search`,
  and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import machine  # noqa: E402  (the one description of the machine)

REPO = Path(__file__).resolve().parents[1]


def cli() -> list:
    """The `mali-facts` script of this Python's environment, as a user runs it."""
    exe = Path(sys.executable).parent / "mali-facts"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "mali_facts"]


def timed(cmd, runs, env=None, before=None, cwd=None):
    times, out = [], None
    for _ in range(runs):
        if before:
            before()
        t = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
        times.append(time.perf_counter() - t)
    return times, out


# A typer app with search's options and nothing else: the start-up that any typer
# CLI pays (typer builds pydantic adapters for its options), for comparison.
BARE_TYPER = """
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional
import typer
app = typer.Typer()
class F(str, Enum):
    table = "table"
    json = "json"
@app.command()
def search(query: str, claims: Annotated[Optional[Path], typer.Option("--claims")] = None,
           source: Annotated[Optional[str], typer.Option("--source")] = None,
           tag: Annotated[Optional[str], typer.Option("--tag")] = None,
           kind: Annotated[F, typer.Option("--kind")] = F.table,
           limit: Annotated[int, typer.Option("--limit", min=1)] = 10,
           format: Annotated[F, typer.Option("--format")] = F.table):
    print(query)
@app.command()
def show(claim_id: str):
    print(claim_id)
app()
"""


def fmt(times) -> str:
    return (f"median {statistics.median(times) * 1000:7.0f} ms  "
            f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, n={len(times)})")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--query", default="six training missions")
    args = p.parse_args(argv)
    claims = args.corpus / "claims.yaml"
    if not claims.is_file():
        print(f"{claims}: missing; run benchmarks/make_corpus.py {args.corpus} first", file=sys.stderr)
        return 2
    size = sum(f.stat().st_size for f in (args.corpus / "docs").glob("*.txt"))
    print(f"machine: {machine()}")
    print(f"corpus: {args.corpus} ({size / 1e6:.1f} MB in {len(list((args.corpus / 'docs').glob('*.txt')))} files)")
    cache = Path(tempfile.mkdtemp(prefix="mali-facts-bench-"))
    env = {**os.environ, "MALI_FACTS_CACHE": str(cache), "NO_COLOR": "1"}
    search = cli() + ["search", f'"{args.query}"', "--claims", str(claims), "--format", "json", "--limit", "1000"]

    cold, out = timed(search, args.runs, env, before=lambda: shutil.rmtree(cache, ignore_errors=True))
    hits = len(json.loads(out.stdout)["results"]) if out.returncode == 0 else f"error: {out.stderr.strip()}"
    size = sum(f.stat().st_size for f in cache.rglob("*.sqlite3")) / 1e6
    print(f"search, cold (index build) : {fmt(cold)}   results: {hits}, index {size:.0f} MB")
    warm, out = timed(search, args.runs, env)
    print(f"search, warm               : {fmt(warm)}")
    table = search[:-4] + ["--format", "table", "--limit", "10"]
    warm, out = timed(table, args.runs, {**env, "COLUMNS": "120"})
    print(f"search, warm, table        : {fmt(warm)}")
    for label, query in (("common word", "training"), ("typo", "Flintlok"),
                         ("three words", "Sanogo promoted general")):
        other = cli() + ["search", query, "--claims", str(claims), "--format", "json"]
        warm, out = timed(other, args.runs, env)
        print(f"search, warm, {label:<13}: {fmt(warm)}   ({query})")
    bare = cache.parent / f"{cache.name}-bare-typer.py"
    bare.write_text(BARE_TYPER, encoding="utf-8")
    floor, _ = timed([sys.executable, str(bare), "search", "x", "--claims", str(claims), "--format", "json"],
                     args.runs)
    bare.unlink()
    print(f"bare typer app, same options: {fmt(floor)}")
    rg = shutil.which("rg")
    if rg:
        rgt, out = timed([rg, "-F", "-i", "-c", args.query, str(args.corpus / "docs")], args.runs)
        found = sum(int(line.rsplit(":", 1)[1]) for line in out.stdout.splitlines() if ":" in line)
        print(f"rg -F -i                   : {fmt(rgt)}   matching lines: {found}")
    else:
        print("rg -F -i                   : ripgrep not installed (apt-get install ripgrep)")

    check, _ = timed(cli() + ["check", "--format", "json"], args.runs, env, cwd=REPO)
    timed(cli() + ["search", "Flintlock", "--format", "json"], 1, env, cwd=REPO)  # build its index
    small, _ = timed(cli() + ["search", "Flintlock", "--format", "json"], args.runs, env, cwd=REPO)
    print(f"embedded ledger, check     : {fmt(check)}")
    print(f"embedded ledger, search    : {fmt(small)}   ratio to check: "
          f"{statistics.median(small) / statistics.median(check):.2f}")
    shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
