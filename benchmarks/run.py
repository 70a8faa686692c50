"""The benchmark suite: start-up, scale, worst case, search and accuracy, in one run.

    python benchmarks/run.py [CORPUS] [--runs 5] [--json FILE]

CORPUS (default: $TMPDIR/mali-facts-corpus) is made with benchmarks/make_corpus.py
first when it lacks one of its files (about a minute). Every figure is the median,
min and max wall time of --runs runs of `mali-facts` as a whole process (as a user
or CI runs it), with the peak RSS of the largest run. The machine, and before each
section its load (`uptime`) and the time a fixed Python loop takes, are printed
too: on a shared or throttled machine, timings are only as good as those.

Sections (one table each, as Markdown):

1. start-up, side by side in one round-robin: a minimal two-command typer app (a
   command, and its --help), `--version`, `--help`, `check --format json` and
   `check --format table` on the embedded ledger, and `search Flintlock` (warm
   index); each as a ratio to the app's command (`--help` to the app's --help);
2. scale: `check --format json` on 1/20, 1/8, 1/4, 1/2 and all of the corpus and its
   claims, cold (empty cache folder) and warm (nothing changed since the last run),
   with ms per MB of source text, next to `rg -F -c -f` with the same quotes (when
   ripgrep is installed) and how many quotes each finds;
3. worst case: every quote a near miss (near-miss.yaml), cold;
4. search: the index build (cold) and a warm query on the corpus's claims.yaml;
5. accuracy: the statuses of the full run against expected.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

REPO = Path(__file__).resolve().parents[1]
SCALES = (20, 8, 4, 2, 1)

# The floor any typer CLI pays: a typer app with two commands and nothing else.
MINIMAL_TYPER = """
import typer
app = typer.Typer()
@app.command()
def check(format: str = "table"):
    print(format)
@app.command()
def show(claim_id: str):
    print(claim_id)
app()
"""


def cli() -> List[str]:
    """The `mali-facts` script of this Python's environment, as a user runs it."""
    exe = Path(sys.executable).parent / "mali-facts"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "mali_facts"]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, "
            f"Python {platform.python_version()}")


def compile_bytecode() -> str:
    """Compile the installed package's modules, as `pip install .` does at install time.

    An editable install, or a shell with PYTHONDONTWRITEBYTECODE set, leaves modules
    without bytecode, and every run then compiles them from source first (about 0.1 s
    of start-up here) where a user's installed copy would not.
    """
    where = subprocess.run(
        [sys.executable, "-c", "import mali_facts, os, typer; "
         "print(os.path.dirname(mali_facts.__file__)); print(typer.__version__)"],
        capture_output=True, text=True, check=True).stdout.split("\n")
    subprocess.run([sys.executable, "-m", "compileall", "-q", where[0]], check=True)
    return f"bytecode compiled in {where[0]}; typer {where[1]}"


def load() -> str:
    """The load averages (1, 5, 15 minutes), as `uptime` gives them."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def speed() -> str:
    """How fast this machine runs Python right now: a fixed loop (a million additions),
    timed 5 times, as median (min–max) ms. On a shared or throttled machine it moves
    from minute to minute; figures taken when it is slow are slow by as much."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i
        times.append((time.perf_counter() - start) * 1000)
    return f"{statistics.median(times):.0f} ({min(times):.0f}–{max(times):.0f}) ms"


# Each command runs under this small shim, which times it and reads its peak RSS
# with wait4. Run straight from this process, a child's peak RSS would start at
# this process's own (Linux carries it across fork and exec), which grows with the
# JSON it reads back.
SHIM = """
import os, sys, time
t = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
os.write(2, f"{time.perf_counter() - t} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} "
            f"{os.waitstatus_to_exitcode(status)}".encode())
"""


class Run:
    """One process: wall time, CPU time (user + sys, its children included), peak RSS (MB),
    exit code, stdout."""

    def __init__(self, cmd: List[str], env=None, cwd=None) -> None:
        with tempfile.TemporaryFile() as out:
            done = subprocess.run([sys.executable, "-S", "-E", "-c", SHIM] + cmd, stdout=out,
                                  stderr=subprocess.PIPE, env=env, cwd=cwd)
            seconds, cpu, rss, code = done.stderr.decode().split()
            self.seconds, self.cpu = float(seconds), float(cpu)
            self.rss, self.code = int(rss) / 1024, int(code)
            out.seek(0)
            self.stdout = out.read().decode("utf-8", "replace")


