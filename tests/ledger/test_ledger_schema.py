"""claims.schema.json is the one source of truth of the loader's tables (issue 11).

An edited copy of the shipped schema, in a copy of the package, changes what the
loader accepts and the words of its messages, with no other change anywhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, HEADER, ROOT
from mali_facts.ledger import schema as schema_module

CASES = yaml.safe_load((DATA / "ledger" / "schema-edits.yaml").read_text(encoding="utf-8"))
SHIPPED = ROOT / "mali_facts" / "ledger" / "claims.schema.json"

# Loads every path given, with the validated-ledger cache when asked; prints "ok" or the messages.
LOAD = """
import sys
from mali_facts.errors import MaliFactsError
from mali_facts.ledger import load_ledger, load_ledger_cached
load = load_ledger_cached if sys.argv[1] == "cached" else load_ledger
try:
    load(sys.argv[2])
    print("ok")
except MaliFactsError as exc:
    print(exc.format())
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """A copy of the mali_facts package (to ship an edited schema in)."""
    where = tmp_path_factory.mktemp("package")
    shutil.copytree(ROOT / "mali_facts", where / "mali_facts",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return where


def edit(package: Path, steps) -> None:
    """Write the shipped schema into ``package`` with ``steps`` applied (or as shipped)."""
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    for keys, value in steps:
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    (package / "mali_facts" / "ledger" / "claims.schema.json").write_text(
        json.dumps(data, indent=2) + "\n", encoding="utf-8")


def load(package: Path, path: Path, *, cached: bool = False) -> str:
    env = {**os.environ, "PYTHONPATH": str(package), "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", LOAD, "cached" if cached else "plain", path.name],
                          cwd=path.parent, env=env, capture_output=True, text=True, timeout=120)
    assert done.stderr == ""
    return done.stdout.rstrip("\n")


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_the_loader_follows_an_edited_schema(case, package, write_claims):
    path = write_claims(case["whole"] if "whole" in case else HEADER + case["claims"])
    edit(package, [])
    assert load(package, path) == case["unedited"]
    edit(package, [case["set"]])
    assert load(package, path) == case["expected"]


def test_a_cached_ledger_is_validated_again_when_the_schema_changes(package, write_claims):
    """The schema is part of the validated-ledger cache's key: a ledger cached as valid
    under the old schema is checked under the new one."""
    case = CASES[0]
    filler = "".join(f"  - id: filler-{i}\n    file: seeds/rolling-stone-2013-mali-training.txt\n"
                     f"    title: A filler source, to pass the cache's minimum size\n"
                     for i in range(60))
    path = write_claims(HEADER.replace("sources:\n", "sources:\n" + filler) + case["claims"])
    assert path.stat().st_size > 4096
    edit(package, [])
    assert load(package, path, cached=True) == "ok"
    assert load(package, path, cached=True) == "ok"  # now from the cache
    edit(package, [case["set"]])
    assert load(package, path, cached=True).split(":", 2)[2] == case["expected"].split(":", 2)[2]


def test_the_tables_are_read_once():
    schema_module.tables.cache_clear()
    first = schema_module.tables()
    assert schema_module.tables() is first


@pytest.mark.parametrize("name", list(schema_module.OBJECTS))
def test_the_schema_refuses_unknown_keys_as_the_loader_does(name):
    where = schema_module.OBJECTS[name]
    node = schema_module.schema()
    for key in () if where is None else where.split("."):
        node = node["definitions"][key] if node.get("definitions") else node["properties"][key]
    assert node["additionalProperties"] is False
