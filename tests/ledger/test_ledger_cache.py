"""Validated ledgers kept between runs: used only while the claims file's bytes and
the files its sources lead to are the same; otherwise validated again, errors and all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mali_facts.ledger import load_ledger
from mali_facts.ledger.cache import MIN_BYTES, SUFFIX, load_ledger_cached

N = 400  # sources: enough for a claims file over MIN_BYTES


@pytest.fixture
def big(tmp_path, monkeypatch):
    """A claims file of N sources (with metadata) and one claim, and its cache folder."""
    folder = tmp_path / "ledger"
    (folder / "docs").mkdir(parents=True)
    lines = ["version: 1", "entities:", "  - name: Assimi Goita", "    kind: person",
             "    aliases: [Goïta]", "sources:"]
    for n in range(N):
        (folder / "docs" / f"d{n}.txt").write_text(f"Document {n} says the junta met.\n", encoding="utf-8")
        lines += [f"  - id: d{n}", f"    file: docs/d{n}.txt", f"    title: Document number {n}",
                  "    published: 2020-08", "    authors: [A. Writer, B. Editor]",
                  "    url: https://example.org/a/long/address/for/the/document"]
    lines += ["claims:", "  - id: met", "    statement: The junta met.", "    date: 2020-08-19",
              "    tags: [junta]", "    evidence:", "      - source: d0", "        quote: the junta met"]
    claims = folder / "claims.yaml"
    claims.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert claims.stat().st_size >= MIN_BYTES
    cache = tmp_path / "cache"
    return claims, cache


def entries(cache: Path):
    return sorted((cache / "ledgers").glob(f"*{SUFFIX}")) if (cache / "ledgers").exists() else []


def test_a_hit_is_the_same_ledger(big):
    claims, cache = big
    first = load_ledger_cached(claims, root=cache)
    assert len(entries(cache)) == 1
    second = load_ledger_cached(claims, root=cache)
    assert second == first == load_ledger(claims)
    assert second is not first and second.text == claims.read_text(encoding="utf-8")


def test_a_hit_does_not_validate_again(big, monkeypatch):
    claims, cache = big
    load_ledger_cached(claims, root=cache)
    monkeypatch.setattr("mali_facts.ledger.load.load_ledger", lambda path: pytest.fail("validated again"))
    assert load_ledger_cached(claims, root=cache).claims[0].id == "met"


def test_an_edited_claims_file_is_validated_again(big):
    claims, cache = big
    load_ledger_cached(claims, root=cache)
    claims.write_text(claims.read_text(encoding="utf-8").replace("The junta met.", "It met."),
                      encoding="utf-8")
    assert load_ledger_cached(claims, root=cache).claims[0].statement == "It met."


@pytest.mark.parametrize("change, message", [
    ("delete", "source 'd7': file 'docs/d7.txt' does not exist (did you mean 'docs/d76.txt'?)"),
    ("outside", "source 'd7': file 'docs/d7.txt' is outside the claims file's folder "
                "(keep sources next to or below claims.yaml)"),
    ("folder", "source 'd7': file 'docs/d7.txt' is a directory, not a regular file "
               "(point 'file' at a text file)"),
])
def test_a_source_that_changed_place_is_validated_again(change, message, big, tmp_path):
    from mali_facts.ledger import LedgerInvalid

    claims, cache = big
    load_ledger_cached(claims, root=cache)
    target = claims.parent / "docs" / "d7.txt"
    if change == "delete":
        target.unlink()
    elif change == "outside":
        outside = tmp_path / "elsewhere.txt"
        outside.write_text("x\n", encoding="utf-8")
        target.unlink()
        target.symlink_to(outside)
    else:  # a folder where the file was
        target.unlink()
        target.mkdir()
    with pytest.raises(LedgerInvalid) as err:
        load_ledger_cached(claims, root=cache)
    line = next(i for i, t in enumerate(claims.read_text().splitlines(), 1) if t == "    file: docs/d7.txt")
    assert err.value.format() == f"{claims}:{line}: {message}"


def test_a_replaced_source_file_is_resolved_again(big):
    claims, cache = big
    load_ledger_cached(claims, root=cache)
    target = claims.parent / "docs" / "d7.txt"
    moved = claims.parent / "docs" / "d7-new.txt"
    moved.write_text("New text.\n", encoding="utf-8")
    os.replace(moved, target)  # a new inode at the same path
    ledger = load_ledger_cached(claims, root=cache)
    assert ledger.sources["d7"].path == target.resolve()
    assert entries(cache)  # and the entry is written again


@pytest.mark.parametrize("garbage", [b"", b"not json", b'{"format": 1}', b'{"format": 1, "key": 5}', b"[]"])
def test_an_unreadable_entry_is_ignored_and_replaced(garbage, big):
    claims, cache = big
    load_ledger_cached(claims, root=cache)
    (entry,) = entries(cache)
    entry.write_bytes(garbage)
    assert load_ledger_cached(claims, root=cache) == load_ledger(claims)
    assert entry.read_bytes() != garbage


def test_an_altered_entry_or_one_for_other_bytes_is_not_used(big):
    claims, cache = big
    load_ledger_cached(claims, root=cache)
    (entry,) = entries(cache)
    recorded = entry.read_bytes()
    entry.write_bytes(recorded.replace(b"The junta met.", b"Junta forged"))  # same length
    assert load_ledger_cached(claims, root=cache).claims[0].statement == "The junta met."
    claims.write_text(claims.read_text(encoding="utf-8").replace("The junta met.", "It met."),
                      encoding="utf-8")
    entry.write_bytes(recorded)  # intact, but recorded for the bytes before the edit
    assert load_ledger_cached(claims, root=cache).claims[0].statement == "It met."


def test_small_and_invalid_claims_files_are_not_cached(big, tmp_path):
    from mali_facts.ledger import LedgerInvalid

    claims, cache = big
    small = claims.parent / "small.yaml"
    small.write_text("version: 1\nsources: []\nclaims: []\n", encoding="utf-8")
    load_ledger_cached(small, root=cache)
    assert entries(cache) == []
    claims.write_text(claims.read_text(encoding="utf-8").replace("source: d0", "source: d00"),
                      encoding="utf-8")
    with pytest.raises(LedgerInvalid):
        load_ledger_cached(claims, root=cache)
    assert entries(cache) == []


def test_the_cli_uses_the_cache_and_reports_errors_the_same(big, cli, monkeypatch):
    claims, cache = big
    monkeypatch.setenv("MALI_FACTS_CACHE", str(cache))
    monkeypatch.chdir(claims.parent)
    first = cli(["check", "--format", "plain"])
    assert (first.exit_code, first.stdout) == (0, "")
    assert len(entries(cache)) == 1
    (claims.parent / "docs" / "d3.txt").unlink()
    again = cli(["check", "--format", "plain"])
    assert again.exit_code == 2
    assert again.stderr.startswith("claims.yaml:")
    assert "source 'd3': file 'docs/d3.txt' does not exist" in again.stderr


def _resign(entry: Path, body: bytes, secret: bytes) -> None:
    from mali_facts.ledger.cache import _mac

    head = entry.read_bytes().partition(b"\n")[0]
    start = head.rsplit(b" ", 1)[0]
    entry.write_bytes(start + b" " + _mac(secret, start, body).encode() + b"\n" + body)


def test_only_an_entry_signed_with_the_folders_key_is_used(big, monkeypatch):
    """The signature is what guards an entry: the same forged body is used when signed
    with the key in the cache folder (only this user's mali-facts has it), and not
    when signed with another key."""
    import marshal

    from mali_facts.ledger import cache as lc

    claims, cache = big
    load_ledger_cached(claims, root=cache)
    (entry,) = entries(cache)
    root, files, record = marshal.loads(entry.read_bytes().partition(b"\n")[2])
    forged = lc.decode(record)
    forged.claims[0].statement = "Forged."
    body = marshal.dumps((root, files, lc.encode(forged)))
    _resign(entry, body, b"\0" * 32)
    assert load_ledger_cached(claims, root=cache).claims[0].statement == "The junta met."
    (entry,) = entries(cache)
    _resign(entry, body, (cache / "ledgers" / "key").read_bytes())
    monkeypatch.setattr("mali_facts.ledger.load.load_ledger", lambda path: pytest.fail("validated"))
    assert load_ledger_cached(claims, root=cache).claims[0].statement == "Forged."


def test_a_key_that_others_may_write_is_not_used(big, monkeypatch):
    claims, cache = big
    load_ledger_cached(claims, root=cache)
    os.chmod(cache / "ledgers" / "key", 0o666)
    calls = []
    import mali_facts.ledger.load as load

    real = load.load_ledger
    monkeypatch.setattr(load, "load_ledger", lambda path: calls.append(path) or real(path))
    assert load_ledger_cached(claims, root=cache) == load_ledger(claims)
    assert calls == [claims]


def test_a_lowered_limit_validates_again(big, monkeypatch):
    from mali_facts.ledger import LedgerInvalid

    claims, cache = big
    load_ledger_cached(claims, root=cache)
    monkeypatch.setenv("MALI_FACTS_MAX_STATEMENT_CHARS", "5")
    with pytest.raises(LedgerInvalid) as err:
        load_ledger_cached(claims, root=cache)
    assert "'statement' has 14 characters, over the limit of 5" in err.value.format()


def test_a_removed_archive_validates_again(big):
    from mali_facts.ledger import LedgerInvalid

    claims, cache = big
    (claims.parent / "docs" / "d5.html").write_text("<p>Document 5</p>\n", encoding="utf-8")
    text = claims.read_text(encoding="utf-8").replace(
        "    title: Document number 5\n",
        "    title: Document number 5\n    archive:\n      file: docs/d5.html\n"
        "      sha256: " + "0" * 64 + "\n      media_type: text/html\n", 1)
    claims.write_text(text, encoding="utf-8")
    assert load_ledger_cached(claims, root=cache).sources["d5"].archive == "docs/d5.html"
    assert load_ledger_cached(claims, root=cache).sources["d5"].archive == "docs/d5.html"
    (claims.parent / "docs" / "d5.html").unlink()
    with pytest.raises(LedgerInvalid) as err:
        load_ledger_cached(claims, root=cache)
    assert "source 'd5': archive 'docs/d5.html' does not exist" in err.value.format()


def _filled(cls, n):
    """An instance of the model class ``cls`` with every field set to a value of its own."""
    import dataclasses
    import typing

    from mali_facts.ledger import model

    values = {}
    hints = typing.get_type_hints(cls, vars(model))
    for i, f in enumerate(dataclasses.fields(cls)):
        hint = hints[f.name]
        if typing.get_origin(hint) is typing.Union:  # Optional[X]
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        args = [hint]
        kind = typing.get_origin(args[0]) or args[0]
        if kind is str:
            values[f.name] = f"{f.name}-{n}"
        elif kind is int:
            values[f.name] = 1000 * n + i
        elif kind is Path:
            values[f.name] = Path(f"/{f.name}/{n}")
        elif kind is list:
            (item,) = typing.get_args(args[0])
            values[f.name] = [_filled(item, n + 1)] if dataclasses.is_dataclass(item) else [f"{f.name}-{n}"]
        elif kind is dict:
            values[f.name] = {}
        elif kind is model.PartialDate:
            values[f.name] = model.PartialDate(1900 + n, 1 + i % 12, 1 + i % 28)
        elif dataclasses.is_dataclass(kind):
            values[f.name] = _filled(kind, n + 1)
        else:  # pragma: no cover - a new kind of field: teach this test about it
            raise AssertionError(f"{cls.__name__}.{f.name}: {hint}")
    return cls(**values)


def test_an_entry_keeps_every_field_of_the_model():
    """encode/decode round-trip a ledger whose every field has a value of its own, so a
    field added to the model and forgotten by the cache fails here."""
    import dataclasses

    from mali_facts.ledger import cache as lc
    from mali_facts.ledger.model import Claim, Entity, Ledger, Source

    source, claim, entity = _filled(Source, 1), _filled(Claim, 2), _filled(Entity, 3)
    ledger = Ledger(path=Path(), version=1, sources={source.id: source}, claims=[claim],
                    entities={entity.name: entity})
    assert lc.decode(lc.encode(ledger)) == ledger
    assert dataclasses.fields(Ledger)[-1].name == "text"  # path and text: set on reading