def stats(runs: List[Run]) -> Dict[str, float]:
    ms = [r.seconds * 1000 for r in runs]
    return {"median_ms": round(statistics.median(ms), 1), "min_ms": round(min(ms), 1),
            "max_ms": round(max(ms), 1), "runs": len(ms),
            "cpu_ms": round(statistics.median(r.cpu * 1000 for r in runs), 1),
            "peak_rss_mb": round(max(r.rss for r in runs), 1)}


def cell(s: Dict[str, float]) -> str:
    return f"{s['median_ms']:.0f} ({s['min_ms']:.0f}–{s['max_ms']:.0f})"


class Suite:
    def __init__(self, corpus: Path, runs: int, startup_runs: int) -> None:
        self.corpus = corpus
        self.runs = runs
        self.startup_runs = startup_runs
        self.cache = Path(tempfile.mkdtemp(prefix="mali-facts-bench-"))
        # The cache folder a user gets (no MALI_FACTS_CACHE): on Linux, $XDG_CACHE_HOME's,
        # pointed at a folder of the suite's own, so that start-up pays what a user's does.
        # Not a CI run either, whatever the suite runs in: a CI run never reads the caches,
        # so its "warm" runs would be cold ones.
        env = {k: v for k, v in os.environ.items() if k not in ("MALI_FACTS_CACHE", "CI")}
        where = ({"XDG_CACHE_HOME": str(self.cache)} if sys.platform.startswith("linux")
                 else {"MALI_FACTS_CACHE": str(self.cache)})
        self.env = {**env, **where, "NO_COLOR": "1", "COLUMNS": "120"}
        self.figures: Dict[str, object] = {"machine": machine(),
                                           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}

    def cold_and_warm(self, cmd: List[str]):
        """``runs`` runs of ``cmd`` each with an empty cache, then ``runs`` with it kept."""
        cold = []
        for _ in range(self.runs):
            self.fresh_cache()
            cold.append(Run(cmd, self.env))
        return cold, [Run(cmd, self.env) for _ in range(self.runs)]

    def fresh_cache(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)

    def section(self, title: str) -> Dict[str, object]:
        now, pace = load(), speed()
        print(f"\n## {title}\n\nload before: {now}; a fixed Python loop: {pace}\n")
        sys.stdout.flush()
        return {"load_before": now, "loop_before": pace}

    # 1
    def startup(self) -> None:
        fig = self.section("1. Start-up (embedded ledger; ms, median (min–max))")
        app = self.cache.parent / f"{self.cache.name}-typer-app.py"
        app.write_text(MINIMAL_TYPER, encoding="utf-8")
        subprocess.run(cli() + ["search", "Flintlock", "--format", "json"], env=self.env,
                       cwd=REPO, capture_output=True)  # build the index of the embedded ledger
        commands = {
            "minimal typer app (two commands)": [sys.executable, str(app), "check"],
            "minimal typer app --help": [sys.executable, str(app), "--help"],
            "mali-facts --version": cli() + ["--version"],
            "mali-facts --help": cli() + ["--help"],
            "check --format json": cli() + ["check", "--format", "json"],
            "check --format table": cli() + ["check", "--format", "table"],
            "search Flintlock (warm)": cli() + ["search", "Flintlock"],
        }
        runs: Dict[str, List[Run]] = {k: [] for k in commands}
        for _ in range(self.startup_runs):  # round-robin: every command sees the same load
            for label, cmd in commands.items():
                runs[label].append(Run(cmd, self.env, REPO))
        app.unlink()
        # Each command against the minimal app doing the same kind of work: --help against
        # its --help (both render help with rich), everything else against its command.
        baselines = {"mali-facts --help": "minimal typer app --help",
                     "minimal typer app --help": "minimal typer app --help"}
        print("| command | ms | ratio | CPU ms | CPU ratio | ratio to | peak RSS MB | exit |")
        print("|---|---|---|---|---|---|---|---|")
        for label, rs in runs.items():
            base = runs[baselines.get(label, "minimal typer app (two commands)")]
            floor = statistics.median(r.seconds for r in base)
            cpu_floor = statistics.median(r.cpu for r in base)
            s = stats(rs)
            s["ratio"] = round(s["median_ms"] / 1000 / floor, 2)
            s["cpu_ratio"] = round(s["cpu_ms"] / 1000 / cpu_floor, 2) if cpu_floor else None
            s["baseline"] = baselines.get(label, "minimal typer app (two commands)")
            s["exit"] = rs[-1].code
            fig[label] = s
            print(f"| {label} | {cell(s)} | {s['ratio']:.2f}× | {s['cpu_ms']:.0f} | "
                  f"{s['cpu_ratio'] or 0:.2f}× | {s['baseline']} | {s['peak_rss_mb']:.0f} | {s['exit']} |")
        self.figures["startup"] = fig

    # 2
    def scale(self) -> None:
        fig = self.section("2. Scale: check --format json (ms, median (min–max))")
        rg = shutil.which("rg")
        print("| corpus | sources MB | claims | cold | warm | cold CPU | warm CPU | cold ms/MB | warm ms/MB "
              "| peak RSS MB | quotes passing | rg -F -c -f | rg quotes found |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for k in SCALES:
            claims = self.corpus / f"check-{k}.yaml"
            quotes, files = self.quotes(claims)
            mb = sum(f.stat().st_size for f in files) / 1e6
            cmd = cli() + ["check", "--claims", str(claims), "--format", "json"]
            cold, warm = self.cold_and_warm(cmd)
            c, w = stats(cold), stats(warm)
            out = json.loads(cold[-1].stdout)
            passing = sum(out["summary"][s] for s in ("verified", "drifted", "ambiguous"))
            row = {"sources_mb": round(mb, 1), "claims": len(quotes), "cold": c, "warm": w,
                   "cold_ms_per_mb": round(c["median_ms"] / mb, 1),
                   "warm_ms_per_mb": round(w["median_ms"] / mb, 1), "passing": passing}
            if k == 1:
                self.full_output = out
            rgcell, rgfound = "not installed", "–"
            if rg:
                qfile = self.cache.parent / f"{self.cache.name}-quotes.txt"
                qfile.write_text("\n".join(quotes) + "\n", encoding="utf-8")
                rgruns = [Run([rg, "-F", "-c", "-f", str(qfile)] + [str(f) for f in files])
                          for _ in range(self.runs)]
                found = Run([rg, "-F", "-o", "-N", "--no-filename", "-f", str(qfile)]
                            + [str(f) for f in files])
                qfile.unlink()
                row["rg"] = stats(rgruns)
                row["rg_found"] = len(set(found.stdout.splitlines()) & set(quotes))
                rgcell = f"{cell(row['rg'])}, {row['rg']['peak_rss_mb']:.0f} MB"
                rgfound = str(row["rg_found"])
            fig[f"1/{k}" if k > 1 else "1"] = row
            print(f"| {'1/' + str(k) if k > 1 else 'all'} | {mb:.1f} | {len(quotes)} | {cell(c)} | "
                  f"{cell(w)} | {c['cpu_ms']:.0f} | {w['cpu_ms']:.0f} | "
                  f"{row['cold_ms_per_mb']:.0f} | {row['warm_ms_per_mb']:.0f} | "
                  f"{max(c['peak_rss_mb'], w['peak_rss_mb']):.0f} | {passing} | {rgcell} | {rgfound} |")
            sys.stdout.flush()
        self.figures["scale"] = fig

    def quotes(self, claims: Path):
        """The quotes of a generated claims file (one per claim) and its source files."""
        quotes, files = [], []
        for line in claims.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("quote: "):
                value = line[len("quote: "):]
                quotes.append(value[1:-1].replace("''", "'") if value.startswith("'")
                              else json.loads(value))
            elif line.startswith("file: "):
                files.append(claims.parent / line[len("file: "):])
        return quotes, files

    # 3
    def worst(self) -> None:
        fig = self.section("3. Worst case: every quote a near miss (cold; ms, median (min–max))")
        claims = self.corpus / "near-miss.yaml"
        quotes, _ = self.quotes(claims)
        cmd = cli() + ["check", "--claims", str(claims), "--format", "json"]
        runs = []
        for _ in range(self.runs):
            self.fresh_cache()
            runs.append(Run(cmd, self.env))
        s = stats(runs)
        out = json.loads(runs[-1].stdout)["summary"]
        s.update(quotes=len(quotes), misquoted=out["misquoted"], not_found=out["not_found"],
                 ms_per_quote=round(s["median_ms"] / max(1, len(quotes)), 2))
        fig.update(s)
        print("| quotes | wall | CPU | ms per quote | peak RSS MB | misquoted | not_found |")
        print("|---|---|---|---|---|---|---|")
        print(f"| {len(quotes)} | {cell(s)} | {s['cpu_ms']:.0f} | {s['ms_per_quote']:.2f} | "
              f"{s['peak_rss_mb']:.0f} | "
              f"{out['misquoted']} | {out['not_found']} |")
        self.figures["worst_case"] = fig

    # 4
    def search(self) -> None:
        fig = self.section("4. Search on the corpus (ms, median (min–max))")
        claims = self.corpus / "claims.yaml"
        cmd = cli() + ["search", "six training missions", "--claims", str(claims), "--format", "json"]
        cold, warm = self.cold_and_warm(cmd)
        c, w = stats(cold), stats(warm)
        fig.update(cold=c, warm=w)
        print("| what | wall | peak RSS MB |")
        print("|---|---|---|")
        print(f"| index build (cold) | {cell(c)} | {c['peak_rss_mb']:.0f} |")
        print(f"| warm query | {cell(w)} | {w['peak_rss_mb']:.0f} |")
        self.figures["search"] = fig

    # 5
    def accuracy(self) -> None:
        fig = self.section("5. Accuracy (all of the corpus, against expected.json)")
        expected = json.loads((self.corpus / "expected.json").read_text(encoding="utf-8"))
        out = getattr(self, "full_output", None)
        if out is None:
            out = json.loads(Run(cli() + ["check", "--claims", str(self.corpus / "check-1.yaml"),
                                          "--format", "json"], self.env).stdout)
        got = {c["id"]: c["evidence"][0]["status"] for c in out["claims"]}
        confusion: Dict[str, int] = {}
        for cid, want in expected.items():
            key = f"{want} -> {got.get(cid)}"
            confusion[key] = confusion.get(key, 0) + 1
        right = sum(n for k, n in confusion.items() if k.split(" -> ")[0] == k.split(" -> ")[1])
        fig.update(claims=len(expected), right=right,
                   percent=round(100.0 * right / max(1, len(expected)), 2), confusion=confusion)
        print("| expected -> got | claims |")
        print("|---|---|")
        for key, n in sorted(confusion.items()):
            print(f"| {key} | {n} |")
        print(f"\nright: {right} of {len(expected)} ({fig['percent']:.2f}%)")
        self.figures["accuracy"] = fig


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path, nargs="?",
                   default=Path(tempfile.gettempdir()) / "mali-facts-corpus")
    p.add_argument("--runs", type=int, default=5, help="runs of each measurement (default 5)")
    p.add_argument("--startup-runs", type=int, default=15,
                   help="round-robin runs of the start-up commands (default 15)")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    p.add_argument("--only", choices=["startup", "scale", "worst", "search", "accuracy"],
                   action="append", help="run only these sections")
    args = p.parse_args(argv)
    corpus = args.corpus.resolve()
    needed = [f"check-{k}.yaml" for k in SCALES] + ["near-miss.yaml", "expected.json", "claims.yaml"]
    if not all((corpus / name).is_file() for name in needed):
        print(f"making the corpus in {corpus} (benchmarks/make_corpus.py)...", file=sys.stderr)
        made = subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), str(corpus)])
        if made.returncode != 0:
            return made.returncode
    suite = Suite(corpus, args.runs, args.startup_runs)
    print(f"# mali-facts benchmarks, {suite.figures['date']}\n")
    print(f"machine: {suite.figures['machine']}")
    suite.figures["install"] = compile_bytecode()
    print(f"install: {suite.figures['install']}")
    size = sum(f.stat().st_size for f in (corpus / "docs").glob("*.txt"))
    print(f"corpus: {corpus} ({size / 1e6:.1f} MB in {len(list((corpus / 'docs').glob('*.txt')))} files)")
    print(f"runs: {args.runs} per figure ({args.startup_runs} for start-up)")
    try:
        for name in ("startup", "scale", "worst", "search", "accuracy"):
            if not args.only or name in args.only:
                getattr(suite, name)()
    finally:
        suite.fresh_cache()
    if args.json:
        args.json.write_text(json.dumps(suite.figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
