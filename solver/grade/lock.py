"""One grading run per output folder at a time.

The run holds an ``fcntl`` lock on ``OUT/.hwsolver/lock``, which holds its pid. The kernel
drops the lock when the process ends, however it ends, so a lock file left by a dead run
never blocks the next one; forked workers do not hold it (POSIX record locks belong to
the process that took them).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from solver.errors import HwsolverError
from solver.grade.journal import writing

NAME = "lock"


class Busy(HwsolverError):
    """Another run is writing into the same output folder."""


class OutputLock:
    """``with OutputLock(out, state):`` — the run's claim on ``out``; raises Busy when
    another process has it, OutputError when the folder cannot be written."""

    def __init__(self, out: Path, state: Path):
        self.out, self.path = out, state / NAME
        self._descriptor: int | None = None

    def __enter__(self) -> OutputLock:
        with writing(self.path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(descriptor, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(descriptor)
            raise Busy(f"{self.out}: another hwsolver grade (pid {holder}) is writing into "
                       "this folder; wait for it to finish, or stop it, then run again") \
                from None
        try:
            with writing(self.path):
                os.ftruncate(descriptor, 0)
                os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        except BaseException:
            os.close(descriptor)
            raise
        self._descriptor = descriptor
        return self

    def __exit__(self, *_exc) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing drops the lock; the file stays, harmless
            self._descriptor = None
