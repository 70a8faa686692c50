"""Paths the authoring tests share (importable: the tests folder is on sys.path)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "authoring"
