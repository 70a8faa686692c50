"""The one format protocol: every output format of every command, and its facts.

A :class:`Format` names the function that renders it (``"module:function"``,
imported only when the format is used, so machine formats never import rich)
and declares what the CLI needs to know about it:

- ``machine``: machine-readable, never coloured;
- ``suffix``: the file suffix of its output ("" when it has none of its own);
- ``needs_text``: rendering needs the sources' text (the quotes verified and located);
- ``bibliography_needs_text``: the same for a bibliography (``cite --all``);
- ``escapes``: the format escapes control characters itself (JSON does);
- ``reviewed_only``: every claim cited must carry a review.

Each command has one enum of its formats, built from its registry below, with
``.to_format()`` (``CheckFormat.sarif.to_format()``). Adding a format is one new
module plus one line here.
"""

from __future__ import annotations

import importlib
from enum import Enum
from types import MappingProxyType
from typing import Any, Dict, Mapping, NamedTuple, Optional, Type


class Format(NamedTuple):
    """One output format (see the module). A NamedTuple rather than a frozen dataclass:
    making the dataclass cost half a millisecond of every run's start-up."""

    name: str
    target: str                          # "module:function"
    machine: bool = False
    suffix: str = ""
    needs_text: bool = False
    bibliography_needs_text: bool = False
    escapes: bool = False
    reviewed_only: bool = False
    options: Mapping[str, Any] = MappingProxyType({})  # fixed keyword arguments (read-only)

    def render(self, result: Any, *, color: bool = False, width: Optional[int] = None,
               **options: Any) -> str:
        """``result`` as text in this format (never coloured when ``machine``)."""
        module, function = self.target.split(":")
        func = getattr(importlib.import_module(module), function)
        return func(result, color=color and not self.machine, width=width,
                    **{**self.options, **options})


def _registry(*formats: Format) -> Dict[str, Format]:
    return {f.name: f for f in formats}


CHECK = _registry(
    Format("table", "mali_facts.render.table:render_check", suffix=".txt"),
    Format("json", "mali_facts.render.json_:render_check", machine=True, suffix=".json"),
    Format("plain", "mali_facts.render.plain:render_check", machine=True, suffix=".txt"),
    Format("github", "mali_facts.render.github:render_check", machine=True),
    Format("sarif", "mali_facts.render.sarif:render_check", machine=True, suffix=".sarif"),
    Format("junit", "mali_facts.render.junit:render_check", machine=True, suffix=".xml"),
)
COVERAGE = _registry(
    Format("table", "mali_facts.render.coverage:render_table", suffix=".txt"),
    Format("json", "mali_facts.render.coverage:render_json", machine=True, suffix=".json"),
)
TIMELINE = _registry(
    Format("table", "mali_facts.render.timeline:render_table", suffix=".txt"),
    Format("json", "mali_facts.render.timeline:render_json", machine=True, suffix=".json"),
)
LIST = _registry(
    Format("table", "mali_facts.render.listing:render_table", suffix=".txt"),
    Format("json", "mali_facts.render.listing:render_json", machine=True, suffix=".json"),
)
SEARCH = _registry(
    Format("table", "mali_facts.render.search:render_table", suffix=".txt"),
    Format("json", "mali_facts.render.search:render_json", machine=True, suffix=".json"),
)
SHOW = _registry(
    Format("table", "mali_facts.render.show:render_table", suffix=".txt"),
    Format("json", "mali_facts.render.show:render_json", machine=True, suffix=".json"),
)
ANCHOR = _registry(
    Format("yaml", "mali_facts.render.anchor:render_yaml", machine=True, suffix=".yaml"),
    Format("json", "mali_facts.render.anchor:render_json", machine=True, suffix=".json"),
)


def _reference(name: str, suffix: str = ".txt") -> Format:
    """A house style: quotes pinned in their sources, or a bibliography from the items alone."""
    return Format(name, "mali_facts.cite.text:render", suffix=suffix, needs_text=True,
                  options={"style": name})


# The formats of the `cite` result (citation styles), in --help order.
CITE = _registry(
    _reference("text"),
    _reference("markdown", ".md"),
    _reference("apa"),
    _reference("mla"),
    _reference("chicago"),
    Format("bibtex", "mali_facts.cite.bibtex:render", machine=True, suffix=".bib"),
    Format("ris", "mali_facts.cite.ris:render", machine=True, suffix=".ris"),
    Format("csl-json", "mali_facts.cite.csljson:render", machine=True, suffix=".json",
           escapes=True),
    Format("annotation", "mali_facts.cite.annotation:render", machine=True, suffix=".jsonld",
           needs_text=True, bibliography_needs_text=True, escapes=True),
    Format("claimreview", "mali_facts.cite.claimreview:render", machine=True, suffix=".jsonld",
           escapes=True, reviewed_only=True),
)


class FormatChoice(str, Enum):
    """Base of the per-command format enums: ``.to_format()`` is the registered Format."""

    @classmethod
    def registry(cls) -> Dict[str, Format]:
        return REGISTRIES[cls.__name__]

    def to_format(self) -> Format:
        return self.registry()[self.value]


def _choice(name: str, formats: Mapping[str, Format], *extra: str) -> Type[FormatChoice]:
    names = list(extra) + list(formats)
    return FormatChoice(name, [(n.replace("-", "_"), n) for n in names])  # type: ignore[return-value]


REGISTRIES: Dict[str, Dict[str, Format]] = {
    "CheckFormat": CHECK, "CoverageFormat": COVERAGE, "TimelineFormat": TIMELINE,
    "ListFormat": LIST, "SearchFormat": SEARCH, "ShowFormat": SHOW, "AnchorFormat": ANCHOR,
    "CiteStyle": CITE,
}

# The enums (CheckFormat, ...) are made when first imported (PEP 562): a run uses one
# or two of the eight, and making an enum costs about half a millisecond.
_EXTRA = {"CheckFormat": ("auto",)}  # auto: picked by the CLI (see cli/check.py)


def __getattr__(name: str) -> Type[FormatChoice]:
    if name not in REGISTRIES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    made = globals()[name] = _choice(name, REGISTRIES[name], *_EXTRA.get(name, ()))
    return made


def cite_style(name: str) -> Format:
    """The citation style ``name``; UsageError (with the closest name) for an unknown one."""
    if name not in CITE:
        from mali_facts.errors import UsageError, did_you_mean

        raise UsageError(f"unknown style {name!r}",
                         hint=did_you_mean(name, CITE) or "use one of " + ", ".join(CITE))
    return CITE[name]


def suffix_formats(formats: Mapping[str, Format]) -> Dict[str, str]:
    """suffix -> the first machine format that writes it."""
    out: Dict[str, str] = {}
    for f in formats.values():
        if f.machine and f.suffix:
            out.setdefault(f.suffix, f.name)
    return out
