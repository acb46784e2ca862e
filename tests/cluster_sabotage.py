"""Preloaded into the test cluster's workers (``dask worker --preload``): the checker hangs
on the answer HANG, kills its process on DIE and takes a little while on SLOW, so the
limits and a worker killed mid-task can be tested on real worker processes."""

from __future__ import annotations

import os
import time

import solver.check.checker as checker_module

# a worker may run its preloads more than once: wrap the real checker, never a wrapper
_real = getattr(checker_module, "_unsabotaged", checker_module.check_answer)
checker_module._unsabotaged = _real


def _sabotaged(expected, raw, run=None, line=None):
    if raw == "HANG":
        time.sleep(120)
    if raw == "DIE":
        os._exit(7)
    if raw == "SLOW":
        time.sleep(0.25)
    return _real(expected, raw, run, line)


checker_module.check_answer = _sabotaged
