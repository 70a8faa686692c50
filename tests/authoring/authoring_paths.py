"""Paths the authoring tests share (importable: the tests folder is on sys.path)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "authoring"

RS = "seeds/rolling-stone-2013-mali-training.txt"
INSERTED = ("Editor's note: this article was re-saved from the publisher's archive "
            "in a new format.\n\n")


def resave(folder: Path, name: str = RS) -> None:
    """Re-save a source as the done-when scenario does: a paragraph inserted at the
    top, CRLF line endings, and one curly apostrophe straightened."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count("what’s known as the Leahy") == 1 and "\r" not in text
    text = INSERTED + text.replace("what’s known as the Leahy", "what's known as the Leahy")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
