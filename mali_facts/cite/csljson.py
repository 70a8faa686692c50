"""CSL-JSON: the cited sources as an array of CSL items (schema: csl-data.json)."""

from __future__ import annotations

from typing import Any

from mali_facts.render.json_ import dumps


def render(report, *, bibliography: bool = False, **_: Any) -> str:
    return dumps(report.items)
