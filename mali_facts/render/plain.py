"""Plain text, one line per finding, as compilers write them:

    claims.yaml:58:9: error: misquoted from 'mali-coup-2020' (...): replaced: seven → six [misquoted]

Editors and CI log parsers (the ``file:line:col: severity: message`` problem
matchers) pick these up. A clean check prints nothing; the summary goes to
stderr, written by the CLI.
"""

from __future__ import annotations

from typing import Any

from mali_facts.render.findings import claims_uri, findings
from mali_facts.render.safe import escape_controls
from mali_facts.verify import CheckReport


def _one_line(text: str) -> str:
    return escape_controls(" ".join(text.split()), newlines=False)


def render_check(report: CheckReport, **_: Any) -> str:
    path = escape_controls(claims_uri(report), newlines=False)
    lines = [f"{path}:{f.line}:{f.column}: {f.level}: {_one_line(f.message)} [{f.rule}]"
             for f in findings(report)]
    return "".join(line + "\n" for line in lines)
