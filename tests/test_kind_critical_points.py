"""Critical points, checked independently: every listed point (each family at several
integers k) makes the gradient from sympy.diff vanish numerically; the expected points
in a window are all covered; and the type agrees with the signs of numpy's eigenvalues
of the Hessian there."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy

from solver.answers import PointSet
from solver.errors import SpecErrors
from solver.kinds.critical_points import NOT_SOLVED, CriticalInputs, solve
from solver.numbers import symbol
from solver.steps.calculus import CriticalPointType, ParityMerge, ParitySplit
from tests.conftest import load, solve_only_part

x1, x2, x3 = symbol("x1"), symbol("x2"), symbol("x3")
PI = np.pi
RNG = np.random.default_rng(17)
HANDOUT = CriticalInputs(sympy.sin(x1) + 2 * x2**2, (x1, x2))


def _parameters(point):
    if point.parameter is None:
        return ()
    return (point.parameter,) if point.parameter.is_Symbol else tuple(point.parameter.args)


def members(point, span=range(-2, 3)):
    """Numeric coordinates of a point or of family members; free reals drawn at random."""
    parameters = _parameters(point)
    integers = [p for p in parameters if p.is_integer]
    reals = [p for p in parameters if not p.is_integer]
    for choice in itertools.product(span, repeat=len(integers)):
        values = dict(zip(integers, choice, strict=True))
        values.update({p: float(RNG.uniform(-2, 2)) for p in reals})
        yield np.array([float(sympy.N(sympy.sympify(c).subs(values), 30))
                        for c in point.coordinates])


def numeric_eigenvalues(f, wrt, at):
    hessian = sympy.hessian(f, wrt).subs(dict(zip(wrt, at, strict=True)))
    return np.linalg.eigvalsh(np.array(hessian.evalf(30).tolist(), dtype=float))


def expected_type(eigenvalues, tol=1e-9) -> str:
    if np.all(eigenvalues > tol):
        return "minimum"
    if np.all(eigenvalues < -tol):
        return "maximum"
    if np.any(eigenvalues > tol) and np.any(eigenvalues < -tol):
        return "saddle"
    return "degenerate"


def check_points(inputs: CriticalInputs, answer: PointSet):
    """Every member is critical (gradient by sympy.diff ≈ 0) and correctly typed."""
    gradient = [sympy.diff(inputs.f, x) for x in inputs.wrt]
    for point in answer.points:
        for at in members(point):
            values = dict(zip(inputs.wrt, at, strict=True))
            for entry in gradient:
                assert abs(float(sympy.N(entry.subs(values), 30))) < 1e-12, (point, at)
            assert expected_type(numeric_eigenvalues(inputs.f, inputs.wrt, at)) == \
                point.classification, (point, at)


def covers(answer: PointSet, target, tol=1e-9) -> bool:
    return any(np.allclose(member, target, atol=tol)
               for point in answer.points for member in members(point, range(-4, 5)))


# (f, wrt, expected points in a window as (coordinates, type))
CASES = [
    (HANDOUT.f, HANDOUT.wrt,
     [((PI / 2 + j * PI, 0), "saddle" if j % 2 == 0 else "minimum") for j in range(-3, 4)]),
    (x1**3 - 3 * x1 + x2**2, (x1, x2), [((-1, 0), "saddle"), ((1, 0), "minimum")]),
    (x1**2 + x1 * x2 + x2**2 - x1, (x1, x2), [((2 / 3, -1 / 3), "minimum")]),
    (x1 * x2, (x1, x2), [((0, 0), "saddle")]),
    (x1**4 + x2**4, (x1, x2), [((0, 0), "degenerate")]),
    (x1**2 * x2 + x2**3 - x2, (x1, x2),
     [((-1, 0), "saddle"), ((1, 0), "saddle"), ((0, 3**-0.5), "minimum"),
      ((0, -(3**-0.5)), "maximum")]),
    (sympy.sin(x1) + sympy.sin(x2), (x1, x2),
     [((PI / 2 + i * PI, PI / 2 + j * PI), None) for i in range(-2, 3) for j in range(-2, 3)]),
    (sympy.cos(x1) * sympy.cos(x2), (x1, x2),
     [((i * PI, j * PI), None) for i in range(-2, 3) for j in range(-2, 3)]
     + [((PI / 2 + i * PI, PI / 2 + j * PI), "saddle") for i in range(-2, 3)
        for j in range(-2, 3)]),
    (x1**2 - x2**2 + x3**2 + x1 * x3, (x1, x2, x3), [((0, 0, 0), "saddle")]),
    (-(x1**2) - 2 * x2**2 - x3**2 + x1 * x2, (x1, x2, x3), [((0, 0, 0), "maximum")]),
    (x1**3 / 3 - x1, (x1,), [((-1,), "maximum"), ((1,), "minimum")]),
    (sympy.exp(x1) - x1 + x2**2, (x1, x2), [((0, 0), "minimum")]),
    (sympy.exp(x1 * x2), (x1, x2), [((0, 0), "saddle")]),
    (x1 * sympy.exp(-(x1**2) - x2**2), (x1, x2),
     [((-(0.5**0.5), 0), "minimum"), ((0.5**0.5, 0), "maximum")]),
    (sympy.sin(x1) ** 2 + x2**2, (x1, x2),
     [((j * PI / 2, 0), "minimum" if j % 2 == 0 else "saddle") for j in range(-3, 4)]),
]


@pytest.mark.parametrize(("f", "wrt", "expected"), CASES, ids=[str(c[0]) for c in CASES])
def test_listed_points_are_critical_and_correctly_typed(f, wrt, expected):
    inputs = CriticalInputs(f, wrt)
    answer = solve(inputs).answer
    assert answer.points
    check_points(inputs, answer)


@pytest.mark.parametrize(("f", "wrt", "expected"), CASES, ids=[str(c[0]) for c in CASES])
def test_expected_points_are_all_listed(f, wrt, expected):
    answer = solve(CriticalInputs(f, wrt)).answer
    for target, kind in expected:
        assert covers(answer, np.array(target, dtype=float)), target
        if kind is not None:
            typed = [point.classification for point in answer.points
                     if any(np.allclose(m, target) for m in members(point, range(-4, 5)))]
            assert typed == [kind]


def test_handout_point_is_a_saddle_with_eigenvalues_minus_one_and_four():
    solved = solve(HANDOUT)
    first = solved.answer.points[0]
    k = first.parameter
    assert first.coordinates == (sympy.pi / 2 + 2 * sympy.pi * k, 0)
    assert first.classification == "saddle"
    assert k.is_integer and str(k) == "k"
    typed = [s for s in solved.steps if isinstance(s, CriticalPointType)]
    assert typed[0].eigenvalues == (-1, 4)
    assert typed[0].hessian == sympy.ImmutableMatrix([[-1, 0], [0, 4]])
    second = solved.answer.points[1]
    assert second.coordinates == (3 * sympy.pi / 2 + 2 * sympy.pi * k, 0)
    assert second.classification == "minimum"


def test_handout_family_is_split_by_parity():
    solved = solve(HANDOUT)
    (split,) = [s for s in solved.steps if isinstance(s, ParitySplit)]
    k = split.parameter
    assert split.coordinates == (sympy.pi / 2 + sympy.pi * k, 0)
    assert split.even == (sympy.pi / 2 + 2 * sympy.pi * k, 0)
    assert split.odd == (3 * sympy.pi / 2 + 2 * sympy.pi * k, 0)


def test_same_type_halves_are_merged_back():
    solved = solve(CriticalInputs(sympy.cos(x1) * sympy.cos(x2), (x1, x2)))
    assert any(isinstance(s, ParityMerge) for s in solved.steps)
    saddles = [p for p in solved.answer.points if p.classification == "saddle"]
    assert len(saddles) == 1
    k, m = saddles[0].parameter.args
    assert saddles[0].coordinates == (sympy.pi / 2 + sympy.pi * k, sympy.pi / 2 + sympy.pi * m)


def test_handout_linear_function_has_no_critical_points():
    answer = solve(CriticalInputs(3 * x1 - 2 * x2, (x1, x2))).answer
    assert answer.points == ()
    assert answer.reason == "the gradient (3, −2) is never zero"


def test_no_real_solution_is_an_answer_with_a_reason():
    answer = solve(CriticalInputs(sympy.exp(x1) + x2**2, (x1, x2))).answer
    assert answer.points == ()
    assert answer.reason and not answer.reason.startswith("could not")


@pytest.mark.parametrize("f", [
    x1 - sympy.sin(x1) * x2 + sympy.exp(x1) * x2**2,
    sympy.exp(x1) - x1**2 / 2 + x2**2,
])
def test_unsolved_systems_say_so_instead_of_listing_points(f):
    answer = solve(CriticalInputs(f, (x1, x2))).answer
    assert answer.points == ()
    assert answer.reason.startswith(NOT_SOLVED)


def test_a_line_of_critical_points_has_a_real_parameter():
    answer = solve(CriticalInputs((x1 - x2) ** 2, (x1, x2))).answer
    (point,) = answer.points
    assert point.coordinates == (x2, x2)
    assert point.parameter == x2 and not point.parameter.is_integer
    assert point.classification == "degenerate"
    check_points(CriticalInputs((x1 - x2) ** 2, (x1, x2)), answer)


def test_points_are_sorted_deterministically():
    first = solve(CriticalInputs(x1**2 * x2 + x2**3 - x2, (x1, x2))).answer
    second = solve(CriticalInputs(x1**2 * x2 + x2**3 - x2, (x1, x2))).answer
    assert first == second
    assert [p.coordinates[0] for p in first.points][0] == -1


def test_loaded_from_a_spec():
    _, solved = solve_only_part("""
        problems:
          - id: p
            parts:
              - {id: b, kind: critical_points, f: sin(x1) + 2 x2^2, wrt: [x1, x2]}
    """)
    assert solved.answer == solve(HANDOUT).answer


def test_unknown_name_is_a_spec_error():
    with pytest.raises(SpecErrors) as caught:
        load("""
            problems:
              - id: p
                parts:
                  - {id: b, kind: critical_points, f: sin(x1) + y, wrt: [x1, x2]}
        """)
    (error,) = caught.value.errors
    assert "field 'f'" in str(error) and error.location.line == 5


@pytest.mark.parametrize("inputs", [HANDOUT, CriticalInputs(3 * x1 - 2 * x2, (x1, x2))])
def test_handout_inputs_solve(inputs):
    solve(inputs)
    solve(inputs)


def test_polynomial_without_real_roots_has_no_critical_points():
    answer = solve(CriticalInputs(x1**5 / 5 - x1**2 / 2 + x1 + x2**2, (x1, x2))).answer
    assert answer.points == () and not answer.reason.startswith("could not")


def test_abs_is_reported_instead_of_guessing():
    answer = solve(CriticalInputs(sympy.Abs(x1) + x2**2, (x1, x2))).answer
    assert answer.points == () and answer.reason.startswith(NOT_SOLVED)


def test_a_constant_function_is_critical_everywhere():
    (point,) = solve(CriticalInputs(sympy.Integer(5), (x1, x2))).answer.points
    assert point.coordinates == (x1, x2) and point.classification == "degenerate"
