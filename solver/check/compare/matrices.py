"""Values that may be vectors or matrices: shape first, then entry by entry.

``compare_values`` compares two scalars, vectors or matrices: truth values by value;
sequences are column vectors and a 1×1 matrix is its entry; shapes must agree; matrices are
compared entry by entry (``compare_scalars`` for each), scalars directly. A closed form
such as 2 A x is compared by substituting seeded random integer matrices.
"""

from __future__ import annotations

import random

import sympy
from sympy.matrices.expressions import MatrixExpr

from solver.check.compare.policy import DEFAULT_POLICY, Comparison, Policy, weakest
from solver.check.compare.sampler import MIN_POINTS
from solver.check.compare.scalars import compare_scalars
from solver.check.compare.shown import is_boolean, show
from solver.numbers import is_closed_form

CLOSED_FORM_ASSIGNMENTS = 6  # random integer matrices a closed form is compared at


def compare_values(expected, student, policy: Policy = DEFAULT_POLICY,
                   decimals: bool = False, significant=None) -> Comparison:
    """Compare two scalars, vectors or matrices (shape, then exact, numeric, symbolic);
    ``significant``: the figures the student wrote (a tuple, row by row, for a matrix)."""
    expected, student = normal(expected), normal(student)
    if is_boolean(expected) or is_boolean(student):
        same = is_boolean(expected) and is_boolean(student) and bool(expected) == bool(student)
        return Comparison(same, "exact", "equal" if same else
                          f"expected {show(expected)}, got {show(student)}")
    if is_closed_form(expected) or is_closed_form(student):
        return _compare_matrix_expressions(expected, student, policy)
    verdict = _by_shape(expected, student)
    if verdict is not None:
        return verdict
    if isinstance(expected, sympy.MatrixBase):
        return _compare_entries(expected, student, policy, decimals, significant)
    return compare_scalars(expected, student, policy, decimals,
                           None if isinstance(significant, tuple) else significant)


