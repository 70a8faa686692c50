"""A claims file that changed on disk between read and write is not overwritten:
add and fix exit 1 and say so (the writer's own tests cover the mechanism)."""

from __future__ import annotations

from mali_facts.ledger.writer import ClaimsEditor

from .authoring_paths import resave


def _edited_meanwhile(monkeypatch, path):
    """Make every save find the file changed, as when someone saves it meanwhile."""
    real_save = ClaimsEditor.save

    def save(self):
        path.write_text(path.read_text(encoding="utf-8") + "# a comment typed meanwhile\n",
                        encoding="utf-8")
        return real_save(self)

    monkeypatch.setattr(ClaimsEditor, "save", save)


def test_add_refuses_to_overwrite_a_concurrent_edit(cli, ledger_copy, monkeypatch):
    claims = ledger_copy / "claims.yaml"
    _edited_meanwhile(monkeypatch, claims)
    result = cli(["add", "--id", "leahy-known-as", "--statement", "The Leahy amendment.",
                  "--source", "rolling-stone-2013", "--quote", "the Leahy amendment"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("claims.yaml: the claims file changed on disk since it was read; "
                             "nothing written (run the command again)\n")
    assert claims.read_text(encoding="utf-8").endswith("end: 3413\n# a comment typed meanwhile\n")


def test_fix_refuses_to_overwrite_a_concurrent_edit(cli, ledger_copy, monkeypatch):
    resave(ledger_copy)
    claims = ledger_copy / "claims.yaml"
    _edited_meanwhile(monkeypatch, claims)
    result = cli(["fix", "--write"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("claims.yaml: the claims file changed on disk since it was read; "
                             "nothing written (run the command again)\n")
    assert "start: 148\n" in claims.read_text(encoding="utf-8")
