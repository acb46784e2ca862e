"""A critical-point key is never silently partial.

Real critical points without a closed form are listed approximately (checked here by
mpmath's Newton iteration on ∇f from sympy.diff, a finite-difference Hessian in numpy,
and the real roots of a resultant, an elimination independent of the Gröbner basis);
a list that cannot be certified says ``complete: false`` and costs no student a point
the key cannot rule out.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import time

import mpmath
import numpy as np
import pytest
import sympy

from solver import answers as A
from solver.check.checker import check_answer, expected_keys
from solver.check.compare import compare
from solver.check.compare.approximate_points import within_written_digits
from solver.check.values import Points
from solver.kinds.critical_points import NOT_SOLVED, CriticalInputs, solve
from solver.kinds.critical_points import polynomial as critical_points
from solver.numbers import symbol
from solver.polynomial_system import real_solutions
from solver.render.json_out import solved_json
from solver.solving import solve_set
from solver.spec.load import load_text

x, y = symbol("x"), symbol("y")
F = x**7 + 3 * x**5 * y**2 - 2 * x**3 * y**4 + y**7 - 5 * x * y + x**2 * y**3
PUBLISHED = (0.768948, 0.894507)  # the real critical point with no closed form
SPEC = textwrap.dedent("""\
    title: Critical points without a closed form
    problems:
      - id: cp
        title: Critical points
        parts:
          - {id: a, kind: critical_points, wrt: [x, y],
             f: x^7 + 3x^5 y^2 - 2x^3 y^4 + y^7 - 5x y + x^2 y^3}
    """)


@pytest.fixture(scope="module")
def answer() -> A.PointSet:
    return solve(CriticalInputs(F, (x, y))).answer


@pytest.fixture(scope="module")
def solved_spec():
    return solve_set(load_text(SPEC, "cp.yaml"))


def newton_critical_point(start) -> tuple[float, ...]:
    """A zero of ∇f (sympy.diff) by mpmath's multidimensional Newton at 40 digits."""
    gradient = [sympy.lambdify((x, y), sympy.diff(F, v), "mpmath") for v in (x, y)]
    with mpmath.workdps(40):
        root = mpmath.findroot(gradient, start)
    return tuple(float(c) for c in root)


def finite_difference_type(point, h=1e-4) -> str:
    return finite_difference_type_of(F, point, h)


def finite_difference_type_of(function, point, h=1e-4) -> str:
    """Minimum, maximum or saddle from numpy eigenvalues of a central-difference Hessian."""
    f = sympy.lambdify((x, y), function, "numpy")
    p = np.array(point, dtype=float)
    hessian = np.empty((2, 2))
    steps = np.eye(2) * h
    for i in range(2):
        for j in range(2):
            hessian[i, j] = (f(*(p + steps[i] + steps[j])) - f(*(p + steps[i] - steps[j]))
                             - f(*(p - steps[i] + steps[j])) + f(*(p - steps[i] - steps[j]))
                             ) / (4 * h * h)
    eigenvalues = np.linalg.eigvalsh(hessian)
    if np.all(eigenvalues > 1e-6):
        return "minimum"
    if np.all(eigenvalues < -1e-6):
        return "maximum"
    return "saddle" if eigenvalues.min() < -1e-6 < 1e-6 < eigenvalues.max() else "degenerate"


# -- the key ------------------------------------------------------------------------------


def test_the_point_without_a_closed_form_is_listed_with_its_type(answer):
    assert answer.complete
    exact, approximate = [p for p in answer.points if not p.approximate], \
        [p for p in answer.points if p.approximate]
    assert [p.coordinates for p in exact] == [(0, 0)]
    (point,) = approximate
    assert np.allclose([float(c) for c in point.coordinates], PUBLISHED, atol=1e-6)
    assert [str(c) for c in point.shown] == ["0.768948", "0.894507"]
    for p in answer.points:
        coordinates = tuple(float(c) for c in p.coordinates)
        assert np.allclose(newton_critical_point(coordinates), coordinates, atol=1e-12)
        assert p.classification == finite_difference_type(coordinates)


