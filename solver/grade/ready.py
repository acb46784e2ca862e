"""What every worker needs, worked out once before the workers are forked: each part's
typical mistakes and its worked solution for the feedback.

With two or more processes at hand, every other part is done in a forked process and
sent back pickled as built (``solver.pickled``). A problem or a part's mistakes are taken
only when their copy here has the structure the sender fingerprinted; otherwise they are
worked out here. Worked solutions are text. The workers then start with nothing left to
prepare, and every result is what one process alone would give.
"""

from __future__ import annotations

from solver import pickled
from solver.check.checker import expected_keys
from solver.grade.background import Background, BackgroundFailed, NextIndex
from solver.grade.feedback_files import feedback_for
from solver.grade.work import Grader, grader_from_text, spec_digest
from solver.render.environment import environment
from solver.solving import SolvedSet, solve_problem
from solver.spec.load import load_text

FEEDBACK_TEMPLATES = {"markdown": "grade/feedback.md.jinja", "latex": "grade/feedback.tex.jinja"}


def prepared_grader(spec_text: str, spec_file: str, solve_limit: float | None,
                    processes: int) -> Grader:
    """The spec loaded and solved (raises SpecErrors for a bad one); with ``processes``
    of 2 or more, a forked process solves the problems it takes first, each taken back
    only when its copy here has the structure the sender fingerprinted."""
    problem_set = load_text(spec_text, spec_file)
    problems = problem_set.problems
    if processes < 2 or len(problems) < 2:
        return grader_from_text(spec_text, spec_file, solve_limit)
    taken = NextIndex(len(problems))
    elsewhere = Background(_solved, problems, solve_limit, taken, True, name="hwsolver-ready")
    try:
        solved = dict(_solved(problems, solve_limit, taken))
        try:
            for index, data, fingerprint in elsewhere.result():
                solved[index] = _taken_back(problems[index], data, fingerprint, solve_limit)
        except BackgroundFailed:
            solved.update(_solved(problems, solve_limit, NextIndex(len(problems)), skip=solved))
    finally:
        elsewhere.kill()
    return _grader(problem_set, spec_text, solved)


def _grader(problem_set, spec_text: str, solved: dict) -> Grader:
    """The grader of ``problem_set`` with its problems solved (``solved[index]``)."""
    return Grader(SolvedSet(problem_set.title, problem_set.stem, problem_set.file,
                            tuple(solved[index] for index in range(len(problem_set.problems)))),
                  spec_digest(spec_text.encode("utf-8")))


def _taken_back(problem, data: bytes, fingerprint: str | None, limit: float | None):
    """A problem solved elsewhere, when its copy here has the structure the sender
    fingerprinted; otherwise solved here."""
    copy = pickled.copy_back(data, fingerprint)
    return copy if copy is not None else solve_problem(problem, limit)


def _sent(value) -> tuple[bytes, str | None]:
    """``value`` pickled as built, and its fingerprint."""
    return pickled.dumps(value), pickled.fingerprint(value)


def _solved(problems, limit: float | None, taken: NextIndex, to_send: bool = False,
            skip=()) -> list:
    """(index, solved problem) for each problem taken here; with ``to_send``, (index,
    pickled problem, its fingerprint)."""
    done = []
    for index in taken:
        if index not in skip:
            problem = solve_problem(problems[index], limit)
            done.append((index, *_sent(problem)) if to_send else (index, problem))
    return done


def ready(grader: Grader, formats: tuple[str, ...], processes: int) -> None:
    """Work out every part's typical mistakes and its worked solution in ``formats``;
    with ``processes`` of 2 or more, shared with a forked process, each taking the next
    part not yet taken."""
    for fmt in formats:
        environment().get_template(FEEDBACK_TEMPLATES[fmt])
    entries = _parts(grader)
    if processes < 2 or len(entries) < 2 or grader.specs is not None:
        _worked_out(grader, entries, formats, NextIndex(len(entries)))
    else:
        taken = NextIndex(len(entries))
        elsewhere = Background(_worked_out, grader, entries, formats, taken, True,
                               name="hwsolver-ready")
        try:
            _worked_out(grader, entries, formats, taken)
            try:
                _take(grader, entries, elsewhere.result())
            except BackgroundFailed:
                _worked_out(grader, entries, formats, NextIndex(len(entries)))
        finally:
            elsewhere.kill()
    grader.warm()


def _parts(grader: Grader) -> list:
    """The set's parts, each once (a part with several keys is one part)."""
    return list({id(e.entry): e.entry for e in expected_keys(grader.solved)}.values())


def _worked_out(grader: Grader, entries: list, formats: tuple[str, ...], taken: NextIndex,
                to_send: bool = False) -> list:
    """The typical mistakes and worked solutions of each part taken here; with
    ``to_send``, a list of (index, mistakes pickled, their fingerprint, worked solution
    per format)."""
    feedback = feedback_for(grader.solved)
    done = []
    for index in taken:
        entry = entries[index]
        mistakes = grader.run.of(entry)
        texts = {fmt: feedback.worked(entry.key, fmt) for fmt in formats}
        if to_send:
            done.append((index, *_sent(mistakes), texts))
    return done


def _take(grader: Grader, entries: list, found: list) -> None:
    feedback = feedback_for(grader.solved)
    for index, data, fingerprint, texts in found:
        entry = entries[index]
        mistakes = pickled.copy_back(data, fingerprint)
        if mistakes is not None:
            grader.run.know(entry, mistakes)
        else:
            grader.run.of(entry)
        for fmt, text in texts.items():
            feedback.know(entry.key, fmt, text)


def bundle(grader: Grader, formats: tuple[str, ...] = ()) -> bytes:
    """What ``ready`` worked out for ``grader`` (each solved problem and each part's
    typical mistakes, each with its fingerprint, and the worked solutions in ``formats``),
    pickled for another machine: ``grader_from_bundle`` rebuilds the grader from it."""
    entries = _parts(grader)
    problems = [(index, *_sent(problem)) for index, problem in enumerate(grader.solved.problems)]
    return pickled.dumps((problems, _worked_out(grader, entries, formats,
                                                NextIndex(len(entries)), True)))


def grader_from_bundle(spec_text: str, spec_file: str, solve_limit: float | None,
                       data: bytes) -> Grader:
    """The grader ``bundle`` was made from: each problem and each part's mistakes taken
    from the bundle when its copy has the structure the sender fingerprinted, worked out
    here otherwise (raises SpecErrors for a bad spec)."""
    problem_set = load_text(spec_text, spec_file)
    problems, parts = pickled.loads(data)
    sent = {index: (problem, fingerprint) for index, problem, fingerprint in problems}
    grader = _grader(problem_set, spec_text, {
        index: _taken_back(problem, *sent[index], solve_limit) if index in sent
        else solve_problem(problem, solve_limit)
        for index, problem in enumerate(problem_set.problems)})
    _take(grader, _parts(grader), parts)
    return grader
