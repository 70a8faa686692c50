"""The library's exceptions. Only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union


class MaliFactsError(Exception):
    """Bad input: a file, a line, what is wrong and how to fix it.

    ``str(err)`` is the one-line message the CLI prints, e.g.
    ``claims.yaml:42: claim 'sanogo-six': unknown source 'rs-2031' (did you mean 'rs-2013'?)``.
    """

    def __init__(self, message: str, *, path: Optional[Union[str, Path]] = None,
                 line: Optional[int] = None, hint: Optional[str] = None,
                 column: Optional[int] = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(self.format())

    def format(self) -> str:
        where = ""
        if self.path is not None:
            at = f"{self.line}:{self.column}" if self.line and self.column else self.line
            where = f"{self.path}:{at}: " if self.line else f"{self.path}: "
        tail = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{tail}"


class LedgerError(MaliFactsError):
    """The claims file is malformed or inconsistent."""


class SourceError(MaliFactsError):
    """A source cannot be read, fetched or extracted."""


class UsageError(MaliFactsError):
    """The command was asked for something that cannot be done (unknown id, empty query...)."""


def did_you_mean(word: str, choices, *, cutoff: float = 60.0) -> Optional[str]:
    """The closest of ``choices`` to ``word``, formatted as a hint, or None.

    >>> did_you_mean("rs-2031", ["rs-2013", "mali-coup-2020"])
    "did you mean 'rs-2013'?"
    >>> did_you_mean("sanogo-six", ["sanogo-six-training-missions", "goita-flintlock-2019"])
    "did you mean 'sanogo-six-training-missions'?"
    >>> did_you_mean("zzz", ["rs-2013"]) is None
    True
    >>> did_you_mean("x", ["sanogo-six-training-missions"]) is None
    True
    """
    choices = list(choices)
    if not choices:
        return None
    from rapidfuzz import fuzz, process

    # WRatio credits partial matches (a prefix of a long id), which is right for
    # a truncated id but wrong for a word of one or two letters found inside one.
    scorer = fuzz.WRatio if len(word) >= 4 else fuzz.ratio
    best = process.extractOne(word, choices, scorer=scorer, score_cutoff=cutoff)
    return f"did you mean {best[0]!r}?" if best else None