def test_approximate_coordinates_carry_at_least_30_digits(answer):
    (point,) = [p for p in answer.points if p.approximate]
    gradient = [sympy.diff(F, v) for v in (x, y)]
    at = dict(zip((x, y), point.coordinates, strict=True))
    for entry in gradient:
        assert abs(sympy.N(entry.xreplace(at), 50)) < 1e-30


def test_every_real_critical_point_is_listed(answer):
    """The resultant eliminates x independently of the Gröbner basis: every real root y of
    it with a real x solving both equations is a critical point, and each is in the key."""
    fx, fy = sympy.diff(F, x), sympy.diff(F, y)
    resultant = sympy.Poly(sympy.resultant(fx, fy, x), y)
    found = set()
    for root in resultant.sqf_part().real_roots():
        value = float(root.evalf(30))
        xs = np.roots([float(c) for c in sympy.Poly(fx.subs(y, value), x).all_coeffs()])
        for candidate in xs[np.abs(xs.imag) < 1e-6].real:
            if abs(float(fy.subs({x: candidate, y: value}))) < 1e-6:
                found.add((round(float(candidate), 5), round(value, 5)))
    listed = {(round(float(p.coordinates[0]), 5), round(float(p.coordinates[1]), 5))
              for p in answer.points}
    assert found == listed


def test_the_worked_solution_shows_the_eliminant(solved_spec):
    from solver.steps.calculus import CriticalElimination, CriticalSolutions

    steps = list(solved_spec.problems[0].parts[0].solved.walk())
    (elimination,) = [s for s in steps if isinstance(s, CriticalElimination)]
    assert elimination.variable == y and elimination.certified
    eliminant = sympy.Poly(elimination.eliminant, y)
    assert eliminant.degree() == 36
    assert all(abs(eliminant.eval(r)) < 1e-6 * max(abs(c) for c in eliminant.coeffs())
               for r in (0, PUBLISHED[1]))
    (solutions,) = [s for s in steps if isinstance(s, CriticalSolutions)]
    assert solutions.approximate == (False, True) and not solutions.gaps


@pytest.mark.parametrize(("f", "points"), [
    (x**3 / 3 + x * y**2 - 5 * x - 4 * y, {(-2, -1), (-1, -2), (1, 2), (2, 1)}),
    (x**2 * y + y**3 - y, {(-1, 0), (1, 0), (0, -sympy.sqrt(3) / 3), (0, sympy.sqrt(3) / 3)}),
])
def test_systems_solved_exactly_stay_exact_and_complete(f, points):
    found = solve(CriticalInputs(f, (x, y))).answer
    assert found.complete and not any(p.approximate for p in found.points)
    assert {tuple(p.coordinates) for p in found.points} == points
    for p in found.points:
        assert all(sympy.diff(f, v).subs(dict(zip((x, y), p.coordinates, strict=True))) == 0
                   for v in (x, y))


def test_short_closed_forms_of_roots_are_kept_exact():
    """Two points with nested square roots (a quartic factor) and one with a real Cardano
    root (a cubic with one real root) are short enough to stay exact."""
    f = x**2 * y**2 / 2 + x**3 / 3 + y**3 / 3 - x - y
    found = solve(CriticalInputs(f, (x, y))).answer
    assert found.complete and len(found.points) == 3
    assert not any(p.approximate for p in found.points)
    for p in found.points:
        at = dict(zip((x, y), p.coordinates, strict=True))
        assert all(abs(sympy.N(sympy.diff(f, v).subs(at), 40)) < 1e-30 for v in (x, y))
        assert all(c.is_real is not False and not c.has(sympy.I) for c in p.coordinates)


