"""Refresh the console examples in README.md and docs/*.md, and the CLI reference.

Run from the repository root: `python docs/update_docs.py`. It runs every
`$ mali-facts ...` block the way tests/cli/test_doc_examples.py checks them (no
color, 100 columns, outside GitHub Actions, from the repository root) and
rewrites the output below the command. A block whose last line is `…` shows
only the first lines of the output: it keeps as many as it showed before. It
then writes docs/reference.md from the commands' --help. Review the diff before
committing.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[1]
ELLIPSIS = "…"
# A block right after an HTML comment `<!-- test: ... -->` belongs to a page with
# its own runner (a tutorial run in a scratch folder): it is left alone here.
BLOCK = re.compile(r"(?<!-->\n)```console\n\$ (mali-facts [^\n]*)\n(.*?)```", re.S)
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "GITHUB_ACTIONS": "", "MALI_FACTS_QUIET_DEFAULT": ""}


def pages() -> List[Path]:
    """The Markdown files whose console examples are kept true."""
    return [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))


def run(command: str) -> str:
    """What ``command`` (a ``mali-facts ...`` line) prints: stdout, then stderr."""
    from typer.testing import CliRunner

    from mali_facts.cli import app

    args = shlex.split(command)[1:]
    result = CliRunner().invoke(app, args, env=ENV)
    return result.stdout + result.stderr


def shown(expected: str, actual: str) -> str:
    """``actual`` as a block that showed ``expected`` would show it."""
    lines = expected.splitlines(keepends=True)
    if lines and lines[-1].rstrip("\n") == ELLIPSIS:
        keep = len(lines) - 1
        return "".join(actual.splitlines(keepends=True)[:keep]) + ELLIPSIS + "\n"
    return actual


def matches(expected: str, actual: str) -> bool:
    return shown(expected, actual) == expected


def reference() -> str:
    """docs/reference.md: every command's usage, arguments and options, from --help."""
    import typer

    from mali_facts.cli import app

    root = typer.main.get_command(app)
    out = ["# CLI reference\n\n",
           "Generated from `--help` by `python docs/update_docs.py`; a test keeps it current.\n"]

    def describe(cmd, path: List[str]) -> None:
        ctx = cmd.context_class(cmd, info_name=" ".join(path))
        level = "#" * min(len(path) + 1, 4)
        out.append(f"\n{level} `{' '.join(path)}`\n\n")
        if cmd.help:
            out.append(cmd.help.strip().replace("\b\n", "") + "\n\n")
        pieces = " ".join(cmd.collect_usage_pieces(ctx))
        out.append(f"```text\n{' '.join(path)} {pieces}\n```\n")
        rows = []
        for param in cmd.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            name, text = record
            if param.param_type_name == "argument":
                name = param.metavar or param.name.upper()
                text = getattr(param, "help", "") or ""
            name = re.sub(r" <[^>|]*>", "", name).strip()
            rows.append(f"- `{name}`: {' '.join(text.split())}\n" if text else f"- `{name}`\n")
        if rows:
            out.append("\n")
            out.extend(rows)
        if cmd.epilog:
            out.append("\n" + " ".join(cmd.epilog.split()) + "\n")
        if hasattr(cmd, "list_commands"):
            for name in cmd.list_commands(ctx):
                describe(cmd.get_command(ctx, name), path + [name])

    describe(root, ["mali-facts"])
    return "".join(out)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    changed = []
    for page in pages():
        text = page.read_text(encoding="utf-8")

        def refresh(m: "re.Match[str]") -> str:
            command, expected = m.group(1), m.group(2)
            return f"```console\n$ {command}\n{shown(expected, run(command))}```"

        new = BLOCK.sub(refresh, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed.append(page.relative_to(ROOT))
    ref = ROOT / "docs" / "reference.md"
    new_ref = reference()
    if not ref.exists() or ref.read_text(encoding="utf-8") != new_ref:
        ref.write_text(new_ref, encoding="utf-8")
        changed.append(ref.relative_to(ROOT))
    print("updated: " + ", ".join(map(str, changed)) if changed else "docs already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
