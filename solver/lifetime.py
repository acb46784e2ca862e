"""Processes that do not outlive the run that started them.

A forked child whose parent has gone would compute on, re-parented, at full speed. So a
child calls ``die_with_parent`` first thing: on Linux the kernel kills it the moment its
parent exits (``PR_SET_PDEATHSIG``, which holds even while the child is deep in C code);
elsewhere a daemon thread compares the parent's pid twice a second and ends the child,
and the process group it leads, once the parent has changed. The parent side turns
``SIGTERM`` (what ``timeout``, systemd and batch schedulers send) into ``Terminated``, a
``KeyboardInterrupt``, so a terminated run cleans up exactly as one stopped with Ctrl-C.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
POLL_SECONDS = 0.5


class Terminated(KeyboardInterrupt):
    """The run was sent SIGTERM: stop as after Ctrl-C."""


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises ``Terminated`` in the main thread (elsewhere, where
    Python allows no signal handlers, nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(_signum, _frame):
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def die_with_parent(parent: int) -> None:
    """Make this (forked) process end when ``parent`` does; end now if it already has.
    The child also gets back the default SIGTERM, which its parent may have replaced."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _kernel_kills_orphans():
        watch_parent(parent)
    if os.getppid() != parent:  # the parent left before the kernel was asked
        _end()


def watch_parent(parent: int, seconds: float = POLL_SECONDS) -> threading.Thread:
    """The portable way: a daemon thread that ends this process (and the process group it
    leads) within ``seconds`` of ``parent`` going away."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(seconds)
        _end()

    thread = threading.Thread(target=watch, name="hwsolver-parent-watch", daemon=True)
    thread.start()
    return thread


def _linux_prctl():
    """libc's prctl, looked up once, before any fork (None where there is none)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _linux_prctl()


def _kernel_kills_orphans() -> bool:
    """Ask Linux to send SIGKILL to this process when its parent exits."""
    return _PRCTL is not None and _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0


def _end() -> None:
    if os.getpgrp() == os.getpid():  # a group leader takes what it forked along
        os.killpg(os.getpid(), signal.SIGKILL)
    os._exit(1)
