"""Text from claims files and sources, made safe to print on a terminal.

A statement, a quote or a source can carry control characters: an ESC that
starts a sequence clearing the screen or hiding text, an OSC that changes the
window title or writes a hyperlink, a carriage return that overwrites what was
printed before. Every human format passes the text it did not write itself
through :func:`escape_controls`, which shows each such character as a visible
escape (``\\x1b``) instead. Machine formats escape in their own syntax (JSON,
XML) and do not need it.
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, and the C1 controls (0x9B is a one-byte CSI).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_AND_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _visible(m: "re.Match[str]") -> str:
    return f"\\x{ord(m.group()):02x}"


def escape_controls(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control character but tab and newline written as ``\\xNN``
    (and newlines too when ``newlines`` is False).

    >>> escape_controls("clear \\x1b[2J title \\x1b]0;pwned\\x07 ok\\tok\\nnext")
    'clear \\\\x1b[2J title \\\\x1b]0;pwned\\\\x07 ok\\tok\\nnext'
    >>> escape_controls("a\\rb\\x9bc\\x7f")
    'a\\\\x0db\\\\x9bc\\\\x7f'
    >>> escape_controls("one\\ntwo", newlines=False)
    'one\\\\x0atwo'
    >>> escape_controls("Goïta’s “junta” — 10⁶")
    'Goïta’s “junta” — 10⁶'
    """
    pattern = _CONTROLS if newlines else _CONTROLS_AND_BREAKS
    if pattern.search(text) is None:  # the common case: nothing to do
        return text
    return pattern.sub(_visible, text)
