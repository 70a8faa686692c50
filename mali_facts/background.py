"""One piece of work done in a forked child process while this process goes on.

``check`` on a large ledger runs the statement check (:mod:`mali_facts.consistency`)
and the verification session side by side: they do not depend on each other, and
while the session's main process reads, matches and waits for its workers, a core
is free. :func:`start` forks a child that computes ``fn()`` and sends back what it
returns (pickled, through a pipe); the function it returns waits for the child and
gives that value.

The result is the same as calling ``fn()`` here: the child is a copy of this process
at the moment of the fork and runs the same code on the same data. Should the child
fail for any reason (it raised, was killed, sent something unreadable), ``fn()`` is
called here instead, so an exception is raised here, as it would have been. Nothing
is forked where fork is not the way processes start (not on Linux), or when only
one core is there: then ``fn()`` runs at once, here.

``fn`` must not change anything in this process that is read later (the child's
changes are lost): it returns what it computed, and may write files.
"""

from __future__ import annotations

import os
import sys
import weakref
from typing import Callable, Generic, Optional, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether :func:`start` forks (Linux, two cores or more)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):  # pragma: no cover - Linux has it
        return (os.cpu_count() or 1) > 1


class Result(Generic[T]):
    """``fn()``'s value, computed in a child process (see :func:`start`)."""

    def __init__(self, fn: Callable[[], T], pid: Optional[int] = None, fd: Optional[int] = None,
                 value: Optional[T] = None) -> None:
        self._fn, self._pid, self._fd, self._value = fn, pid, fd, value
        self._done = pid is None  # the value is known
        self._reaper = weakref.finalize(self, _reap, pid, fd) if pid is not None else None

    def __call__(self) -> T:
        """Wait for the child and return ``fn()``'s value (computed here if it failed)."""
        if self._done:
            return self._value  # type: ignore[return-value]
        if self._pid is None:  # the child failed and so did fn() here: again, here
            self._value = self._fn()
            self._done = True
            return self._value
        pid, fd = self._pid, self._fd
        self._pid = self._fd = None
        self._reaper.detach()
        data, status = b"", -1
        try:
            chunks = []
            while True:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            data = b"".join(chunks)
        except OSError:
            pass
        finally:
            os.close(fd)
            status = _wait(pid)
        if status == 0 and data:
            import pickle

            try:
                self._value = pickle.loads(data)
                self._done = True
                return self._value  # type: ignore[return-value]
            except Exception:  # damaged: compute it here
                pass
        self._value = self._fn()
        self._done = True
        return self._value


def start(fn: Callable[[], T], fork: Optional[bool] = None) -> Result[T]:
    """``fn()`` computed in a forked child process while this one goes on; call the
    result to have its value. ``fork``: False computes it here at once; None (the
    default) forks when :func:`can_fork`.

    >>> r = start(lambda: sum(range(10)))
    >>> r(), r()
    (45, 45)
    """
    if fork is None:
        fork = can_fork()
    if not fork:
        return Result(fn, value=fn())
    try:
        read, write = os.pipe()
    except OSError:
        return Result(fn, value=fn())
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return Result(fn, value=fn())
    if pid == 0:  # the child: compute, send, and leave without running any cleanup
        code = 1
        try:
            import pickle
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
            os.close(read)
            data = memoryview(pickle.dumps(fn(), protocol=pickle.HIGHEST_PROTOCOL))
            while data:
                data = data[os.write(write, data):]
            code = 0
        except BaseException:
            pass
        finally:
            os._exit(code)
    os.close(write)
    return Result(fn, pid, read)


def _wait(pid: int) -> int:
    """The exit code of the child ``pid`` (-1 if killed or already gone)."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return -1
    return os.waitstatus_to_exitcode(status)


def _reap(pid: int, fd: int) -> None:
    """A result never asked for: stop the child and free its pipe and process entry."""
    import signal

    try:
        os.close(fd)
    except OSError:
        pass
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    _wait(pid)
