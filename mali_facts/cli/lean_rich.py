"""typer's rich help formatter, without the two rich modules this CLI never uses.

``typer.rich_utils`` (imported by typer for ``--help`` and for usage errors)
imports ``rich.markdown`` (markdown-it) and ``rich.traceback`` (rich.syntax and
pygments) at its top, for Markdown help and pretty tracebacks. This CLI writes its
help as rich markup and turns pretty tracebacks off, yet those imports were most of
what ``--help`` cost beyond typer itself (about 0.1 s of CPU here).

:func:`install` puts a finder first on ``sys.meta_path`` that, only when
``typer.rich_utils`` is imported, lets it bind placeholders for ``Markdown`` and
``Traceback`` and then takes them out of ``sys.modules`` again. A placeholder is
not a stand-in: called, or asked for any attribute (``Traceback.from_exception``),
it imports the real rich module and hands over to the real class, so behaviour is
the same, only the import comes when (if ever) it is needed.
"""

from __future__ import annotations

import importlib
import sys
import types

TARGET = "typer.rich_utils"
DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


class _Deferred(type):
    """The metaclass of a placeholder: calling it, or reading one of its attributes,
    is done by the real class (imported then)."""

    def real(cls) -> type:
        return getattr(importlib.import_module(cls._module), cls.__name__)

    def __call__(cls, *args, **kwargs):
        return cls.real()(*args, **kwargs)

    def __getattr__(cls, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(cls.real(), name)


def _placeholder(module: str, name: str) -> types.ModuleType:
    mod = types.ModuleType(module)
    setattr(mod, name, _Deferred(name, (), {"_module": module}))
    return mod


class _Loader:
    """The module's own loader, with the placeholders in place while it runs."""

    def __init__(self, loader) -> None:
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        added = {m: _placeholder(m, n) for m, n in DEFERRED.items() if m not in sys.modules}
        sys.modules.update(added)
        try:
            self.loader.exec_module(module)
        finally:
            for m, placeholder in added.items():
                if sys.modules.get(m) is placeholder:
                    del sys.modules[m]


class _Finder:
    """A meta path finder for typer.rich_utils only (plain classes: importlib.abc
    would cost every command its import)."""

    def find_spec(self, fullname, path, target=None):
        if fullname != TARGET:
            return None
        import importlib.machinery

        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def install() -> None:
    """Defer the two imports when typer's formatter is imported (once, at most)."""
    if TARGET not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
