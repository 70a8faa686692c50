"""`check` run as a command exempts the ledger and the results from the garbage
collector (they live until the process ends); run in-process it does not, since
there it would keep the caller's garbage alive."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_console_script_freezes_what_it_keeps():
    code = ("import gc, sys\nfrom mali_facts.cli import main\n"
            "try:\n    main(['check', '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('\\nFROZEN %d' % gc.get_freeze_count())\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "MALI_FACTS_CACHE": "/nonexistent"})
    frozen = int(run.stderr.rsplit("\nFROZEN ", 1)[1])
    assert frozen > 10_000


def test_in_process_nothing_is_frozen(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    before = gc.get_freeze_count()
    result = cli(["check", "--format", "json"], env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    assert gc.get_freeze_count() == before == 0
