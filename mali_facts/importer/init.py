"""`mali-facts init`: a new, empty ledger that `check` accepts and editors understand."""

from __future__ import annotations

from pathlib import Path
from typing import List, Union

from mali_facts.errors import UsageError

CLAIMS = "claims.yaml"
SCHEMA = "claims.schema.json"

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A mali-facts ledger (claims file version 1): claims tied to exact quotes in sources.
#
# Add your first source, a saved web page, a PDF, a text file or a URL:
#   mali-facts source add page.html
# Its text goes into sources/ and an entry, pinned by sha256, into the list below.
# Then add claims that quote it, and verify every quote with: mali-facts check
version: 1

sources: []

claims: []
"""


def init_ledger(folder: Union[str, Path]) -> List[Path]:
    """Create ``claims.yaml``, ``sources/`` and (if absent) ``claims.schema.json`` in
    ``folder``; return what was created. Refuses to overwrite a claims file."""
    from mali_facts.atomic import write_atomically
    from mali_facts.ledger.schema import schema_text
    from mali_facts.ledger import display_path

    folder = Path(folder)
    claims = folder / CLAIMS
    if claims.exists() or claims.is_symlink():
        raise UsageError(f"{display_path(claims)} already exists; nothing written",
                         hint="edit it, or run init in another folder")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{display_path(folder)} is not a folder")
    created: List[Path] = []
    try:
        if not folder.exists():
            folder.mkdir(parents=True)
            created.append(folder)
        sources = folder / "sources"
        if not sources.is_dir():
            sources.mkdir()
            created.append(sources)
        schema = folder / SCHEMA
        if not schema.exists():
            write_atomically(schema, schema_text().encode("utf-8"))
            created.append(schema)
        write_atomically(claims, TEMPLATE.format(schema=SCHEMA).encode("utf-8"))
        created.append(claims)
    except OSError as exc:
        raise UsageError(f"cannot create the ledger in {display_path(folder)}: {exc.strerror}",
                         hint="check the folder's permissions") from None
    return created
