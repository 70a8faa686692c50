"""Renderers: one function per output format, from results to text.

Each format lives in its own module and is imported only when asked for, so
that machine formats never pay for (or import) rich.
"""

from __future__ import annotations

import importlib
from typing import Callable, Dict, Tuple

# format name -> (module, function). Each function takes a report and keyword
# options (color, width) and returns the text to write.
CHECK_FORMATS: Dict[str, Tuple[str, str]] = {
    "table": ("mali_facts.render.table", "render_check"),
    "json": ("mali_facts.render.json_", "render_check"),
    "plain": ("mali_facts.render.plain", "render_check"),
    "github": ("mali_facts.render.github", "render_check"),
    "sarif": ("mali_facts.render.sarif", "render_check"),
    "junit": ("mali_facts.render.junit", "render_check"),
}


def renderer(formats: Dict[str, Tuple[str, str]], name: str) -> Callable[..., str]:
    """The render function registered for ``name`` in ``formats``."""
    module, function = formats[name]
    return getattr(importlib.import_module(module), function)