def normal(value):
    """SymPy form: sequences become column matrices, 1×1 matrices their entry."""
    if isinstance(value, (list, tuple, sympy.Tuple)):
        value = sympy.ImmutableMatrix([sympy.sympify(v) for v in value])
    elif is_boolean(value):
        return value
    elif not isinstance(value, sympy.Basic):
        value = sympy.sympify(value)
    if isinstance(value, sympy.MatrixBase) and not isinstance(value, sympy.ImmutableMatrix):
        value = sympy.ImmutableMatrix(value)
    if isinstance(value, sympy.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def shape_text(value) -> str:
    """a 2×1 vector, a 2×3 matrix, a scalar."""
    if isinstance(value, (sympy.MatrixBase, MatrixExpr)):
        rows, cols = value.shape
        return f"a {rows}×{cols} {'vector' if cols == 1 else 'matrix'}"
    return "a scalar"


def _by_shape(expected, student) -> Comparison | None:
    e_shape = expected.shape if isinstance(expected, sympy.MatrixBase) else None
    s_shape = student.shape if isinstance(student, sympy.MatrixBase) else None
    if e_shape == s_shape:
        return None
    return Comparison(False, "shape",
                      f"expected {shape_text(expected)}, got {shape_text(student)}")


def _compare_entries(expected: sympy.MatrixBase, student: sympy.MatrixBase, policy: Policy,
                     decimals: bool, significant=None) -> Comparison:
    """Entry by entry; ``significant`` holds the figures written in each entry (row by row),
    so −0.200000 gives 6 figures. Unexplained (``policy.explain`` False), the first wrong
    entry decides: the matrices differ."""
    rows, cols = expected.shape
    figures = significant if isinstance(significant, tuple) and \
        len(significant) == rows * cols else (None,) * (rows * cols)
    verdicts = {}
    for i in range(rows):
        for j in range(cols):
            verdict = compare_scalars(expected[i, j], student[i, j], policy, decimals,
                                      figures[i * cols + j])
            if verdict.equal is False and not policy.explain:
                return Comparison(False, verdict.decided_by, "an entry differs")
            verdicts[i, j] = verdict
    return entry_verdicts(verdicts, cols, policy)


def entry_verdicts(verdicts: dict[tuple[int, int], Comparison], cols: int,
                   policy: Policy) -> Comparison:
    """The verdict on a matrix from the verdicts on its entries (row by row): the first
    wrong entry, else the first undecided one, else agreement as strong as the weakest."""
    wrong = tuple(key for key, verdict in verdicts.items() if verdict.equal is False)
    unknown = tuple(key for key, verdict in verdicts.items() if verdict.equal is None)
    right = len(verdicts) - len(wrong) - len(unknown)
    score = sympy.Rational(right, len(verdicts)) if policy.partial_entries else None
    points = tuple(dict.fromkeys(p for verdict in verdicts.values() for p in verdict.points))
    vector = cols == 1

    def where(key) -> str:
        return f"entry {key[0] + 1}" if vector else f"entry ({key[0] + 1}, {key[1] + 1})"

    if wrong:
        first = verdicts[wrong[0]]
        count = "1 entry differs" if len(wrong) == 1 else \
            f"{len(wrong)} of {len(verdicts)} entries differ"
        example = None if first.counterexample is None else \
            {**first.counterexample, "entry": wrong[0]}
        return Comparison(False, first.decided_by, f"{count}: {where(wrong[0])}: {first.reason}",
                          points, wrong, score, example)
    if unknown:
        return Comparison(None, verdicts[unknown[0]].decided_by,
                          f"{where(unknown[0])}: {verdicts[unknown[0]].reason}", points, (),
                          score)
    decided = weakest(v.decided_by for v in verdicts.values())
    return Comparison(True, decided, f"all {len(verdicts)} entries agree ({decided})", points,
                      (), score)


def _compare_matrix_expressions(expected, student, policy: Policy) -> Comparison:
    """Closed forms such as 2 A x: substitute seeded random integer matrices, compare exactly.

    Six assignments with entries in −9..9 refute a wrong polynomial closed form with
    overwhelming probability (a non-zero polynomial vanishes on few grid points).
    """
    shapes = [getattr(v, "shape", (1, 1)) for v in (expected, student)]
    if shapes[0] != shapes[1]:
        return Comparison(False, "shape", f"expected {shape_text(expected)}, got "
                          f"{shape_text(student)}")
    matrices: dict[str, sympy.MatrixSymbol] = {}
    for value in (expected, student):
        for m in sorted(_atoms(value, sympy.MatrixSymbol), key=str):
            known = matrices.setdefault(m.name, m)
            if known.shape != m.shape:
                return Comparison(False, "shape", f"{m.name} is {known.shape[0]}×"
                                  f"{known.shape[1]}, not {m.shape[0]}×{m.shape[1]}")
    scalars = sorted({s for value in (expected, student) for s in _scalar_symbols(value)},
                     key=str)
    if any(isinstance(v, sympy.MatrixBase) and v.free_symbols for v in (expected, student)):
        return Comparison(None, "structure", "a closed form is compared only with a closed "
                          "form or with numbers")
    rng = random.Random(policy.seed)
    used = 0
    points = []
    for _ in range(3 * MIN_POINTS):
        if used == CLOSED_FORM_ASSIGNMENTS:
            break
        values: dict = {}
        for name in sorted(matrices):
            m = matrices[name]
            values[m] = sympy.ImmutableMatrix(*m.shape, [rng.randint(-9, 9)
                                                         for _ in range(m.shape[0] * m.shape[1])])
        for s in scalars:
            values[s] = sympy.Integer(rng.randint(-9, 9))
        try:
            left, right = (_explicit(v, values) for v in (expected, student))
        except (ValueError, ArithmeticError, TypeError):  # a singular inverse, 1/0
            continue
        used += 1
        point = tuple((str(k), show(v)) for k, v in values.items())
        points.append(point)
        if left != right:
            if not policy.explain:
                return Comparison(False, "numeric", "differs at a random assignment")
            shown = ", ".join(f"{name} = {text}" for name, text in point)
            return Comparison(False, "numeric", f"differs at {shown}: expected {show(left)}, "
                              f"got {show(right)}", tuple(points),
                              counterexample={"at": dict(point), "expected": show(left),
                                              "got": show(right)})
    if used < 3:
        return Comparison(None, "numeric", "too few assignments where both sides are defined",
                          tuple(points))
    return Comparison(True, "numeric", f"agree for {used} random integer matrices",
                      tuple(points))


def _atoms(value, kind) -> set:
    return set(value.atoms(kind)) if isinstance(value, sympy.Basic) else set()


def _scalar_symbols(value) -> set:
    return {s for s in _atoms(value, sympy.Symbol) if not isinstance(s, sympy.MatrixSymbol)}


def _explicit(value, values: dict):
    value = _substituted(value, values)
    if isinstance(value, MatrixExpr):
        value = value.doit()
        value = sympy.ImmutableMatrix(value.as_explicit()) if isinstance(value, MatrixExpr) \
            else value
    value = normal(value)
    if isinstance(value, sympy.MatrixBase):
        return value.applyfunc(sympy.expand)
    return sympy.expand(value)


def _substituted(value, values: dict):
    """``value`` with the matrices of ``values`` put in and its products, sums, transposes,
    inverses and powers carried out on them directly (SymPy's own ``doit`` for the rest)."""
    if isinstance(value, sympy.MatrixSymbol):
        return values.get(value, value)
    if isinstance(value, sympy.MatAdd):
        return _combined(value, values, lambda a, b: a + b)
    if isinstance(value, sympy.MatMul):
        return _combined(value, values, lambda a, b: a * b)
    if isinstance(value, sympy.Transpose):
        inner = _substituted(value.arg, values)
        return inner.T if isinstance(inner, sympy.MatrixBase) else value.xreplace(values)
    if isinstance(value, sympy.Inverse):
        inner = _substituted(value.arg, values)
        return inner.inv() if isinstance(inner, sympy.MatrixBase) else value.xreplace(values)
    if isinstance(value, sympy.MatPow) and value.exp.is_Integer:
        inner = _substituted(value.base, values)
        return inner ** value.exp if isinstance(inner, sympy.MatrixBase) \
            else value.xreplace(values)
    return value.xreplace(values)


def _combined(value, values: dict, operation):
    """A sum or product of the arguments of ``value``, each with ``values`` put in; SymPy's
    own substitution when an argument is not yet an explicit matrix or a scalar."""
    parts = [_substituted(arg, values) for arg in value.args]
    if any(map(is_closed_form, parts)):
        return value.xreplace(values)
    result = parts[0]
    for part in parts[1:]:
        result = operation(result, part)
    return sympy.ImmutableMatrix(result) if isinstance(result, sympy.MatrixBase) else result
