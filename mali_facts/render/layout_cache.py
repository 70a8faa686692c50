"""The check table's text, kept between runs (issue 15), so that a run whose table is
the same as last time's prints it without importing rich (about 20 ms) or laying
it out (about 20 ms for a hundred rows).

:func:`cached_layout` is given the table's content as plain data (what
:func:`mali_facts.render.table.check_content` builds: every cell as the string
it shows, and the style names) and the function that lays it out with rich; it
returns the text that function returns for it, from the cache when it can.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

from mali_facts.cache import SignedCache

@lru_cache(maxsize=None)
def rich_version() -> Optional[str]:
    """The name of rich's ``*.dist-info`` folder(s) beside the rich package
    (``rich-15.0.0.dist-info``): the one imported, else the first ``rich/`` on
    ``sys.path``, where a plain install is imported from. Found without importing
    rich or importlib.metadata (which costs about 45 ms); None when there is none
    (rich installed some other way, editable or in a zip): then nothing is cached.
    Looked up once per process."""
    return _find_rich_version()


def _find_rich_version() -> Optional[str]:
    loaded = sys.modules.get("rich")
    if loaded is not None and getattr(loaded, "__file__", None):
        folder = os.path.dirname(os.path.dirname(loaded.__file__))
    else:  # where `import rich` finds it: the first entry of sys.path that holds it
        folder = next((entry for entry in sys.path
                       if os.path.isfile(os.path.join(entry or ".", "rich", "__init__.py"))), None)
        if folder is None:
            return None
    try:
        names = sorted(name for name in os.listdir(folder or ".")
                       if name.startswith("rich-") and name.endswith(".dist-info"))
    except OSError:
        return None
    return "\0".join(names) or None


def _bypassed() -> bool:
    """Whether rich's output may depend on more than the key can name: on Windows
    (a legacy console, detected through the console API, changes the width and the
    box drawing) and under IPython (rich shows the table in the notebook instead of
    writing it out). There the table is always laid out."""
    import builtins

    return sys.platform == "win32" or hasattr(builtins, "get_ipython")


class LayoutCache(SignedCache):
    """The text of the last check table of a claims file, kept under a key of all it
    depends on, so that the next run with the same table prints it as it is.

    One signed file per claims file (``cache_dir()/tables/*.json``; see
    :class:`~mali_facts.cache.SignedCache`: only this user's mali-facts's own file is
    read, and in a CI run none), holding the tables made or used in the last run
    (one, for ``check``). Its key (:meth:`key`) is the sha256 of:

    - :attr:`FORMAT` and the code that lays the table out (``render/table.py`` and
      this module, by :func:`~mali_facts.cache.file_stamp`, with the tool's version);
    - the table's content as plain data (title, columns, every cell's text and the
      status cell's style, the counts and the verdict), as canonical JSON: any
      change of what the table shows is another key;
    - the width, and whether it is in colour;
    - rich's version (:func:`rich_version`), the platform, and the environment rich's
      layout reads given the console's explicit width and colour settings:
      ``UNICODE_VERSION`` (the character widths it measures by) always, and, in
      colour, ``TERM`` and ``COLORTERM`` (the colour system; ``TERM=dumb`` also
      fixes the width at 80).

    On Windows and under IPython nothing is cached (:func:`_bypassed`); nor when
    rich's version cannot be found. Reading or writing the file never fails a run:
    a record that cannot be used costs the layout.

    A record is text that is printed as it is, so anyone who can sign a record with
    this user's key (the ``key`` file next to it, readable by this user only) can
    make the table say what they want; so can they for every other cache here. A
    changed record signed with another key, or not signed, is not read.
    """

    FORMAT = 1

    @classmethod
    def for_claims(cls, path: Path, root: Optional[Path] = None,
                   trust: Optional[bool] = None) -> "LayoutCache":
        """The layout cache of the claims file ``path``; ``trust`` defaults to "not
        in CI" (see :func:`mali_facts.session.ci_run`)."""
        from mali_facts.cache import cache_dir, path_key
        from mali_facts.session import ci_run

        return cls((root or cache_dir()) / "tables" / f"{path_key(Path(path))}.json",
                   trust=not ci_run() if trust is None else trust)

    def key(self, content, width: int, color: bool) -> Optional[str]:
        """The key of ``content`` laid out ``width`` columns wide, in colour or not
        (see the class); None when it is not to be cached."""
        rich = rich_version()
        if rich is None or _bypassed():
            return None
        from mali_facts.cache import file_stamp

        here = Path(__file__).parent
        env = os.environ
        fields = (self.FORMAT, file_stamp(here / "table.py", here / "layout_cache.py"), rich,
                  sys.platform, env.get("UNICODE_VERSION"), int(width), bool(color),
                  (env.get("TERM"), env.get("COLORTERM")) if color else None)
        h = hashlib.sha256(repr(fields).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
        h.update(json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                 .encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def text(self, key: str) -> Optional[str]:
        """The text kept for ``key``, or None."""
        record = self.record(key)
        return record if isinstance(record, str) else None


def cached_layout(path: Optional[Path], content, width: int, color: bool,
                  layout: Callable[[object, bool, int], str]) -> str:
    """``layout(content, color, width)``, or the text the layout cache of the claims
    file ``path`` kept for them (see :class:`LayoutCache`); what is laid out is kept
    for the next run. Any error of the cache costs the layout, nothing else."""
    cache = key = None
    try:
        if path is not None:
            cache = LayoutCache.for_claims(path)
            key = cache.key(content, width, color)
            text = cache.text(key) if key is not None else None
            if text is not None:
                cache.keep_record(key, text)
                _save(cache)
                return text
    except Exception:  # noqa: BLE001 - a cache that cannot be read only costs time
        key = None
    text = layout(content, color, width)
    if key is not None:
        cache.keep_record(key, text)
        _save(cache)
    return text


def _save(cache: LayoutCache) -> None:
    try:
        cache.save()
    except Exception:  # noqa: BLE001 - e.g. text that UTF-8 cannot encode: not kept
        pass