def test_a_system_too_large_to_eliminate_is_not_solved_rather_than_partial():
    f = x**20 * y**3 + y**21 + x**19 + x * y
    started = time.monotonic()
    found = solve(CriticalInputs(f, (x, y))).answer
    assert time.monotonic() - started < 10
    assert found.points == () and not found.complete
    assert found.reason.startswith(NOT_SOLVED) and "degree" in found.reason


def test_the_time_limit_stops_a_slow_system(monkeypatch):
    monkeypatch.setattr(critical_points, "POLYNOMIAL_SECONDS", 0.05)
    found = solve(CriticalInputs(F, (x, y))).answer
    assert found.points == () and not found.complete
    assert "within 0.05 s" in found.reason


def test_a_zero_coordinate_written_exactly_matches_an_approximate_zero():
    key = (sympy.Float(10) ** -45, sympy.Float("0.89450673031827226492382776417769909704", 40))
    assert within_written_digits(key, (sympy.Integer(0), sympy.Rational("0.8945")))
    assert not within_written_digits(key, (sympy.Integer(1), sympy.Rational("0.8945")))
    assert not within_written_digits(key, (sympy.Integer(0), sympy.Rational("0.89")))


def test_solutions_sharing_a_coordinate_are_counted_through_a_separating_unknown():
    """x² = 2, y² = 3: no eliminant in y alone tells x apart, u = x + y does."""
    solutions = real_solutions([x**2 - 2, y**2 - 3], (x, y))
    assert solutions.certified and solutions.separating is not None
    assert sorted((round(float(a), 6), round(float(b), 6)) for a, b in solutions.points) == \
        sorted((sx * 1.414214, sy * 1.732051) for sx in (-1, 1) for sy in (-1, 1))


def test_a_multiple_solution_is_counted_through_the_radical():
    """x² = xy = y² = 0 has the single solution (0, 0); its radical (x, y) is in shape
    position, so the count is certified."""
    solutions = real_solutions([x**2, x * y, y**2], (x, y))
    assert solutions.certified and solutions.exact == ((0, 0),)


def test_irrational_coefficients_give_a_list_said_to_be_incomplete(tmp_path):
    """√5 in the coefficients: solve's exact points are kept, but their number cannot be
    certified, which the answer, its JSON and the worked solution say."""
    f = x**3 / 3 + x * y**2 - sympy.sqrt(5) * x - 2 * y
    solved = solve(CriticalInputs(f, (x, y)))
    answer = solved.answer
    assert not answer.complete and len(answer.points) == 4
    for p in answer.points:
        at = dict(zip((x, y), p.coordinates, strict=True))
        assert all(abs(sympy.N(sympy.diff(f, v).subs(at), 40)) < 1e-30 for v in (x, y))
    from solver.render.json_out import answer_json
    from solver.steps.calculus import CriticalSolutions

    assert answer_json(answer)["complete"] is False
    (step,) = [s for s in solved.steps if isinstance(s, CriticalSolutions)]
    assert any("not all rational" in gap for gap in step.gaps)


def test_points_sharing_a_coordinate_are_all_listed_and_typed():
    """The cubic −y³ + y² + 4y − 1 (from x² + y² = 4) has three real roots, one with x² < 0;
    the other four points and (0, ±1) are all critical, found through u = x + y."""
    f = x**4 / 4 + x**2 * y**2 / 2 - 2 * x**2 + y**3 / 3 - y
    solved = solve(CriticalInputs(f, (x, y)))
    assert solved.answer.complete and len(solved.answer.points) == 6
    for p in solved.answer.points:
        at = dict(zip((x, y), p.coordinates, strict=True))
        assert all(abs(sympy.N(sympy.diff(f, v).xreplace(at), 50)) < 1e-30 for v in (x, y))
        assert p.classification == finite_difference_type_of(f, [float(c) for c in
                                                                 p.coordinates])


# -- checking a student's answer -----------------------------------------------------------


