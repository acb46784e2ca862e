"""Whether a student's answer equals the engine's, and why.

``compare(expected, student, policy)`` tries strategies from cheap to expensive and stops
at the first that decides:

1. structure — the kind of answer (``structure``): a special outcome against a value or
   another outcome; a family, a range or a point set against the wrong kind of answer.
2. shape — matrices and vectors must have the same shape; a 1×1 matrix is its entry;
   matrices are compared entry by entry (``matrices``).
3. exact — two numbers are compared exactly; a number written in decimals is judged by
   the policy's rule (``decimals``); rational functions are decided exactly by an
   identity test (``scalars``).
4. numeric — both sides are evaluated at seeded random points (``sampler``, on evaluators
   built by ``compiler``); a point that differs refutes, shown at the simplest point that
   shows it (``counterexamples``); agreement at 8 or more points counts as equal.
5. symbolic — ``simplify(a − b) == 0`` under a hard time limit (``proofs``), when sampling
   found too few points or the policy asks for a proof.

Forms with their own rules: linear-system families (``families``), ranges (``ranges``),
critical-point sets (``point_sets``), eigenvectors and eigenspaces up to scale (``spans``).
How strictly all of it is done is the ``Policy`` (``policy``).

Every random draw comes from ``random.Random(policy.seed)``: the same seed gives the same
points and the same verdict in every process.
"""

from __future__ import annotations

from solver import answers as A
from solver.check.compare.families import compare_families
from solver.check.compare.matrices import compare_values
from solver.check.compare.point_sets import as_points, compare_point_sets
from solver.check.compare.policy import DEFAULT_POLICY, Comparison, Policy
from solver.check.compare.ranges import compare_ranges
from solver.check.compare.structure import by_structure
from solver.check.values import Chosen, Family, StudentValue, Written


def compare(expected: A.Answer, student: StudentValue,
            policy: Policy = DEFAULT_POLICY) -> Comparison:
    """Compare one engine answer with one student answer (see the module docstring)."""
    if isinstance(expected, A.Named):
        raise TypeError("named answers are compared name by name")
    if isinstance(expected, A.Word) or isinstance(student, Chosen):
        return compare_words(expected, student)
    verdict = by_structure(expected, student)
    if verdict is not None:
        return verdict
    if isinstance(expected, A.PointSet):
        return compare_point_sets(expected, as_points(expected, student), policy)
    if isinstance(expected, A.InfinitelyMany):
        return compare_families(expected, student)
    if isinstance(expected, A.Interval):
        return compare_ranges(expected, student, policy)
    if isinstance(student, Family):
        student = Written(student.particular, student.text)
    return compare_values(expected.value, student.value, policy, student.decimals,
                          student.significant)


def compare_words(expected: A.Answer, student: StudentValue) -> Comparison:
    """An answer in words: the same phrase, or which other one it is."""
    if not (isinstance(expected, A.Word) and isinstance(student, Chosen)):
        return Comparison(False, "structure", "expected an answer in words"
                          if isinstance(expected, A.Word) else "expected a value, not words")
    if student.word == expected.word:
        return Comparison(True, "exact", f"both say '{expected.word}'")
    return Comparison(False, "exact", f"expected '{expected.word}', got '{student.word}'")
