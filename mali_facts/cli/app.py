"""The typer app and what every command shares: options, colour, progress, errors.

The CLI is the only layer that turns library exceptions into messages and exit codes.
Commands live one module each beside this one and keep their imports lazy.
"""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer
from typer import core

from mali_facts import __version__
from mali_facts.errors import MaliFactsError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

EXIT_CODES_HELP = (
    "Exit codes: 0 clean; 1 findings (a quote failed verification); "
    "2 bad input or usage (malformed claims file, unknown id, bad option); "
    "3 internal error (a bug: please report it)."
)


def _hide_type_labels() -> None:
    """Show an option's metavar or choices in --help, never typer's Python type
    labels (``<bool>`` on a flag, ``<list[str]>`` on a list argument)."""
    def option_label(self, ctx):
        if self.metavar:
            return self.metavar
        shown = core.TyperOption.display_type(self, ctx)
        return shown if shown and "|" in shown else ""

    def argument_label(self, ctx):  # the argument's name column already shows its metavar
        return ""

    for name, label in (("TyperOption", option_label), ("TyperArgument", argument_label)):
        cls = getattr(core, name, None)
        if cls is not None and hasattr(cls, "display_type_rich") and hasattr(cls, "display_type"):
            cls.display_type_rich = label
    argument = getattr(core, "TyperArgument", None)
    if argument is not None and not hasattr(argument, "display_type_rich"):
        # typer before 0.29 labels an argument with its type's metavar, or `<str>` when
        # that is None: each argument gets its type through a subclass whose metavar is
        # empty (an argument's usage shows its own metavar or name either way)
        made: dict = {}

        def label_free(kind: type) -> type:
            if kind not in made:
                made[kind] = type(kind.__name__, (kind,), {"get_metavar": lambda self, *a, **k: ""})
            return made[kind]

        init = argument.__init__

        def __init__(self, *args, **kwargs):
            init(self, *args, **kwargs)
            shown = copy.copy(self.type)
            shown.__class__ = label_free(type(self.type))
            self.type = shown

        argument.__init__ = __init__


_hide_type_labels()


# -- lazy commands ---------------------------------------------------------------
#
# typer builds every registered command (its parameters, their converters) when the
# app runs. Here a command's module is imported, and its command built, only when
# that command runs, or when --help (or completion) lists them all. The commands and
# their modules are named in mali_facts/cli/__init__.py (COMMANDS), in --help order.