@pytest.mark.parametrize(("text", "status"), [
    ("(0, 0), (0.768948, 0.894507)", "correct"),
    ("(0, 0), (0.769, 0.895)", "correct"),  # rounded to 3 figures
    ("(0, 0), (0.768, 0.894)", "correct"),  # truncated to 3 figures
    ("(0.7689, 0.8945), (0, 0)", "correct"),
    ("(0, 0)", "incorrect"),  # misses the point without a closed form
    ("(0, 0), (0.77, 0.89)", "incorrect"),  # too few figures to tell
    ("(0, 0), (0.7679, 0.8945)", "incorrect"),  # off by 11 units of its last digit
])
def test_decimal_answers_are_held_to_the_figures_they_give(solved_spec, text, status):
    (key,) = [k for k in expected_keys(solved_spec) if k.key == "cp.a"]
    verdict = check_answer(key, text)
    assert verdict.status == status, verdict.reason
    if text == "(0, 0)":
        assert "0.768948, 0.894507" in verdict.reason


INCOMPLETE = A.PointSet(("x", "y"), (A.Point((sympy.Integer(-1), sympy.Integer(0)), "saddle"),),
                        complete=False,
                        gradient=(2 * x * y, x**2 + 3 * y**2 - 1))  # of x² y + y³ − y


@pytest.mark.parametrize(("points", "text", "equal"), [
    (((-1, 0), (1, 0)), "(-1, 0), (1, 0)", True),  # (1, 0) is critical: not penalised
    (((-1, 0), (0, sympy.Rational("0.57735"))), "(-1, 0), (0, 0.57735)", True),
    (((-1, 0), (2, 0)), "(-1, 0), (2, 0)", False),  # ∇f(2, 0) = (0, 3)
    (((-1, 0), (0, sympy.Rational("0.5"))), "(-1, 0), (0, 0.5)", False),
    (((1, 0),), "(1, 0)", False),  # still misses a listed point
])
def test_an_incomplete_key_never_penalises_a_point_it_cannot_rule_out(points, text, equal):
    student = Points(tuple(tuple(sympy.sympify(c) for c in p) for p in points), (), text)
    assert compare(INCOMPLETE, student).equal is equal


# -- output -------------------------------------------------------------------------------


def test_json_says_complete_and_marks_approximate_points(solved_spec):
    (answer,) = [p["answer"] for p in solved_json(solved_spec)["problems"][0]["parts"]]
    assert answer["complete"] is True
    approximate = [p for p in answer["points"] if p["approximate"]]
    (point,) = approximate
    assert point["shown"] == ["0.768948", "0.894507"]
    assert all(len(c.replace("0.", "", 1)) >= 30 for c in point["coordinates"])
    assert json.loads(json.dumps(answer)) == answer


def test_json_of_an_uncertified_list_says_complete_false():
    from solver.render.json_out import answer_json

    assert answer_json(INCOMPLETE)["complete"] is False


@pytest.mark.tex
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no TeX engine")
def test_the_pdf_shows_the_eliminant_the_decimals_and_an_incomplete_list(tmp_path):
    spec = tmp_path / "cp.yaml"
    spec.write_text(SPEC + "      - {id: b, kind: critical_points, wrt: [x, y],\n"
                           "         f: x^3/3 + x y^2 - sqrt(5) x - 2 y}\n")
    done = subprocess.run([sys.executable, "-m", "solver", "solve", str(spec), "-o",
                           str(tmp_path)], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "cp.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    text = " ".join(text.split())
    assert "one polynomial equation in one variable" in text
    assert "0.768948" in text and "0.894507" in text and "minimum" in text
    assert "This list may be incomplete" in text  # part b: √5 in the coefficients


def test_a_wrong_decimal_point_is_named_as_the_student_wrote_it(solved_spec):
    (key,) = [k for k in expected_keys(solved_spec) if k.key == "cp.a"]
    verdict = check_answer(key, "(0, 0), (0.77, 0.89)")
    assert "(0.77, 0.89) is not a critical point" in verdict.reason
    assert "/100" not in verdict.reason
