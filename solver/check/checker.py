"""Checking answers: every gradable key of a solved set, a verdict for each.

For one key: read the student's text (never evaluated), compare it with the engine's
answer (cheap to expensive, in ``compare``), and when it is wrong, name the mistake by
matching it against the answers typical mistakes produce (``mistakes``). Points come from
the spec: full for correct, per-entry or per-diagnosis credit when the part allows it.

The answer record says how to compare, so nothing here depends on a kind: a ``Value``
with a ``match`` other than equal is compared up to scale or order (``unordered``), and
the groups of a ``Named`` answer that the student may give in any order (eigenpairs) are
first matched with ours by a permutation (``pairing``).

Kept whole (about 540 lines): one checking run, from a key to its verdict with diagnosis,
error carried forward and the first wrong step, reads best in one place.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import sympy

from solver import answers as A
from solver.check import fast
from solver.check.answerfile import AnswerFile
from solver.check.carry import CarryForward
from solver.check.compare import compare
from solver.check.compare.policy import DEFAULT_TOLERANCE, Comparison, Policy
from solver.check.expected import Expected, expected_keys, unsolved_key  # noqa: F401
from solver.check.mistakes import Mistake, mistakes
from solver.check.pairing import match_groups
from solver.check.read import is_blank, read_answer
from solver.check.read.choices import read_choice
from solver.check.unordered import compare_unordered
from solver.check.values import Invalid, StudentValue, Written
from solver.expr.matrices import ScaledIdentity
from solver.kinds import KINDS
from solver.memo import PerObject
from solver.numbers import adjugate_inverse, entry_matrix, is_closed_form
from solver.solving import SolvedPart, SolvedSet
from solver.spec.reader import did_you_mean

STATUSES = ("correct", "incorrect", "partial", "invalid", "missing", "undetermined")


@dataclass(frozen=True)
class Verdict:
    key: str
    status: str
    score: Any
    points: Any
    reason: str
    diagnosis: str | None = None
    decided_by: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Report:
    student: str
    file: str
    verdicts: tuple[Verdict, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def score(self):
        return exact_sum(v.score for v in self.verdicts)

    @property
    def max_score(self):
        return exact_sum(v.points for v in self.verdicts)


def exact_sum(values: Iterable) -> Any:
    """Σ values as SymPy adds them; integers and rationals (the usual points) are added as
    integers over a common denominator, which is the same exact sum, without SymPy's
    arithmetic."""
    values = list(values)
    fractions = [(value, 1) if type(value) is int else (int(value.p), int(value.q))
                 for value in values if type(value) is int or isinstance(value, sympy.Rational)]
    if len(fractions) < len(values):
        return sum(values, sympy.Integer(0))
    numerator, denominator = 0, 1
    for p, q in fractions:
        if q == denominator:
            numerator += p
        else:
            common = math.lcm(denominator, q)
            numerator = numerator * (common // denominator) + p * (common // q)
            denominator = common
    return sympy.Rational(numerator, denominator)


def answer_matches(expected: Expected, raw) -> bool:
    """Whether ``raw`` is right for ``expected`` by the checker's own reading and
    comparison (no diagnosis, no credit): an undecided comparison is not a match."""
    if is_blank(raw) or isinstance(expected.answer, A.Unsolved):
        return False
    student = _student_value(expected, raw)
    if isinstance(student, Invalid):
        return False
    student = _oriented(expected.answer, student)
    return _compare(expected.answer, student, _policy(expected, raw)).equal is True


def check_file(solved: SolvedSet, answers: AnswerFile, only_answered: bool = False,
               run: CheckRun | None = None, before: Callable[[str], None] | None = None,
               given_up: Mapping[str, str] | None = None) -> Report:
    """A verdict for every graded key (missing when unanswered) and every answered one.

    ``before(key)`` is called before each answer is checked (a grader's watchdog uses it);
    keys in ``given_up`` are not checked again: they are undetermined with the reason given.
    """
    run = CheckRun() if run is None else run
    given_up = given_up or {}
    keys = _paired(expected_keys(solved), answers, run, before, given_up)
    by_key = {expected.key: expected for expected in keys}
    verdicts = []
    for expected in keys:
        entry = answers.entries.get(expected.key)
        if entry is None:
            if expected.graded and not only_answered:
                verdicts.append(Verdict(expected.key, "missing", 0, expected.points,
                                        "no answer given"))
            continue
        if expected.key in given_up:
            verdicts.append(Verdict(expected.key, "undetermined", 0, expected.points,
                                    given_up[expected.key], line=entry.line))
            continue
        if before is not None:
            before(expected.key)
        verdicts.append(_as_given(expected, check_answer(expected, entry.raw, run,
                                                         line=entry.line)))
    notes = []
    for key, entry in answers.entries.items():
        if key not in by_key:
            hint = did_you_mean(key, by_key)
            notes.append(f"line {entry.line}: '{key}' is not a key of this problem set"
                         + (f" ({hint})" if hint else ""))
    verdicts = _carry_forward(verdicts, keys, answers, run)
    return Report(answers.student, answers.file, tuple(_first_wrong_step(verdicts, keys)),
                  tuple(notes))


def _paired(keys: list[Expected], answers: AnswerFile, run: CheckRun,
            before: Callable[[str], None] | None, given_up: Mapping[str, str]) -> list[Expected]:
    """Keys of interchangeable groups (``Named.interchangeable``), each answered one aimed
    at the group of ours the student's group matches (see ``pairing``)."""
    result = list(keys)
    for entry in {id(expected.entry): expected.entry for expected in keys}.values():
        named = entry.solved.answer
        if isinstance(named, A.Named) and named.interchangeable:
            own = {e.name: i for i, e in enumerate(result) if e.entry is entry and e.graded}
            answered = {name for name, i in own.items()
                        if result[i].key in answers.entries and result[i].key not in given_up}
            pairing = _Pairing(named, {name: result[i] for name, i in own.items()}, answers,
                               run, before)
            for mine, ours in match_groups(named.interchangeable, answered,
                                           pairing.fits).items():
                if mine != ours:
                    result[own[mine]] = pairing.aimed(mine, ours)
    return result


@dataclass(frozen=True)
class _Pairing:
    """The student's key ``mine`` checked against our answer ``ours`` of one part."""

    named: A.Named
    own: Mapping[str, Expected]
    answers: AnswerFile
    run: CheckRun
    before: Callable[[str], None] | None

    def aimed(self, mine: str, ours: str) -> Expected:
        return replace(self.own[mine], name=ours, answer=self.named[ours])

    def fits(self, mine: str, ours: str) -> bool:
        expected = self.aimed(mine, ours)
        if self.before is not None:
            self.before(expected.key)
        raw = self.answers.entries[expected.key].raw
        return self.run.verdict(expected, raw, None).status == "correct"


def _as_given(expected: Expected, verdict: Verdict) -> Verdict:
    """Say which of our answers a key matched when it is not its own."""
    if expected.name is None or expected.key.endswith(f".{expected.name}"):
        return verdict
    return replace(verdict, reason=f"{verdict.reason} (taken as {expected.name}: these "
                                   "answers may come in any order)")


def _carry_forward(verdicts: list[Verdict], keys: list[Expected], answers: AnswerFile,
                   run: CheckRun):
    """In parts with ``ecf: true``, credit a wrong answer that follows from the student's
    own wrong earlier value (the same computation, started from their number)."""
    by_key = {expected.key: expected for expected in keys}
    status = {verdict.key: verdict.status for verdict in verdicts}
    result = []
    for verdict in verdicts:
        expected = by_key.get(verdict.key)
        if expected is not None and expected.graded and verdict.status in ("incorrect",
                                                                            "partial") \
                and expected.entry.part.grading.ecf:
            memo = _part_answers(expected, keys, answers, status)
            change = run.carried(expected.entry, memo, lambda expected=expected:
                                 _carried_change(expected, keys, answers, status, run))
            if change is not None:
                verdict = replace(verdict, **change)
        result.append(verdict)
    return result


def _part_answers(expected: Expected, keys, answers: AnswerFile,
                  status: Mapping[str, str]) -> tuple:
    """What error carried forward into ``expected`` depends on: the key, and each key of
    its part with the answer it is checked against, the student's text and its status."""
    return (id(expected.entry), expected.key, expected.name,
            tuple((other.key, other.name, _frozen(answers.entries[other.key].raw)
                   if other.key in answers.entries else None, status.get(other.key))
                  for other in keys if other.entry is expected.entry))


def _carried_change(expected: Expected, keys, answers, status: Mapping[str, str],
                    run: CheckRun) -> dict | None:
    """Credit when the answer equals the value computed from the student's earlier values;
    the reason names those of them that are wrong (none wrong: nothing is carried). The
    verdict's fields that change, or None."""
    earlier = {}
    for other in keys:
        entry = answers.entries.get(other.key)
        if other.entry is expected.entry and other.name and entry is not None:
            value = _student_value(other, entry.raw, form=False)
            if isinstance(value, Written):
                earlier[other.name] = _oriented(other.answer, value).value
    part = expected.entry.part
    found = run.carry.carried(part.kind, part.inputs, expected.name, earlier)
    if found is None:
        return None
    value, sources = found
    wrong = [name for name in sources
             if status.get(f"{expected.entry.key}.{name}") in ("incorrect", "partial")]
    if not wrong:
        return None
    answer = value if isinstance(value, A.Interval) else _like(expected.answer, value)
    raw = answers.entries[expected.key].raw
    student = _oriented(answer, _student_value(expected, raw, answer=answer))
    if isinstance(student, Invalid):
        return None
    if not _compare(answer, student, _policy(expected, raw)).equal:
        return None
    source = " and ".join(wrong)
    verb = "itself is" if len(wrong) == 1 else "are"
    return {"status": "correct", "score": expected.points, "diagnosis": None,
            "decided_by": "ecf", "reason": f"correct from your own {source} (error carried "
                                           f"forward; {source} {verb} wrong)"}


CARRIED = "carried"  # marks a remembered change by error carried forward, not a verdict
RESOLVED = "resolved"  # marks a part re-solved from a student's values (``CarryForward``)


class CheckRun:
    """What one checking run (a student, or a whole class) works out once: the
    typical-mistake answers of each part, the verdict of each distinct answer, and what
    error carried forward changes given each distinct set of a part's answers.

    A verdict depends only on the part, the key and the answer's text (sampling seeds come
    from the text), so a class's identical answers are checked once.
    """

    MAX_VERDICTS = 65536

    def __init__(self):
        self._found: dict[int, tuple[SolvedPart, tuple[Mistake, ...]]] = {}  # entry kept alive
        self._verdicts: dict[tuple, tuple[SolvedPart, Verdict]] = {}
        self._shared: dict[int, SolvedPart] = {}
        self._learned: list[tuple[tuple, Verdict]] = []
        self.carry = CarryForward()

    def fresh(self) -> CheckRun:
        """A run that knows this one's typical mistakes and no verdict yet."""
        run = CheckRun()
        run._found = self._found
        return run

    def of(self, entry: SolvedPart) -> tuple[Mistake, ...]:
        if not self.knows(entry):
            self._found[id(entry)] = (entry, mistakes(entry.part.kind, entry.part.inputs,
                                                      entry.solved))
        return self._found[id(entry)][1]

    def knows(self, entry: SolvedPart) -> bool:
        """Whether the part's typical mistakes are worked out already."""
        known = self._found.get(id(entry))
        return known is not None and known[0] is entry

    def know(self, entry: SolvedPart, found: tuple[Mistake, ...]) -> None:
        """Take a part's typical mistakes worked out elsewhere (``of`` gives them)."""
        self._found[id(entry)] = (entry, found)

    def verdict(self, expected: Expected, raw, line: int | None) -> Verdict:
        memo = (id(expected.entry), expected.key, expected.name, _frozen(raw))
        known = self._verdicts.get(memo)
        if known is None or known[0] is not expected.entry:
            known = self._worked_out(memo, expected.entry, _check_answer(expected, raw, self))
        return _at_line(known[1], line)

    def carried(self, entry: SolvedPart, memo: tuple,
                work: Callable[[], dict | None]) -> dict | None:
        """What error carried forward changes in a verdict of ``entry`` (None: nothing),
        worked out by ``work`` once per ``memo`` (the part's id, then what it depends on)."""
        key = (CARRIED, *memo)
        known = self._verdicts.get(key)
        if known is None or known[0] is not entry:
            known = self._worked_out(key, entry, work())
        return known[1]

    def _worked_out(self, memo: tuple, entry: SolvedPart, value) -> tuple:
        """Remember what was worked out for ``memo``, to pass on when ``entry`` is shared."""
        known = (entry, value)
        self._remember(memo, known)
        if self._shared.get(id(entry)) is entry:
            self._learned.append((memo, value))
        return known

    def _remember(self, memo: tuple, known: tuple[SolvedPart, Verdict]) -> None:
        if len(self._verdicts) >= self.MAX_VERDICTS:
            self._verdicts.clear()
        self._verdicts[memo] = known

    def share(self, entries: Iterable[SolvedPart]) -> None:
        """Pass on the verdicts of these parts between processes forked after this call
        (the parts are then the same objects, at the same addresses, in each of them)."""
        self._shared = {id(entry): entry for entry in entries}
        self.carry.share()

    def learned(self) -> list[tuple[tuple, Any]]:
        """The verdicts of shared parts worked out here since the last call, what error
        carried forward changed in them, and the re-solves it took."""
        learned, self._learned = self._learned, []
        return learned + [((RESOLVED, key), given) for key, given in self.carry.learned()]

    def learn(self, items: Iterable[tuple[tuple, Any]]) -> None:
        """Take what another process worked out: verdicts and changes (of shared parts
        only), and re-solves."""
        for memo, verdict in items:
            if memo[0] == RESOLVED:
                self.carry.learn(memo[1], verdict)
                continue
            entry = self._shared.get(memo[1] if memo[0] == CARRIED else memo[0])
            if entry is not None and memo not in self._verdicts:
                self._remember(memo, (entry, verdict))


def _at_line(verdict: Verdict, line: int | None) -> Verdict:
    """``replace(verdict, line=line)``: a copy of the same fields with another line,
    without running the dataclass's ``__init__`` again (a class's every answer takes one)."""
    if verdict.line == line:
        return verdict
    copy = object.__new__(Verdict)
    copy.__dict__.update(verdict.__dict__, line=line)
    return copy


def check_answer(expected: Expected, raw, run: CheckRun | None = None,
                 line: int | None = None) -> Verdict:
    """The verdict for one answer (raw text or nested lists, as in an answer file)."""
    return (CheckRun() if run is None else run).verdict(expected, raw, line)


def _check_answer(expected: Expected, raw, found: CheckRun, line: int | None = None) -> Verdict:
    if is_blank(raw):
        return Verdict(expected.key, "missing", 0, expected.points, "empty answer", line=line)
    if isinstance(expected.answer, A.Unsolved):
        return Verdict(expected.key, "undetermined", 0, expected.points,
                       f"the engine has no answer: the part {expected.answer.reason}",
                       decided_by="structure", line=line)
    policy = _policy(expected, raw)
    shortcut = shortcut_verdict(expected, raw, found, line, policy) if fast.ON else None
    if shortcut is not None:
        return shortcut
    student = _student_value(expected, raw)
    if isinstance(student, Invalid):
        where = f" at column {student.position + 1}" if student.position is not None else ""
        hint = f" ({student.hint})" if student.hint else ""
        return Verdict(expected.key, "invalid", 0, expected.points,
                       f"could not read the answer{where}: {student.message}{hint}", line=line)
    student = _oriented(expected.answer, student)
    comparison = _compare(expected.answer, student, policy)
    if comparison.equal:
        return Verdict(expected.key, "correct", expected.points, expected.points,
                       comparison.reason or "correct", decided_by=comparison.decided_by,
                       line=line)
    if comparison.equal is None:
        return Verdict(expected.key, "undetermined", 0, expected.points,
                       comparison.reason or "could not decide in time; needs a person",
                       decided_by=comparison.decided_by, line=line)
    mistake = _diagnose(expected, student, policy, found)
    return _wrong(expected, comparison, mistake, line)


def shortcut_verdict(expected: Expected, raw, found: CheckRun, line: int | None,
                     policy: Policy | None = None) -> Verdict | None:
    """The verdict the full path gives an answer of exact rationals against an answer of
    exact rationals, or a matrix written out against a matrix of rational functions, worked
    out on their text and syntax trees (``fast``; only the first wrong entry of a matrix is
    read into SymPy, for its counterexample); None for other answers, and when a typical
    mistake is not of the same kind."""
    policy = _policy(expected, raw) if policy is None else policy
    compared = fast.rational_comparison(expected.answer, raw, policy)
    if compared is None:
        matrix = fast.rational_matrix(expected.answer, raw, dict(_sorted_names(expected)),
                                      policy)
        if matrix is None:
            return None
        comparison, same_as = matrix.comparison, matrix.same_as
    else:
        comparison, student = compared
        same_as = lambda answer: fast.same_entries(answer, student)  # noqa: E731
    if comparison.equal:
        return Verdict(expected.key, "correct", expected.points, expected.points,
                       comparison.reason or "correct", decided_by=comparison.decided_by,
                       line=line)
    for mistake in found.of(expected.entry):
        if mistake.name != expected.name:
            continue
        same = same_as(mistake.answer)
        if same is None:
            return None
        if same:
            return _wrong(expected, comparison, mistake, line)
    return _wrong(expected, comparison, None, line)


def _like(answer: A.Answer, value) -> A.Value | A.Word:
    """``value`` as an answer compared the way ``answer`` is (its match and blocks)."""
    if isinstance(answer, A.Word):
        return replace(answer, word=value)
    if not isinstance(answer, A.Value):
        return A.Value(value)
    same_columns = not answer.blocks or getattr(value, "cols", None) == answer.value.cols
    return replace(answer, value=value) if same_columns else A.Value(value, answer.match)


def _compare(answer: A.Answer, student: StudentValue, policy: Policy) -> Comparison:
    """``compare``, or up to order or scale when the answer says so (its ``match``); a
    closed form such as 2(Wh + c − y)hᵀ is compared in the entries when the student wrote
    it with the names of its matrices."""
    if isinstance(answer, A.Value) and answer.match != "equal":
        return compare_unordered(answer, student, policy)
    if isinstance(answer, A.Value) and is_closed_form(answer.value) \
            and isinstance(student, Written) and isinstance(student.value, sympy.MatrixBase) \
            and student.value.free_symbols:
        answer = replace(answer, value=_in_entries_once(answer.value, policy.names))
    return compare(answer, student, policy)


_written_out = PerObject(lambda _given: {}, size=1024)  # a key's definitions → its forms


def _in_entries_once(value: sympy.MatrixExpr,
                     given: Mapping[str, Any]) -> sympy.ImmutableMatrix:
    """``_in_entries``, worked out once per closed form and key (``given`` is the key's
    definitions, one object per key): a class writes the same few forms many ways."""
    known = _written_out(given)
    if value not in known:
        known[value] = _in_entries(value, given)
    return known[value]


def _in_entries(value: sympy.MatrixExpr,
                given: Mapping[str, sympy.MatrixBase]) -> sympy.ImmutableMatrix:
    """A closed form with every matrix written as its matrix of entries (``given``, else
    A_11 …) and each scalar ``given`` defines (f) as its value; each inverse as
    adj(A) / det A, as the answer's reader works it out. Not expanded: the Gaussian's
    gradient in entries has 276 nodes, expanded 2,294 (a check took 0.1-0.2 s)."""
    entries = {m: _entries_of(m, given) for m in value.atoms(sympy.MatrixSymbol)}
    entries.update({s: given[s.name] for s in value.free_symbols
                    if isinstance(s, sympy.Symbol) and isinstance(given.get(s.name), sympy.Expr)})
    explicit = value.xreplace(entries).replace(
        lambda e: isinstance(e, sympy.Inverse), lambda e: adjugate_inverse(e.arg)).doit()
    if isinstance(explicit, sympy.MatrixExpr):
        explicit = explicit.as_explicit()
    return sympy.ImmutableMatrix(sympy.Matrix(explicit))


def _entries_of(m: sympy.MatrixSymbol, given: Mapping[str, Any]) -> sympy.MatrixBase:
    """The matrix of entries the matrix ``m`` of a closed form stands for."""
    matrix = given.get(m.name)
    return matrix if isinstance(matrix, sympy.MatrixBase) and matrix.shape == m.shape \
        else entry_matrix(m.name, *m.shape)


def _student_value(expected: Expected, raw, form: bool = True, answer: A.Answer | None = None):
    """The student's answer for a key, read with its variables (and the form of ``answer``,
    the key's own answer unless given)."""
    answer = expected.answer if answer is None else answer
    if isinstance(answer, A.Word):
        return read_choice(raw, answer.options)
    extra, expect = (_extra_names(answer), _expected_form(answer)) if form else ((), None)
    return _read(_frozen(raw), _sorted_names(expected), extra, expect)


def _sorted_names(expected: Expected) -> tuple:
    """``_names`` of a key as sorted pairs, worked out once per key."""
    return _known_names(expected)[0]


def _definitions(expected: Expected) -> dict[str, Any]:
    """What a key's names stand for other than themselves (matrices of entries, f),
    worked out once per key."""
    return _known_names(expected)[1]


def _names_and_definitions(expected: Expected) -> tuple[tuple, dict[str, Any]]:
    names = tuple(sorted(_names(expected).items()))
    return names, {name: value for name, value in names
                   if isinstance(value, sympy.MatrixBase) or isinstance(value, sympy.Expr)
                   and not (isinstance(value, sympy.Symbol) and value.name == name)}


_known_names = PerObject(_names_and_definitions)


@lru_cache(maxsize=16384)
def _read(raw, names: tuple, extra_names: tuple, expect: str | None):
    """read_answer is pure: a class's identical answers (same names) are read once."""
    quick = fast.latex_decimal_matrix(raw) if fast.ON and expect is None else None
    if quick is not None:
        return quick
    return read_answer(_thawed(raw), dict(names), extra_names=extra_names, expect=expect)


def _frozen(raw):
    return tuple(_frozen(item) for item in raw) if isinstance(raw, list) else raw


def _thawed(raw):
    return [_thawed(item) for item in raw] if isinstance(raw, tuple) else raw


def _oriented(answer: A.Answer, student: StudentValue) -> StudentValue:
    """A vector written as a flat list (a column) is taken as the row the answer is."""
    if not (isinstance(answer, A.Value) and isinstance(student, Written)):
        return student
    expected, value = answer.value, student.value
    if isinstance(expected, sympy.MatrixBase) and isinstance(value, sympy.MatrixBase) \
            and expected.rows == 1 and expected.cols > 1 and value.shape == expected.T.shape:
        return replace(student, value=value.T)
    return student


def _wrong(expected: Expected, comparison, mistake: Mistake | None, line) -> Verdict:
    grading = expected.entry.part.grading
    score, status = sympy.Integer(0), "incorrect"
    if mistake is not None:
        credit = dict(grading.credit).get(mistake.code)
        if credit:
            score, status = expected.points * credit, "partial"
    if grading.partial and comparison.entry_score:
        entry_score = expected.points * comparison.entry_score
        if entry_score > score:
            score, status = entry_score, "partial"
    reason = mistake.message if mistake is not None else comparison.reason
    if mistake is not None and comparison.reason and comparison.decided_by == "shape":
        reason = f"{comparison.reason}; {mistake.message}"
    return Verdict(expected.key, status, score, expected.points, reason,
                   mistake.code if mistake else None, comparison.decided_by, line)


def _diagnose(expected: Expected, student: StudentValue, policy,
              found: CheckRun) -> Mistake | None:
    """The first typical mistake whose answer the student's equals (only whether they are
    equal is asked: a difference is not explained)."""
    bare = replace(policy, explain=False)
    for mistake in found.of(expected.entry):
        if mistake.name != expected.name:
            continue
        same = fast.same_values(mistake.answer, student, policy.sigfigs) if fast.ON else None
        if same is None:
            same = _compare(mistake.answer, student, bare).equal
        if same:
            return mistake
    return None


def _first_wrong_step(verdicts: list[Verdict], keys: list[Expected]) -> list[Verdict]:
    """Name the first wrong intermediate value in the feedback of a wrong final answer."""
    entry_of = {expected.key: expected.entry.key for expected in keys}
    graded = {expected.key: expected.graded for expected in keys}
    first_wrong: dict[str, str] = {}
    for verdict in verdicts:
        if not graded.get(verdict.key, True) and verdict.status in ("incorrect", "invalid"):
            first_wrong.setdefault(entry_of[verdict.key], verdict.key)
    result = []
    for verdict in verdicts:
        part_key = entry_of.get(verdict.key)
        wrong = first_wrong.get(part_key)
        if wrong and graded.get(verdict.key, True) and verdict.status in ("incorrect", "partial"):
            verdict = replace(verdict, reason=f"{verdict.reason} (first wrong step: {wrong})")
        result.append(verdict)
    return result


def _policy(expected: Expected, raw) -> Policy:
    grading = expected.entry.part.grading
    seed = int.from_bytes(hashlib.sha256(f"{expected.key}\0{raw!r}".encode()).digest()[:8],
                          "big")
    tolerance = grading.tolerance if grading.tolerance is not None else DEFAULT_TOLERANCE
    unset = grading.tolerance is None and grading.sigfigs is None and not grading.exact
    return Policy(tolerance=tolerance, sigfigs=grading.sigfigs, exact=grading.exact,
                    written_figures=unset, partial_entries=grading.partial, seed=seed,
                    names=_definitions(expected))


def _names(expected: Expected) -> dict[str, Any]:
    """The variables a student may use: every symbol of the expected answer and its part."""
    values = tuple(_values(expected.answer))
    symbols: set[sympy.Symbol] = set()
    for value in values:
        symbols |= getattr(value, "free_symbols", set())
    inputs = expected.entry.part.inputs
    for name in ("f", "where", "variables"):  # variables: names the part declares
        value = getattr(inputs, name, None)
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, sympy.Basic):
                symbols |= item.free_symbols
    names: dict[str, Any] = {s.name: s for s in symbols if isinstance(s, sympy.Symbol)}
    extra = KINDS[expected.entry.part.kind].answer_names
    given = extra(inputs) if extra is not None else {}  # as the part was solved
    for value in values:  # a closed form's matrices by name: W h^T
        if is_closed_form(value):
            for m in value.atoms(sympy.MatrixSymbol):
                matrix = _entries_of(m, given)
                names.update({s.name: s for s in matrix.free_symbols})
                names[m.name] = matrix
            names.setdefault("I", ScaledIdentity())  # the identity: (XᵀX + λI)w
    for name, value in given.items():  # a closed form in a key of entries: W h^T
        current = names.get(name)
        if current is None or isinstance(current, sympy.Symbol) and current.name == name:
            names[name] = value  # f: the function's value, not a symbol of its own
        for entry in getattr(value, "free_symbols", ()):
            names.setdefault(entry.name, entry)
    if names.get("I") == ScaledIdentity():  # I alone: the identity of the answer's size
        names["I"] = ScaledIdentity(side=next((v.rows for v in values if _square(v)), None))
    if any(isinstance(value, sympy.Basic) and value.has(sympy.I) for value in values):
        names.setdefault("i", sympy.I)  # a non-real answer: i is the imaginary unit
    for name, symbol in list(names.items()):  # entry symbols A_12 may be typed A12
        if isinstance(symbol, sympy.Symbol):
            names.setdefault(name.replace("_", ""), symbol)
    return names


def _square(value) -> bool:
    return isinstance(value, sympy.MatrixBase | sympy.MatrixExpr) and value.is_square


def _values(answer: A.Answer):
    match answer:
        case A.Value(value=value):
            yield value
        case A.Named(items=items):
            for _, item in items:
                yield from _values(item)
        case A.InfinitelyMany():
            yield answer.particular
            yield from answer.basis
        case A.Interval():
            yield answer.lower
            yield answer.upper
        case A.PointSet():
            for point in answer.points:
                yield from point.coordinates


def _extra_names(answer: A.Answer) -> tuple[str, ...]:
    if isinstance(answer, A.Interval):
        return (answer.variable,)
    return ()


def _expected_form(answer: A.Answer) -> str | None:
    return {A.PointSet: "points", A.Interval: "range", A.InfinitelyMany: "family",
            A.NoBound: "range"}.get(type(answer))
