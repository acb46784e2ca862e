"""What every worker needs, worked out once before the workers are forked: each part's
typical mistakes and its worked solution for the feedback.

With two or more processes at hand, a forked process shares the work: each process takes
the next problem not yet taken, solves it, and works out its parts' mistakes and worked
solutions at once (where what solving it computed is still at hand). What the forked
process did is sent back pickled as built (``solver.pickled``): a problem or a part's
mistakes are taken only when their copy here has the structure the sender fingerprinted;
otherwise they are worked out here. Worked solutions are text. With one process, it does
the same alone, problem by problem. The workers then start with nothing left to prepare,
and every result is what one process alone would give.
"""

from __future__ import annotations

from collections.abc import Iterable

from solver import pickled
from solver.check.checker import CheckRun, expected_keys
from solver.grade.background import Background, BackgroundFailed, NextIndex
from solver.grade.feedback import Feedback
from solver.grade.feedback_files import feedback_for
from solver.grade.work import Grader, spec_digest
from solver.render.environment import environment
from solver.solving import SolvedSet, solve_problem
from solver.spec.load import load_text

FEEDBACK_TEMPLATES = {"markdown": "grade/feedback.md.jinja", "latex": "grade/feedback.tex.jinja"}


def prepared_grader(spec_text: str, spec_file: str, solve_limit: float | None,
                    processes: int, formats: tuple[str, ...] = ()) -> Grader:
    """The spec loaded and solved (raises SpecErrors for a bad one), each problem's parts
    with their typical mistakes and worked solutions in ``formats`` worked out as it is
    solved; with ``processes`` of 2 or more, shared with a forked process problem by
    problem (``ready`` does what is left)."""
    problem_set = load_text(spec_text, spec_file)
    problems = problem_set.problems
    _load_templates(formats)
    run, texts = CheckRun(), {}
    if processes < 2 or len(problems) < 2:  # the same, problem by problem, here alone
        solved = {}
        for index, problem, worked in _prepared(problem_set, solve_limit, formats,
                                                range(len(problems)), run):
            solved[index] = problem
            texts.update(worked)
        return _with_worked(_grader(problem_set, spec_text, solved, run), texts)
    taken = NextIndex(len(problems))
    elsewhere = Background(_prepared, problem_set, solve_limit, formats, taken, CheckRun(),
                           True, name="hwsolver-ready")
    try:
        solved = {}
        for index, problem, worked in _prepared(problem_set, solve_limit, formats, taken, run):
            solved[index] = problem
            texts.update(worked)
        try:
            for index, data, fingerprint, mistakes, worked in elsewhere.result():
                problem = pickled.copy_back(data, fingerprint)
                if problem is None:  # not rebuilt as built: solved here, prepared by ``ready``
                    solved[index] = solve_problem(problems[index], solve_limit)
                    continue
                solved[index] = problem
                for entry, (found, its_fingerprint) in zip(_parts_of(problem_set, problem),
                                                           mistakes, strict=True):
                    copy = pickled.copy_back(found, its_fingerprint)
                    if copy is not None:
                        run.know(entry, copy)
                texts.update(worked)
        except BackgroundFailed:
            solved.update({index: solve_problem(problem, solve_limit)
                           for index, problem in enumerate(problems) if index not in solved})
    finally:
        elsewhere.kill()
    return _with_worked(_grader(problem_set, spec_text, solved, run), texts)


def _with_worked(grader: Grader, texts: dict) -> Grader:
    """The grader, its feedback knowing the worked solutions by (part key, format)."""
    feedback = feedback_for(grader.solved)
    for (part_key, fmt), text in texts.items():
        feedback.know(part_key, fmt, text)
    return grader


def _prepared(problem_set, limit: float | None, formats: tuple[str, ...],
              taken: Iterable[int], run: CheckRun, to_send: bool = False) -> list:
    """(index, solved problem, its parts' worked solutions by (part, format)) for each
    problem taken here, its parts' mistakes worked out in ``run``; with ``to_send``, (index,
    pickled problem, its fingerprint, each part's (pickled mistakes, fingerprint), worked
    solutions)."""
    done = []
    for index in taken:
        problem = solve_problem(problem_set.problems[index], limit)
        parts = _parts_of(problem_set, problem)
        feedback = Feedback(_alone(problem_set, problem))
        worked = {(entry.key, fmt): feedback.worked(entry.key, fmt)
                  for entry in parts for fmt in formats}
        mistakes = [run.of(entry) for entry in parts]
        done.append((index, *_sent(problem), [_sent(found) for found in mistakes], worked)
                    if to_send else (index, problem, worked))
    return done


def _alone(problem_set, problem) -> SolvedSet:
    """A set of one solved problem (its parts' keys are those of the whole set)."""
    return SolvedSet(problem_set.title, problem_set.stem, problem_set.file, (problem,))


def _parts_of(problem_set, problem) -> list:
    """A solved problem's parts, each once, in order."""
    return list({id(e.entry): e.entry
                 for e in expected_keys(_alone(problem_set, problem))}.values())


def _load_templates(formats: tuple[str, ...]) -> None:
    """Compile the feedback templates once, before any process is forked."""
    for fmt in formats:
        environment().get_template(FEEDBACK_TEMPLATES[fmt])


def _grader(problem_set, spec_text: str, solved: dict, run: CheckRun | None = None) -> Grader:
    """The grader of ``problem_set`` with its problems solved (``solved[index]``)."""
    return Grader(SolvedSet(problem_set.title, problem_set.stem, problem_set.file,
                            tuple(solved[index] for index in range(len(problem_set.problems)))),
                  spec_digest(spec_text.encode("utf-8")), run=run or CheckRun())


def _taken_back(problem, data: bytes, fingerprint: str | None, limit: float | None):
    """A problem solved elsewhere, when its copy here has the structure the sender
    fingerprinted; otherwise solved here."""
    copy = pickled.copy_back(data, fingerprint)
    return copy if copy is not None else solve_problem(problem, limit)


def _sent(value) -> tuple[bytes, str | None]:
    """``value`` pickled as built, and its fingerprint."""
    return pickled.dumps(value), pickled.fingerprint(value)


def ready(grader: Grader, formats: tuple[str, ...], processes: int) -> None:
    """Work out each part's typical mistakes and its worked solution in ``formats``, where
    not known yet (``prepared_grader`` may have worked them all out); with ``processes``
    of 2 or more, shared with a forked process, each taking the next part not yet taken."""
    _load_templates(formats)
    feedback = feedback_for(grader.solved)
    entries = [entry for entry in _parts(grader)
               if not grader.run.knows(entry) or not all(feedback.knows(entry.key, fmt)
                                                           for fmt in formats)]
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
