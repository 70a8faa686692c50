"""`mali-facts schema`: print the JSON Schema of claims.yaml."""

from __future__ import annotations

from mali_facts.cli.app import EXIT_CODES_HELP, app, write_output


@app.command(epilog=EXIT_CODES_HELP)
def schema() -> None:
    """Print the JSON Schema (draft-07) of the claims file, version 1.

    Save it next to claims.yaml and point your editor at it, e.g. with the
    modeline '# yaml-language-server: $schema=claims.schema.json'.
    """
    from mali_facts.ledger.schema import schema_text

    write_output(schema_text())
