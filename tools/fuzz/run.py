"""Run one coverage-guided fuzz target with atheris (libFuzzer) for a while.

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python tools/fuzz/run.py claims --seconds 600   # or locate, query

The corpus grows in ``--work`` (default ``/tmp/mali-fuzz/TARGET``); a crash is
saved there as ``crash-*`` (``timeout-*``, ``oom-*``), and the run starts again
until the time is spent, so that one finding does not end the campaign. The
last line reports the executions and the findings. Replay a finding with
``--replay FILE``. Not part of the test suite: each crash becomes a regression
test in tests/hostile/.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def child(name: str, args) -> None:
    """Inside the fuzzing process: instrument mali_facts (and PyYAML), then fuzz."""
    import atheris

    with atheris.instrument_imports(include=["mali_facts", "yaml"]):
        import mali_facts.ledger  # noqa: F401
        import mali_facts.search.query  # noqa: F401
        import mali_facts.text.locate  # noqa: F401
        import mali_facts.ledger.yamlpos  # noqa: F401
    import targets

    setup, one = targets.TARGETS[name]
    setup()
    atheris.Setup([sys.argv[0], *args], one)
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=["claims", "locate", "query"])
    parser.add_argument("--seconds", type=int, default=600, help="total fuzzing time (600)")
    parser.add_argument("--work", type=Path, help="corpus and findings folder")
    parser.add_argument("--timeout", type=int, default=10, help="seconds one input may take (10)")
    parser.add_argument("--rss-mb", type=int, default=2048, help="memory one run may use (2048)")
    parser.add_argument("--replay", type=Path, help="run one saved input and show what happens")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.child:
        child(args.target, rest)
        return 0
    import targets

    if args.replay:
        setup, one = targets.TARGETS[args.target]
        setup()
        one(args.replay.read_bytes())
        print("no failure")
        return 0
    work = args.work or Path("/tmp/mali-fuzz") / args.target
    corpus = work / "corpus"
    targets.write_seeds(args.target, corpus)
    deadline = time.monotonic() + args.seconds
    executions, findings, rounds = 0, [], 0
    while True:
        left = int(deadline - time.monotonic())
        if left < 5:
            break
        rounds += 1
        cmd = [sys.executable, str(Path(__file__).resolve()), args.target, "--child",
               f"-max_total_time={left}", f"-timeout={args.timeout}", f"-rss_limit_mb={args.rss_mb}",
               f"-artifact_prefix={work}/", "-print_final_stats=1", str(corpus)]
        proc = subprocess.run(cmd, stderr=subprocess.PIPE, text=True, errors="replace")
        log = proc.stderr
        (work / f"log-{rounds}.txt").write_text(log)
        runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log) or \
            re.findall(r"#(\d+)\s", log)
        executions += int(runs[-1]) if runs else 0
        found = re.findall(r"Test unit written to (\S+)", log)
        findings += found
        if not found and proc.returncode != 0:
            findings.append(f"exit {proc.returncode} (see {work}/log-{rounds}.txt)")
        if not found and proc.returncode == 0:
            break
    print(f"{args.target}: {executions} executions in {args.seconds} s, {rounds} run(s), "
          f"{len(findings)} finding(s){': ' + ', '.join(findings) if findings else ''}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
