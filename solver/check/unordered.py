"""Answers that agree up to order or scale: a span of vectors, a multiset, a set.

``compare_unordered(expected, student, policy)`` follows the answer's ``match``:

- ``span`` — the expected columns are a basis of a space (an eigenspace). The student's
  vectors (columns of a matrix of the same shape, rows of its transpose, one vector, or a
  set of points) must be a basis of the same space: no zero vector, as many vectors as
  the dimension, and rank S = rank E = rank [E | S] (``compare.spans.same_span``; one
  vector: any non-zero multiple, ``compare.spans.same_direction``).
- ``columns`` — a matrix of eigenvectors or singular vectors (P, V, U): the student's
  matrix has our shape, and each block of its consecutive columns (one per eigenvalue)
  spans the same space as our block (one column: any non-zero multiple), so rescaled or
  recombined eigenvectors count and D's order is kept; with ``orthonormal``, SᵀS = I too.
- ``multiset`` — the entries of the expected vector in any order, each as often as it
  occurs: a perfect matching of equal values (entries compared by ``compare_values``).
- ``set`` — elements (numbers or tuples) in any order, repeats irrelevant: every element
  the student gives is one of ours and every one of ours is given.

Wrong, missing and extra elements are all named in the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sympy

from solver import answers as A
from solver.check.compare.decimals import MIN_FIGURES, has_decimals, written_decimals
from solver.check.compare.matrices import compare_values, shape_text
from solver.check.compare.policy import DEFAULT_POLICY, Comparison, Policy, weakest
from solver.check.compare.shown import show
from solver.check.compare.spans import same_span
from solver.check.values import Points, Says, StudentValue, Written
from solver.plural import plural


def compare_unordered(expected: A.Value, student: StudentValue,
                      policy: Policy = DEFAULT_POLICY) -> Comparison:
    """Compare by the expected answer's ``match`` (span, multiset or set)."""
    if isinstance(student, Says):
        return Comparison(False, "structure", f"expected {_describe(expected)}, got "
                                                f"'{student.text}'")
    if not isinstance(student, Written | Points):
        return Comparison(False, "structure", f"expected {_describe(expected)}")
    decimals = student.decimals if isinstance(student, Written) \
        else has_decimals(student.text)
    if expected.match == "columns":
        return _compare_columns(expected, student, policy, decimals)
    if expected.match == "span":
        readings = _readings(student, expected.value)
        if decimals and policy.written_figures:
            policy = _figures_policy(policy, student.text, readings[0])
        verdicts = [_compare_span(expected.value, vectors, policy, decimals)
                    for vectors in readings]
        return next((v for v in verdicts if v.equal is True), verdicts[0])
    elements = _elements(expected.value)
    given = _given_elements(student, elements)
    if given is None:
        got = "a family of points" if isinstance(student, Points) \
            else shape_text(student.value)
        return Comparison(False, "shape", f"expected {_describe(expected)}, got {got}")
    if expected.match == "multiset":
        return _compare_multiset(elements, given, policy, decimals)
    return _compare_set(elements, given, policy, decimals)


def _describe(expected: A.Value) -> str:
    if expected.match == "span":
        count = expected.value.cols
        return "a vector" if count == 1 else f"{count} vectors (a basis)"
    if expected.match == "columns":
        return f"a {shape_text(expected.value)[2:]} of {expected.value.cols} column vectors"
    if expected.match == "multiset":
        return f"{len(_elements(expected.value))} values in any order"
    return "a set {a, b, …}"


# -- span ----------------------------------------------------------------------------------


def _readings(student, expected: sympy.MatrixBase) -> list[list[list]]:
    """The student's vectors: points of a set, one vector, the columns of a matrix shaped
    like ours, or its rows (a list of vectors); a square matrix is read both ways."""
    if isinstance(student, Points):
        return [[list(point) for point in student.points]]
    value = student.value
    if not isinstance(value, sympy.MatrixBase):
        return [[[value]]]
    if 1 in value.shape:
        return [[list(value)]]
    rows = [_row(value, i) for i in range(value.rows)]
    columns = [_column(value, j) for j in range(value.cols)]
    if value.rows == value.cols:
        return [rows, columns]
    return [rows] if value.cols == expected.rows else [columns]


