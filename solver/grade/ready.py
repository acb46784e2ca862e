"""What every worker needs, worked out once before the workers are forked: each part's
typical mistakes and its worked solution for the feedback.

With two or more processes at hand, every other part is done in a forked process and
sent back pickled. A part's mistakes are taken only when they pickle again to the very
same bytes (SymPy rebuilds some unevaluated products on unpickling, and a rebuilt value
could be compared differently); otherwise they are worked out here. Worked solutions are
text. The workers then start with nothing left to prepare, and every result is what one
process alone would give.
"""

from __future__ import annotations

import pickle

from solver.check.checker import expected_keys
from solver.grade.background import Background, BackgroundFailed
from solver.grade.feedback_files import feedback_for
from solver.grade.work import Grader
from solver.render.environment import environment

FEEDBACK_TEMPLATES = {"markdown": "grade/feedback.md.jinja", "latex": "grade/feedback.tex.jinja"}


def ready(grader: Grader, formats: tuple[str, ...], processes: int) -> None:
    """Work out every part's typical mistakes and its worked solution in ``formats``;
    with ``processes`` of 2 or more, shared with a forked process, each taking the next
    part not yet taken."""
    for fmt in formats:
        environment().get_template(FEEDBACK_TEMPLATES[fmt])
    entries = list({id(e.entry): e.entry for e in expected_keys(grader.solved)}.values())
    if processes < 2 or len(entries) < 2 or grader.specs is not None:
        _worked_out(grader, entries, formats, _Next(len(entries)))
    else:
        taken = _Next(len(entries))
        elsewhere = Background(_worked_out, grader, entries, formats, taken, True,
                               name="hwsolver-ready")
        try:
            _worked_out(grader, entries, formats, taken)
            try:
                _take(grader, entries, elsewhere.result())
            except BackgroundFailed:
                _worked_out(grader, entries, formats, _Next(len(entries)))
        finally:
            elsewhere.kill()
    grader.warm()


class _Next:
    """The index of the next part not yet taken, shared by forked processes."""

    def __init__(self, count: int):
        import multiprocessing

        self.count = count
        self._value = multiprocessing.get_context("fork").Value("i", 0)

    def __iter__(self):
        while True:
            with self._value.get_lock():
                index = self._value.value
                self._value.value = index + 1
            if index >= self.count:
                return
            yield index


def _worked_out(grader: Grader, entries: list, formats: tuple[str, ...], taken: _Next,
                to_send: bool = False) -> list:
    """The typical mistakes and worked solutions of each part taken here; with
    ``to_send``, a list of (index, mistakes pickled, worked solution per format)."""
    feedback = feedback_for(grader.solved)
    done = []
    for index in taken:
        entry = entries[index]
        mistakes = grader.run.of(entry)
        texts = {fmt: feedback.worked(entry.key, fmt) for fmt in formats}
        if to_send:
            done.append((index, pickle.dumps(mistakes, protocol=pickle.HIGHEST_PROTOCOL),
                         texts))
    return done


def _take(grader: Grader, entries: list, found: list) -> None:
    feedback = feedback_for(grader.solved)
    for index, data, texts in found:
        entry = entries[index]
        mistakes = pickle.loads(data)  # noqa: S301 - our own forked process's bytes
        if pickle.dumps(mistakes, protocol=pickle.HIGHEST_PROTOCOL) == data:
            grader.run.know(entry, mistakes)
        else:
            grader.run.of(entry)
        for fmt, text in texts.items():
            feedback.know(entry.key, fmt, text)