class LazyGroup(core.TyperGroup):
    """The root group: commands come from their modules on first use."""

    def _registry(self) -> "dict":
        from mali_facts.cli import COMMANDS

        return COMMANDS

    def _load(self, name: str) -> None:
        module = self._registry().get(name)
        if module is not None and name not in self.commands:
            __import__(f"mali_facts.cli.{module}")  # (shows in python -X importtime)
            app.build(self, name)

    def list_commands(self, ctx) -> "list":
        names = list(self._registry())
        return names + [n for n in self.commands if n not in names]

    _listing = False

    def get_command(self, ctx, cmd_name: str):
        if self._listing and cmd_name not in self.commands:
            entry = app.help_entry(cmd_name)
            if entry is not None:
                return entry
        self._load(cmd_name)
        return self.commands.get(cmd_name)

    def format_help(self, ctx, formatter) -> None:
        """The app's --help lists every command by its name and help text only: it
        imports their modules but builds none of their parameters."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def resolve_command(self, ctx, args):
        if args and args[0] not in self._registry():  # a typo: suggest among them all
            for name in self._registry():
                self._load(name)
        return super().resolve_command(ctx, args)


class LazyTyper(typer.Typer):
    """A Typer whose command list, read from outside (tests, docs/update_docs.py),
    is complete: reading it imports every command module. Running the app reads
    only what it registered so far, and :class:`LazyGroup` adds the rest on demand."""

    def __init__(self, **options) -> None:
        self._lazy = 0
        self._loading = False
        self._built: set = set()
        super().__init__(cls=LazyGroup, **options)

    def _everything(self) -> None:
        if self._lazy or self._loading:
            return
        from mali_facts.cli import COMMANDS

        self._loading = True
        try:
            for module in dict.fromkeys(COMMANDS.values()):
                __import__(f"mali_facts.cli.{module}")
        finally:
            self._loading = False

    @property
    def registered_commands(self):  # type: ignore[override]
        self._everything()
        return self._commands

    @registered_commands.setter
    def registered_commands(self, value) -> None:
        self._commands = value

    @property
    def registered_groups(self):  # type: ignore[override]
        self._everything()
        return self._groups

    @registered_groups.setter
    def registered_groups(self, value) -> None:
        self._groups = value

    def command(self, *args, **kwargs):
        register = super().command(*args, **kwargs)

        def decorator(f):
            self._lazy += 1
            try:
                return register(f)
            finally:
                self._lazy -= 1
        return decorator

    def add_typer(self, *args, **kwargs) -> None:
        self._lazy += 1
        try:
            super().add_typer(*args, **kwargs)
        finally:
            self._lazy -= 1

    def __call__(self, *args, **kwargs):
        self._lazy += 1
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self._lazy -= 1

    def help_entry(self, name: str):
        """A command with only what the app's --help shows of command ``name`` (its
        name, help, short help, panel, hidden and deprecated flags, as typer's
        ``get_command_from_info`` sets them), or None when ``name`` is not a plain
        command (a group such as `source` is built in full)."""
        import inspect

        from typer.main import get_command_name

        from mali_facts.cli import COMMANDS

        if name not in COMMANDS:
            return None
        __import__(f"mali_facts.cli.{COMMANDS[name]}")
        for info in self._commands:
            if (info.name or get_command_name(info.callback.__name__)) != name:
                continue
            doc = (inspect.getdoc(info.callback) if info.help is None
                   else inspect.cleandoc(info.help))
            return (info.cls or core.TyperCommand)(
                name=name, help=doc, short_help=info.short_help, hidden=info.hidden,
                deprecated=info.deprecated, rich_markup_mode=self.rich_markup_mode,
                rich_help_panel=info.rich_help_panel)
        return None

    def build(self, group: LazyGroup, name: str) -> None:
        """Add command (or group) ``name`` to ``group``, built from what its module
        registered."""
        from typer.main import get_command_from_info, get_command_name, get_group_from_info

        for info in self._commands:
            if id(info) not in self._built and \
                    (info.name or get_command_name(info.callback.__name__)) == name:
                self._built.add(id(info))
                command = get_command_from_info(
                    info, pretty_exceptions_short=self.pretty_exceptions_short,
                    rich_markup_mode=self.rich_markup_mode)
                group.commands.setdefault(command.name, command)
        for info in self._groups:
            if id(info) not in self._built and info.name == name:
                self._built.add(id(info))
                options = {"suggest_commands": self.suggest_commands} \
                    if hasattr(self, "suggest_commands") else {}  # typer >= 0.16
                sub = get_group_from_info(
                    info, pretty_exceptions_short=self.pretty_exceptions_short,
                    rich_markup_mode=self.rich_markup_mode, **options)
                group.commands.setdefault(sub.name, sub)


app = LazyTyper(
    name="mali-facts",
    help="Verify quoted claims against their sources, search them and cite them.\n\n"
         + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# -- shared options ------------------------------------------------------------

ClaimsOption = Annotated[
    Optional[Path],
    typer.Option("--claims", "-c", metavar="PATH",
                 help="Claims file. Default: ./claims.yaml, else the ledger embedded in the package."),
]


CacheOption = Annotated[
    bool,
    typer.Option("--cache", help="Trust the caches (validated ledgers, the search index) even "
                 "when the CI environment variable is set. By default a CI run writes them but "
                 "does not read them: a restored cache must not decide the result."),
]


def trust_caches(cache: bool) -> bool:
    """Whether to read the caches: always with ``--cache``; otherwise unless ``CI`` is
    set (to anything but empty, ``0`` or ``false``)."""
    return cache or os.environ.get("CI", "").strip().lower() in ("", "0", "false")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mali-facts {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = None,
) -> None:
    """Verify quoted claims against their sources, search them and cite them."""


# -- helpers -------------------------------------------------------------------

def run_guarded(run: Callable[[], object]) -> None:
    """Run the app so that no traceback reaches the user.

    Output that the terminal's encoding cannot show (``PYTHONIOENCODING=ascii``,
    a Windows code page) is written with replacements instead of failing. An
    unexpected exception becomes one line and exit 3; ``MALI_FACTS_DEBUG=1``
    prints the traceback as well. Running out of memory says so (exit 3).
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace" if stream is sys.stderr else "replace")
        except (AttributeError, ValueError):  # not a TextIOWrapper (a test's capture)
            pass
    try:
        run()
    except SystemExit:
        raise
    except KeyboardInterrupt:  # pragma: no cover - click turns it into "Aborted!" first
        sys.stderr.write("Aborted!\n")
        raise SystemExit(130)
    except BrokenPipeError:
        # the reader went away (`| head`): nothing more to say to it
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:  # pragma: no cover
            pass
        raise SystemExit(EXIT_FINDINGS)
    except MemoryError:
        internal_error("out of memory", "the input is larger than the memory available; "
                       "see the size limits in docs/hostile.md")
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        internal_error(f"internal error: {type(exc).__name__}: {exc}",
                       "please report it, with MALI_FACTS_DEBUG=1 for the traceback")


