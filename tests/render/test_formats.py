"""The one format protocol: each command's enum lists exactly its registered formats,
and every format declares its facts."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from mali_facts.render import formats as F

# command -> (its enum, its registry, choices the CLI adds that are not formats)
COMMANDS = {
    "check": (F.CheckFormat, F.CHECK, ["auto"]),
    "coverage": (F.CoverageFormat, F.COVERAGE, []),
    "timeline": (F.TimelineFormat, F.TIMELINE, []),
    "list": (F.ListFormat, F.LIST, []),
    "search": (F.SearchFormat, F.SEARCH, []),
    "show": (F.ShowFormat, F.SHOW, []),
    "anchor": (F.AnchorFormat, F.ANCHOR, []),
    "cite": (F.CiteStyle, F.CITE, []),
}
ALL = [(command, f) for command, (_, registry, _) in COMMANDS.items() for f in registry.values()]


def test_every_registry_has_its_command():
    registries = {id(r) for r in F.REGISTRIES.values()}
    assert registries == {id(registry) for _, registry, _ in COMMANDS.values()}


@pytest.mark.parametrize("command", COMMANDS)
def test_enum_lists_exactly_the_registered_formats(command):
    enum, registry, extra = COMMANDS[command]
    assert [m.value for m in enum] == extra + list(registry)
    for member in enum:
        if member.value not in extra:
            assert member.to_format() is registry[member.value]


@pytest.mark.parametrize("command, fmt", ALL, ids=[f"{c}-{f.name}" for c, f in ALL])
def test_every_format_declares_its_facts(command, fmt):
    facts = fmt._asdict()
    for fact in ("machine", "needs_text", "bibliography_needs_text", "escapes", "reviewed_only"):
        assert isinstance(facts[fact], bool), fact
    assert fmt.suffix == "" or fmt.suffix.startswith("."), fmt.suffix
    module, function = fmt.target.split(":")
    assert callable(getattr(importlib.import_module(module), function))
    if fmt.escapes:  # only JSON escapes control characters itself
        assert fmt.machine


def test_check_suffixes_pick_the_formats_they_always_did():
    assert F.suffix_formats(F.CHECK) == {".json": "json", ".txt": "plain", ".sarif": "sarif",
                                         ".xml": "junit"}


def test_to_format_renders_without_the_cli():
    fmt = F.CheckFormat.sarif.to_format()
    assert (fmt.name, fmt.machine, fmt.suffix) == ("sarif", True, ".sarif")


@pytest.mark.parametrize("name, needs, bib_needs", [
    ("text", True, False), ("apa", True, False), ("bibtex", False, False),
    ("csl-json", False, False), ("annotation", True, True), ("claimreview", False, False)])
def test_cite_styles_say_when_they_need_the_source_text(name, needs, bib_needs):
    style = F.cite_style(name)
    assert (style.needs_text, style.bibliography_needs_text) == (needs, bib_needs)


def test_unknown_style_is_a_usage_error_naming_the_closest():
    from mali_facts.errors import UsageError

    with pytest.raises(UsageError, match="unknown style 'ap'"):
        F.cite_style("ap")


def test_the_cite_service_imports_no_style():
    code = ("import sys, mali_facts.cite\n"
            "styles = {f.target.split(':')[0] for f in __import__('mali_facts.render.formats', "
            "fromlist=['CITE']).CITE.values()}\n"
            "print(sorted(s for s in styles if s in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_status_is_its_bare_name_in_json_and_text():
    import json

    from mali_facts.verify import PASSING, STATUSES, Status

    assert json.dumps({Status.not_found: [Status.drifted]}) == '{"not_found": ["drifted"]}'
    assert (f"{Status.drifted}", str(Status.misquoted), "%s" % Status.verified) == (
        "drifted", "misquoted", "verified")
    assert STATUSES == ("verified", "drifted", "ambiguous", "misquoted", "not_found", "source_error")
    assert PASSING == ("verified", "drifted", "ambiguous")
    assert [s.passing for s in Status] == [True, True, True, False, False, False]


def test_json_helper_is_indented_utf8_with_a_final_newline():
    from mali_facts.render.json_ import dumps

    assert dumps({"a": ["é"]}) == '{\n  "a": [\n    "é"\n  ]\n}\n'