def _figures_policy(policy: Policy, text: str, vectors: list[list]) -> Policy:
    """Decimal vectors judged by the figures they give (at least 3 significant figures in
    every decimal): each entry may be off by one unit u of its last written digit, which
    turns a vector s by at most u·√n/|s|."""
    numbers = written_decimals(text)
    if not numbers or not vectors or min(figures for figures, _ in numbers) < MIN_FIGURES:
        return policy
    unit = sympy.Rational(1, 10 ** min(places for _, places in numbers))
    norms = [sum(abs(sympy.N(entry, 15)) ** 2 for entry in v) ** 0.5 for v in vectors]
    shortest = min((n for n in norms if n), default=None)
    if shortest is None:
        return policy
    size = len(vectors[0])
    bound = sympy.Rational(str(float(unit) * size ** 0.5 / float(shortest)))
    return replace(policy, tolerance=max(bound, policy.tolerance or 0), written_figures=False)


def _compare_span(expected: sympy.MatrixBase, vectors: list[list], policy: Policy,
                  decimals: bool) -> Comparison:
    n, dimension = expected.shape
    if any(len(v) != n for v in vectors):
        return Comparison(False, "shape", f"expected vectors with {n} entries")
    if any(all(entry == 0 for entry in v) for v in vectors):
        return Comparison(False, "exact", "the zero vector is never an eigenvector (nor part "
                                            "of a basis)")
    basis = [_column(expected, j) for j in range(dimension)]
    verdict = same_span(basis, vectors, policy, decimals)
    if verdict.equal is not True:
        if verdict.equal is False and len(vectors) < dimension and "span only" in verdict.reason:
            return Comparison(False, verdict.decided_by, f"the space has dimension "
                                f"{dimension}: give {dimension} independent vectors, not "
                                f"{len(vectors)}")
        return verdict
    if len(vectors) != dimension:
        return Comparison(False, verdict.decided_by, f"the {len(vectors)} vectors are "
                            f"linearly dependent: a basis of this {dimension}-dimensional "
                            f"space has {dimension}")
    return verdict


def _column(matrix: sympy.MatrixBase, j: int) -> list:
    """The entries of column j, top to bottom."""
    return [matrix[i, j] for i in range(matrix.rows)]


def _row(matrix: sympy.MatrixBase, i: int) -> list:
    """The entries of row i, left to right."""
    return [matrix[i, j] for j in range(matrix.cols)]


# -- columns in blocks ----------------------------------------------------------------------


def _compare_columns(expected: A.Value, student, policy: Policy,
                     decimals: bool) -> Comparison:
    """Block by block, each block of the student's columns a basis of our block's space;
    then, for an orthonormal answer, SᵀS = I."""
    ours, theirs = expected.value, student.value if isinstance(student, Written) else None
    if not isinstance(theirs, sympy.MatrixBase) or theirs.shape != ours.shape:
        got = "a family of points" if theirs is None else shape_text(theirs)
        return Comparison(False, "shape", f"expected {shape_text(ours)}, got {got}")
    if decimals and policy.written_figures:
        policy = _figures_policy(policy, student.text,
                                 [_column(theirs, j) for j in range(theirs.cols)])
    verdicts, start = [], 0
    for size in expected.blocks or (1,) * ours.cols:
        block = range(start, start + size)
        verdict = _compare_span(ours[:, start:start + size],
                                [_column(theirs, j) for j in block], policy, decimals)
        if verdict.equal is not True:
            where = f"column {start + 1}" if size == 1 else \
                f"columns {start + 1}–{start + size}"
            return replace(verdict, reason=f"{where}: {verdict.reason}")
        verdicts.append(verdict)
        start += size
    if expected.orthonormal:
        gram = compare_values(sympy.eye(ours.cols), (theirs.T * theirs).applyfunc(
            sympy.expand), policy, decimals)
        if gram.equal is not True:
            return replace(gram, reason="the columns are not orthonormal (the columns' "
                                        f"inner products SᵀS are not I: {gram.reason})")
        verdicts.append(gram)
    decided = weakest(v.decided_by for v in verdicts)
    kind = "orthonormal bases" if expected.orthonormal else "bases"
    return Comparison(True, decided, f"each block of columns spans the same space ({kind})")


# -- multisets and sets ---------------------------------------------------------------------


