"""Which solved set grades which student: one set for everybody, or each student's own
variant of a spec with ``vary:``.

Checking and grading reach variants only through a ``SpecsByStudent``:

- ``for_student(id)``: the solved set that student is graded against (solved once per
  distinct student, then kept);
- ``variant_id(id)``: the id whose variant grades a submission: the roster's spelling when
  the student is on it (ids match case aside), else the id as written;
- ``on_roster(id)``: True or False, None without a roster;
- ``others(id)``: the other students' variants that a wrong answer is compared with
  (``compared``: at most ``MAX_COMPARED`` of them, submitters first, then by id);
- ``values(id)``: that student's varied names and their values, as text;
- ``requirements``: each varying problem's requirements, which every variant meets.

``specs_from_file`` builds one from a spec file: a spec that does not vary is loaded and
solved once, as it always was; one that varies is loaded per student by
``solver.variants.load_variant``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

import solver.variants as variants
from solver.errors import HwsolverError
from solver.solving import SolvedSet, solve_set
from solver.spec.model import ProblemSet
from solver.variants import roster

MAX_COMPARED = 100  # variants a wrong answer is compared with, at most


class RosterError(HwsolverError):
    """A roster that cannot be read, or one given while variants are not available."""


class Student(Protocol):
    id: str
    name: str


class SpecsByStudent:
    """One solved set for everybody (``varies`` is False); the roster, when given, only
    says who is on it."""

    varies = False

    def __init__(self, solved: SolvedSet | None, roster: Sequence[Student] | None = None,
                 roster_digest: str = ""):
        self._solved = solved  # None in a subclass that solves per student
        self.roster = tuple(roster) if roster is not None else None
        self._on_roster = {s.id.casefold(): s for s in self.roster or ()}
        self.roster_digest = roster_digest

    @property
    def reference(self) -> SolvedSet:
        """The set whose keys, points and title stand for every variant's."""
        return self.for_student("")

    def for_student(self, student: str) -> SolvedSet:
        assert self._solved is not None
        return self._solved

    def roster_entry(self, student: str) -> Student | None:
        return self._on_roster.get(student.casefold())

    def on_roster(self, student: str) -> bool | None:
        return None if self.roster is None else self.roster_entry(student) is not None

    def variant_id(self, student: str) -> str:
        entry = self.roster_entry(student)
        return entry.id if entry is not None else student

    def prepare(self, students: Iterable[str]) -> None:
        """Solve, now, every variant grading these students will need (before forking)."""

    def others(self, student: str) -> tuple[tuple[str, SolvedSet], ...]:
        return ()

    @property
    def compared(self) -> tuple[str, ...]:
        return ()

    @property
    def not_compared(self) -> int:
        return 0

    def values(self, student: str) -> dict[str, str]:
        return {}

    @property
    def requirements(self) -> dict[str, tuple[str, ...]]:
        """Problem id → the requirements every variant of it meets (none: no variants)."""
        return {}

    def unsolved(self) -> str | None:
        """Why a prepared set cannot be graded (the first graded key without an answer)."""
        from solver.check.checker import unsolved_key

        return unsolved_key(self.for_student(""))

    def identity(self) -> str:
        """What besides the spec's bytes decides a result (for reusing journaled ones)."""
        return f"roster:{self.roster_digest}" if self.roster is not None else ""


