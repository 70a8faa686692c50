"""CSL-JSON: the cited sources as an array of CSL items (schema: csl-data.json)."""

from __future__ import annotations

import json


def render(report, *, style: str = "csl-json", bibliography: bool = False) -> str:
    return json.dumps(report.items, indent=2, ensure_ascii=False) + "\n"