def _elements(value) -> list:
    """The elements of a finite set or the entries of a vector; tuples as column matrices."""
    items = list(value.args) if isinstance(value, sympy.FiniteSet) else list(value) \
        if isinstance(value, sympy.MatrixBase) else [value]
    return [sympy.ImmutableMatrix(list(item)) if isinstance(item, sympy.Tuple) else item
            for item in items]


def _given_elements(student, elements: list) -> list | None:
    """The student's elements: a set's points, a vector's entries, or one value."""
    tuples = any(isinstance(e, sympy.MatrixBase) for e in elements)
    if isinstance(student, Points):
        if student.parameters:
            return None
        return [sympy.ImmutableMatrix(list(p)) if len(p) > 1 or tuples else p[0]
                for p in student.points]
    value = student.value
    if not isinstance(value, sympy.MatrixBase):
        return [value]
    if 1 not in value.shape:
        return None
    return [sympy.ImmutableMatrix(list(value))] if tuples else list(value)


def _equal(want, got, policy: Policy, decimals: bool) -> Comparison:
    if isinstance(want, sympy.MatrixBase) != isinstance(got, sympy.MatrixBase) or (
            isinstance(want, sympy.MatrixBase) and want.shape != got.shape):
        return Comparison(False, "shape", "different shapes")
    return compare_values(want, got, policy, decimals)


def _table(elements: list, given: list, policy: Policy, decimals: bool):
    """equal[i][j]: element i of ours equals element j of the student's (None: undecided)."""
    verdicts = [[_equal(w, g, policy, decimals) for g in given] for w in elements]
    return [[v.equal for v in row] for row in verdicts], [
        v.decided_by for row in verdicts for v in row if v.equal]


def _show(values: Sequence) -> str:
    return ", ".join(show(v) for v in values)


def _verdict(missing: list, extra: list, undecided: bool, decided: list[str], what: str,
             count: int, repeated: Sequence = ()) -> Comparison:
    """Equal when nothing is missing or extra; else each wrong element named."""
    if not missing and not extra:
        same = f"the same set ({plural(count, 'element')})" if what == "set" \
            else "the same values in any order"
        return Comparison(True, weakest(decided), same)
    if undecided:
        return Comparison(None, "numeric", f"could not decide whether {what} agree")
    problems = []
    too_often = [g for g in extra if any(g == r for r in repeated)]
    wrong = [g for g in extra if not any(g == r for r in repeated)]
    if wrong:
        where = "in the set" if what == "set" else "among the values"
        problems.append(f"{_show(wrong)} {'is' if len(wrong) == 1 else 'are'} not {where}")
    if too_often:
        problems.append(f"{_show(too_often)} given too many times")
    if missing:
        problems.append(f"missing {_show(missing)}")
    return Comparison(False, "exact", "; ".join(problems))


def _compare_set(elements: list, given: list, policy: Policy,
                 decimals: bool) -> Comparison:
    equal, decided = _table(elements, given, policy, decimals)
    undecided = any(v is None for row in equal for v in row)
    missing = [w for i, w in enumerate(elements) if not any(v is True for v in equal[i])]
    extra = [g for j, g in enumerate(given) if not any(row[j] is True for row in equal)]
    return _verdict(missing, _distinct(extra), undecided, decided, "set", len(elements))


def _distinct(values: list) -> list:
    out = []
    for value in values:
        if not any(value == seen for seen in out):
            out.append(value)
    return out


def _compare_multiset(elements: list, given: list, policy: Policy,
                      decimals: bool) -> Comparison:
    equal, decided = _table(elements, given, policy, decimals)
    undecided = any(v is None for row in equal for v in row)
    partner = _matching(equal, len(given))
    matched = set(partner.values())
    missing = [w for i, w in enumerate(elements) if i not in partner]
    extra = [g for j, g in enumerate(given) if j not in matched]
    repeated = [g for j, g in enumerate(given) if j in matched]
    return _verdict(missing, extra, undecided, decided, "values", len(elements), repeated)


def _matching(equal: list[list], columns: int) -> dict[int, int]:
    """A maximum matching of rows to columns along True entries (augmenting paths)."""
    owner: dict[int, int] = {}  # column -> row

    def augment(row: int, seen: set) -> bool:
        for column in range(columns):
            if equal[row][column] is True and column not in seen:
                seen.add(column)
                if column not in owner or augment(owner[column], seen):
                    owner[column] = row
                    return True
        return False

    for row in range(len(equal)):
        augment(row, set())
    return {row: column for column, row in owner.items()}
