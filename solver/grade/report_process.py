"""The class report's own process, started before the run loads anything heavy.

``hwsolver grade`` starts it first, so that the report's templates and their imports
load on a core the run does not use yet (the run itself is loading SymPy and
solving the spec), not on the cores that grade. It then waits for the class statistics
(``write_outputs``'s ``report``). This module imports nothing heavy itself.
"""

from __future__ import annotations

from solver.grade.background import Background


def report_process() -> Background:
    """A forked process that loads what the class report takes, then waits for the
    statistics and writes the report."""
    return Background.waiting(_prepare, _write)


def _prepare() -> None:
    from solver.grade.classreport import prepare_report

    prepare_report()


def _write(*arguments):
    from solver.grade.classreport import write_statistics_report

    return write_statistics_report(*arguments)