class PerStudent(SpecsByStudent):
    """Each student's own variant: ``load(id)`` gives its concrete set, solved once per
    distinct id and kept; ``values_of(id, set)`` names its varied values (by default
    every given value of the concrete set); ``requirements`` are each problem's, which
    every variant meets."""

    varies = True

    def __init__(self, load: Callable[[str], ProblemSet], solve_limit: float | None,
                 roster: Sequence[Student] | None = None, roster_digest: str = "",
                 values_of: Callable[[str, ProblemSet], dict[str, str]] | None = None,
                 max_compared: int = MAX_COMPARED,
                 requirements: dict[str, tuple[str, ...]] | None = None):
        self._load, self._limit = load, solve_limit
        self._requirements = dict(requirements or {})
        self._values_of = values_of or given_values
        self._solved_by: dict[str, SolvedSet] = {}
        self._values_by: dict[str, dict[str, str]] = {}
        self._max_compared = max_compared
        self._compared: tuple[str, ...] = ()
        self._known = 0
        super().__init__(None, roster, roster_digest)

    @property
    def reference(self) -> SolvedSet:
        if not self._solved_by:
            first = self.roster[0].id if self.roster else ""
            return self.for_student(first)
        return self._solved_by[min(self._solved_by)]

    def for_student(self, student: str) -> SolvedSet:
        if student not in self._solved_by:
            concrete = self._load(student)
            self._values_by[student] = self._values_of(student, concrete)
            self._solved_by[student] = solve_set(concrete, self._limit)
        return self._solved_by[student]

    def values(self, student: str) -> dict[str, str]:
        self.for_student(student)
        return self._values_by[student]

    @property
    def requirements(self) -> dict[str, tuple[str, ...]]:
        return dict(self._requirements)

    def prepare(self, students: Iterable[str]) -> None:
        """Solve the submitters' variants and fix the ones wrong answers are compared with:
        submitters first, then the rest of the roster, each by id, at most
        ``max_compared``."""
        submitters = sorted({self.variant_id(s) for s in students})
        rest = sorted({s.id for s in self.roster or ()} - set(submitters))
        known = submitters + rest
        self._known = len(known)
        self._compared = tuple(known[: self._max_compared])
        for student in [*submitters, *self._compared]:
            self.for_student(student)

    @property
    def compared(self) -> tuple[str, ...]:
        return self._compared

    @property
    def not_compared(self) -> int:
        return self._known - len(self._compared)

    def others(self, student: str) -> tuple[tuple[str, SolvedSet], ...]:
        own = self.variant_id(student)
        return tuple((other, self.for_student(other)) for other in self._compared
                     if other != own)

    def unsolved(self) -> str | None:
        from solver.check.checker import unsolved_key

        for student, solved in sorted(self._solved_by.items()):
            problem = unsolved_key(solved)
            if problem is not None:
                return f"{problem} in the variant of student '{student}'"
        return None

    def identity(self) -> str:
        return "\0".join((super().identity(), f"compared:{self._max_compared}",
                          *self._compared))


def given_values(_student: str, concrete: ProblemSet) -> dict[str, str]:
    """Every given name of a concrete set, ``problem.name``, in plain math on one line."""
    from solver.render.printing import plain_text

    return {f"{problem.id}.{name}": plain_text(value)
            for problem in concrete.problems for name, value in problem.given.items()}


def specs_from_file(path: Path, solve_limit: float | None, roster: Path | None = None,
                    text: str | None = None) -> SpecsByStudent:
    """The solved sets a spec file grades with. A spec without ``vary:`` is loaded and
    solved once; one with it is loaded per student through ``solver.variants``. ``text``
    is the file's content when already read (then the file is not read again). Raises
    SpecErrors for a bad spec, RosterError for a roster that cannot be read."""
    from solver.spec.load import load_text, read_spec_text

    students, digest = read_roster(roster) if roster is not None else (None, "")
    if spec_varies(path, text):
        return PerStudent(lambda student: variants.load_variant(path, student, text),
                          solve_limit, students, digest,
                          lambda student, _set: variants.variant_values(path, student, text),
                          requirements=variants.requirements(path, text))
    text = read_spec_text(path) if text is None else text
    return SpecsByStudent(solve_set(load_text(text, str(path), path.stem), solve_limit),
                          students, digest)


def spec_varies(path: Path, text: str | None = None) -> bool:
    """Whether a spec file (``text``: its content when already read) gives each student a
    variant of their own."""
    if text is None and not Path(path).is_file():
        return False  # loading it says what is wrong
    return variants.varies(path, text)


def read_roster(path: Path) -> tuple[tuple[Student, ...], str]:
    """The students of a roster CSV and a digest of its bytes."""
    try:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        return tuple(roster.read_roster(Path(path))), digest
    except OSError as error:
        raise RosterError(f"{path}: {error.strerror}") from None
    except HwsolverError as error:
        raise RosterError(f"{path}: {error}") from None