def internal_error(what: str, advice: str) -> "None":
    """Print ``mali-facts: WHAT; ADVICE`` on one line (the traceback too with
    MALI_FACTS_DEBUG=1) and exit 3."""
    if os.environ.get("MALI_FACTS_DEBUG"):
        import traceback

        traceback.print_exc()
    what = " ".join(str(what).split())
    if len(what) > 300:
        what = what[:300] + "…"
    from mali_facts.render.safe import escape_controls

    try:
        sys.stderr.write(f"mali-facts: {escape_controls(what)}; {advice}\n")
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - stderr itself is gone
        pass
    raise SystemExit(EXIT_INTERNAL)

def fail(err: MaliFactsError) -> "typer.Exit":
    """Print a library error on stderr (one line per problem) and return its exit: 1 when
    a write was refused because the file changed underneath (someone else's edit is a
    finding, not bad input), else 2."""
    from mali_facts.render.safe import escape_controls
    from mali_facts.ledger.writer import EditConflict

    typer.echo(escape_controls(err.format()), err=True)
    return typer.Exit(EXIT_FINDINGS if isinstance(err, EditConflict) else EXIT_USAGE)


def use_color(stream=None) -> bool:
    """Color only for a terminal; NO_COLOR wins over everything, FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def progress_printer(label: str, minimum: int = 200) -> Optional[Callable[[int, int], None]]:
    """A progress callback that writes ``label done/total`` to stderr on a terminal
    (at most ten times a second, and when done), and nothing otherwise or when
    there are fewer than ``minimum`` steps."""
    if not sys.stderr.isatty():
        return None
    import time

    last = [float("-inf")]

    def report(done: int, total: int) -> None:
        if total < minimum:
            return
        now = time.monotonic()
        if done == total or now - last[0] >= 0.1:
            last[0] = now
            end = "\n" if done == total else ""
            sys.stderr.write(f"\r{label} {done}/{total}{end}")
            sys.stderr.flush()

    return report


_ONE_SHOT = False  # set by the console script: this process runs one command, then exits


def one_shot() -> None:
    global _ONE_SHOT
    _ONE_SHOT = True


def freeze_gc() -> None:
    """In a process that runs one command: exempt what is alive now (the ledger, then
    the results) from the garbage collector. It lives until the process ends, and each
    full collection would walk it again while the next step allocates (10-25% of
    verifying and rendering 10,000 claims). Not in-process (tests, a library caller):
    there it would keep their garbage alive."""
    if _ONE_SHOT:
        import gc

        gc.freeze()


def write_output(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


EMBEDDED_NOTICE = ("note: no ./claims.yaml here, so this is the embedded Mali ledger; "
                   "use your own with --claims PATH, or start one with: mali-facts init")


def load(claims: Optional[Path], cache: bool = False):
    """The ledger a command works on (see :func:`mali_facts.ledger.resolve_claims_path`);
    when it is the embedded one, say so on stderr."""
    from mali_facts.ledger import is_embedded, resolve_claims_path
    from mali_facts.ledger.cache import load_ledger_cached

    path = resolve_claims_path(claims)
    if claims is None and is_embedded(path):
        typer.echo(EMBEDDED_NOTICE, err=True)
    return load_ledger_cached(path, trust=trust_caches(cache))
