"""Lagrange multipliers checked by independent routes: every candidate satisfies the
constraints and ∇f = Σλᵢ∇gᵢ exactly, and a dense numeric search on the constraint set (an
ellipse parametrised by an angle, a disc sampled in polar coordinates, a line by its
parameter) agrees with the maximum and minimum; distance to a plane against the closed
form; the typical mistakes, error carried forward, the checker's verdicts, spec errors and
the worked solution as a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Named, NoSolution, Undefined, Value
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.lagrange import Constraint, LagrangeInputs, solve
from solver.kinds.lagrange.steps import (
    LagrangeCase,
    LagrangeCaseSplit,
    LagrangeExistence,
    LagrangeSingularPoints,
)
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, example_spec, load, spec_error

x, y, z = (sympy.Symbol(name, real=True) for name in "xyz")
R = sympy.Rational


def _items(solved) -> dict:
    assert isinstance(solved.answer, Named), solved.answer
    return dict(solved.answer.items)


def _candidates(solved):
    """(point, multipliers) of every solution of every case."""
    return [(s.point, s.multipliers) for step in solved.steps if isinstance(step, LagrangeCase)
            for s in step.solutions]


def _check_conditions(inputs: LagrangeInputs, solved) -> None:
    """Each equality holds and ∇f = Σ λᵢ∇gᵢ at every candidate (exactly, or at 30 digits
    for a point found numerically)."""
    constraints = inputs.equalities + inputs.inequalities
    for point, multipliers in _candidates(solved):
        at = dict(zip(inputs.wrt, point, strict=True))
        for c in inputs.equalities:
            assert abs(sympy.N((c.g - c.c).subs(at), 30)) < 1e-20
        for x_j in inputs.wrt:
            residual = sympy.diff(inputs.f, x_j) - sum(
                (m * sympy.diff(c.g, x_j) for m, c in zip(multipliers, constraints,
                                                           strict=True)), sympy.S.Zero)
            assert abs(sympy.N(residual.subs(at), 30)) < 1e-20


def _numeric(f, wrt, samples: np.ndarray) -> tuple[float, float]:
    values = sympy.lambdify(wrt, f, "numpy")(*samples)
    return float(np.max(values)), float(np.min(values))


def _random_quadratic(rng: random.Random):
    c = [rng.randint(-3, 3) for _ in range(5)]
    return c[0] * x**2 + c[1] * x * y + c[2] * y**2 + c[3] * x + c[4] * y


def test_on_random_ellipses_the_extremes_match_a_dense_search():
    rng = random.Random(14)
    t = np.linspace(0, 2 * np.pi, 200_001)
    for _ in range(8):
        a, b, r = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 5)
        f = _random_quadratic(rng)
        if not f.free_symbols:
            continue
        inputs = LagrangeInputs(f, (x, y), (Constraint(a * x**2 + b * y**2, r),))
        solved = solve(inputs)
        _check_conditions(inputs, solved)
        items = _items(solved)
        samples = np.array([np.sqrt(r / a) * np.cos(t), np.sqrt(r / b) * np.sin(t)])
        high, low = _numeric(f, (x, y), samples)
        assert abs(float(items["max"].value) - high) < 1e-6, (f, a, b, r)
        assert abs(float(items["min"].value) - low) < 1e-6, (f, a, b, r)
        for goal in ("max", "min"):  # f at each reported point is the reported value
            for point in items[f"arg{goal}"].value:
                value = f.subs(dict(zip((x, y), point, strict=True)))
                assert abs(sympy.N(value - items[goal].value, 30)) < 1e-20


def test_on_random_discs_kkt_matches_a_dense_search():
    rng = random.Random(41)
    radius = np.sqrt(np.linspace(0, 1, 400))[:, None]
    angle = np.linspace(0, 2 * np.pi, 4001)[None, :]
    for _ in range(5):
        r = rng.randint(1, 4)
        f = _random_quadratic(rng)
        if not f.free_symbols:
            continue
        inputs = LagrangeInputs(f, (x, y), (Constraint(x**2 + y**2, r, "<="),))
        solved = solve(inputs)
        _check_conditions(inputs, solved)
        items = _items(solved)
        samples = np.array([(np.sqrt(r) * radius * np.cos(angle)).ravel(),
                            (np.sqrt(r) * radius * np.sin(angle)).ravel()])
        high, low = _numeric(f, (x, y), samples)
        assert abs(float(items["max"].value) - high) < 1e-3, (f, r)
        assert abs(float(items["min"].value) - low) < 1e-3, (f, r)


def test_distance_to_a_plane_matches_the_closed_form():
    rng = random.Random(3)
    for _ in range(4):
        n = [rng.choice([-2, -1, 1, 2, 3]) for _ in range(3)]
        p = [rng.randint(-3, 3) for _ in range(3)]
        d = rng.randint(-5, 5)
        f = sum((v - q)**2 for v, q in zip((x, y, z), p, strict=True))
        plane = Constraint(n[0] * x + n[1] * y + n[2] * z, d)
        inputs = LagrangeInputs(f, (x, y, z), (plane,), "min")
        solved = solve(inputs)
        _check_conditions(inputs, solved)
        expected = R((sum(a * b for a, b in zip(n, p, strict=True)) - d)**2, sum(a * a for a in n))
        assert _items(solved)["min"].value == expected


def test_xy_on_a_line_has_a_maximum_and_no_minimum():
    rng = np.linspace(-1e3, 1e3, 20001)
    solved = solve(LagrangeInputs(x * y, (x, y), (Constraint(x + y, 10),)))
    items = _items(solved)
    assert items["max"].value == 25 and items["argmax"].value == sympy.FiniteSet((5, 5))
    assert items["lambda"].value == 5
    assert isinstance(items["min"], Undefined) and "unbounded below" in items["min"].reason
    assert np.max(rng * (10 - rng)) <= 25 and np.min(rng * (10 - rng)) < -1e5


def test_the_circle_example_splits_into_cases_as_a_course_does():
    solved = solve(LagrangeInputs(x**2 + 2 * y**2, (x, y), (Constraint(x**2 + y**2, 1),)))
    split = next(s for s in solved.steps if isinstance(s, LagrangeCaseSplit))
    assert {case[0][0] for case in split.cases} == {x, sympy.Symbol("lambda", real=True)}
    items = _items(solved)
    assert (items["max"].value, items["min"].value) == (2, 1)
    assert items["argmax"].value == sympy.FiniteSet((0, 1), (0, -1))
    assert items["argmin"].value == sympy.FiniteSet((1, 0), (-1, 0))
    assert items["lambda"].value == sympy.FiniteSet(1, 2)
    existence = next(s for s in solved.steps if isinstance(s, LagrangeExistence))
    assert existence.argument == "compact"


def test_two_constraints_and_an_unbounded_curve():
    # max/min of z on the ellipse x + y + z = 1, x² + y² = 1 (a classic two-multiplier case)
    inputs = LagrangeInputs(z, (x, y, z), (Constraint(x + y + z, 1), Constraint(x**2 + y**2, 1)))
    solved = solve(inputs)
    _check_conditions(inputs, solved)
    items = _items(solved)
    assert sympy.simplify(items["max"].value - (1 + sympy.sqrt(2))) == 0
    assert sympy.simplify(items["min"].value - (1 - sympy.sqrt(2))) == 0
    hyperbola = _items(solve(LagrangeInputs(x**2 + y**2, (x, y), (Constraint(x * y, 1),))))
    assert hyperbola["min"].value == 2 and isinstance(hyperbola["max"], Undefined)


def test_no_candidates_and_infeasible_constraints_are_answers():
    line = _items(solve(LagrangeInputs(x + y, (x, y), (Constraint(x - y, 0),))))
    assert isinstance(line["max"], Undefined) and isinstance(line["min"], Undefined)
    parallel = solve(LagrangeInputs(x + y + z, (x, y, z), (Constraint(x + y, 1),
                                                           Constraint(x + y, 2))))
    assert isinstance(parallel.answer, NoSolution)


def test_kkt_discards_infeasible_points_and_reads_the_multiplier_signs():
    inputs = LagrangeInputs(x**2 + y**2 - 2 * x, (x, y), (Constraint(x**2 + y**2, 4, "<="),))
    solved = solve(inputs)
    items = _items(solved)
    assert (items["max"].value, items["min"].value) == (8, -1)
    assert items["argmax"].value == sympy.FiniteSet((-2, 0))
    # outside the half-plane x ≥ 2 the unconstrained minimum (1, 0) is infeasible
    shifted = _items(solve(LagrangeInputs(x**2 + y**2 - 2 * x, (x, y),
                                          (Constraint(x, 2, ">="),), "min")))
    assert shifted["min"].value == 0 and shifted["argmin"].value == sympy.FiniteSet((2, 0))


def test_each_variable_in_terms_of_the_multiplier_when_elimination_is_not_polynomial():
    entropy = -x * sympy.log(x) - y * sympy.log(y) - z * sympy.log(z)
    inputs = LagrangeInputs(entropy, (x, y, z), (Constraint(x + y + z, 1),), "max")
    solved = solve(inputs)
    _check_conditions(inputs, solved)
    items = _items(solved)
    assert items["argmax"].value == sympy.FiniteSet((R(1, 3), R(1, 3), R(1, 3)))
    assert sympy.simplify(items["max"].value - sympy.log(3)) == 0
    logs = _items(solve(LagrangeInputs(sympy.log(x) + sympy.log(y), (x, y),
                                       (Constraint(x + y, 10),), "max")))
    assert logs["argmax"].value == sympy.FiniteSet((5, 5)) and logs["lambda"].value == R(1, 5)


def test_a_point_where_the_constraint_gradient_vanishes_is_a_candidate():
    # on the cusp y² = x³ the minimum of x is at (0, 0), where ∇g = 0 and λ cannot exist
    solved = solve(LagrangeInputs(x, (x, y), (Constraint(y**2 - x**3, 0),), "min"))
    assert _candidates(solved) == []
    singular = next(s for s in solved.steps if isinstance(s, LagrangeSingularPoints))
    assert singular.points == ((0, 0),)
    assert _items(solved)["argmin"].value == sympy.FiniteSet((0, 0))


def test_two_inequalities_take_four_slackness_cases():
    inputs = LagrangeInputs(x * y, (x, y), (Constraint(x**2 + y**2, 2, "<="),
                                            Constraint(x + y, 0, ">=")))
    solved = solve(inputs)
    split = next(s for s in solved.steps if isinstance(s, LagrangeCaseSplit))
    assert len(split.cases) == 4
    _check_conditions(inputs, solved)
    items = _items(solved)
    assert (items["max"].value, items["min"].value) == (1, -1)
    assert items["argmin"].value == sympy.FiniteSet((1, -1), (-1, 1))
    grid = np.linspace(-1.5, 1.5, 1201)
    X, Y = np.meshgrid(grid, grid)
    feasible = (X**2 + Y**2 <= 2) & (X + Y >= 0)
    assert abs(np.max((X * Y)[feasible]) - 1) < 1e-2 and abs(np.min((X * Y)[feasible]) + 1) < 1e-2


def _codes(inputs) -> dict:
    found = {}
    for m in mistakes("lagrange", inputs, solve(inputs)):
        found.setdefault((m.code, m.name), m.answer.value)
    return found


def test_mistakes_produce_the_expected_wrong_values():
    line = _codes(LagrangeInputs(x * y, (x, y), (Constraint(x + y, 10),)))
    assert line[("lagrangian_sign", "lambda")] == -5
    assert line[("constraint_ignored", "max")] == 0
    circle = _codes(LagrangeInputs(x**2 + 2 * y**2, (x, y), (Constraint(x**2 + y**2, 1),)))
    assert circle[("lagrangian_sign", "lambda")] == sympy.FiniteSet(-1, -2)
    assert circle[("case_dropped", "lambda")] in (1, 2)
    assert circle[("max_min_swapped", "max")] == 1 and circle[("max_min_swapped", "min")] == 2
    assert circle[("constraint_ignored", "min")] == 0
    disc = _codes(LagrangeInputs(x**2 + y**2 - 2 * x, (x, y),
                                 (Constraint(x**2 + y**2, 4, "<="),)))
    assert disc[("lagrangian_sign", "max")] == -1  # the sign test on μ reversed
    assert ("case_dropped", "mu") in disc


def test_mistakes_that_coincide_with_the_right_answer_are_not_offered():
    # λ = 0, a single case, and the unconstrained minimum (1, 1) lies on the line
    found = _codes(LagrangeInputs((x - 1)**2 + (y - 1)**2, (x, y), (Constraint(x + y, 2),)))
    assert not any(code in ("lagrangian_sign", "case_dropped", "constraint_ignored")
                   for code, _ in found)
    # f constant on the circle: maximum and minimum are the same
    assert not any(code == "max_min_swapped" for code, _ in _codes(
        LagrangeInputs(x**2 + y**2, (x, y), (Constraint(x**2 + y**2, 1),))))


SPEC = """\
title: Lagrange
problems:
  - id: p
    parts:
      - {id: a, kind: lagrange, f: x^2 + 2 y^2, wrt: [x, y], constraints: ['x^2 + y^2 = 1'],
         ecf: true}
      - {id: b, kind: lagrange, f: x y, wrt: [x, y], constraints: ['x + y = 10']}
      - {id: c, kind: lagrange, f: x^2 - 3 x + y^2 + 3 y, wrt: [x, y],
         constraints: ['2 x^2 + 4 y^2 = 4']}
"""


def _verdicts(answers: dict, spec: str = SPEC) -> dict:
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def test_the_extremes_carry_forward_from_the_students_points():
    # the student kept only (1, 0) as the maximiser: f there is 1
    verdicts = _verdicts({"p.a.argmax": "(1, 0)", "p.a.max": "1"})
    assert verdicts["p.a.argmax"].status == "incorrect"
    assert (verdicts["p.a.max"].status, verdicts["p.a.max"].decided_by) == ("correct", "ecf")
    # from their candidate points (a point per row) the maximiser is (0, 2), f = 8
    verdicts = _verdicts({"p.a.candidates": [["1", "0"], ["-1", "0"], ["0", "2"]],
                          "p.a.argmax": "(0, 2)", "p.a.max": "8"})
    for key in ("p.a.argmax", "p.a.max"):
        assert (verdicts[key].status, verdicts[key].decided_by) == ("correct", "ecf"), \
            verdicts[key].reason
    unrelated = _verdicts({"p.a.argmax": "(1, 0)", "p.a.max": "3"})["p.a.max"]
    assert unrelated.status == "incorrect" and unrelated.decided_by != "ecf"
    without = _verdicts({"p.a.argmax": "(1, 0)", "p.a.max": "1"},
                        SPEC.replace("ecf: true", "ecf: false"))
    assert without["p.a.max"].status == "incorrect"


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.b.max", "25", "correct", None),
    ("p.b.argmax", "(5, 5)", "correct", None),
    ("p.b.min", "does not exist", "correct", None),
    ("p.b.lambda", "-5", "incorrect", "lagrangian_sign"),
    ("p.a.argmax", "{(0, 1), (0, -1)}", "correct", None),
    ("p.a.min", "2", "incorrect", "max_min_swapped"),
    ("p.a.min", "0", "incorrect", "constraint_ignored"),
    ("p.c.max", "6.93639", "correct", None),  # points found numerically, to 6 figures
    ("p.c.argmax", "(-1.26631, 0.445225)", "correct", None),
    ("p.c.max", "-3.62275", "incorrect", "max_min_swapped"),
])
def test_check_verdicts_through_the_cli(tmp_path, key, answer, status, diagnosis):
    spec = tmp_path / "lagrange.yaml"
    spec.write_text(SPEC)
    part = checked_key(spec, key, answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def test_the_example_solves():
    spec = example_spec("lagrange")
    items = _items(KINDS["lagrange"].solve(spec.problems[0].parts[0].inputs))
    assert (items["max"], items["min"]) == (Value(2), Value(1))


def test_constraints_are_read_with_the_number_on_the_right():
    spec = load("""\
    title: t
    problems:
      - id: p
        parts:
          - {id: a, kind: lagrange, f: x + y, wrt: [x, y], constraints: ['x^2 = 1 - y^2'],
             goal: max}
          - {id: b, kind: lagrange, f: x, wrt: [x, y], constraints: ['x^2 + y^2 ≤ 4', 'y >= 1']}
    """)
    first, second = (part.inputs for part in spec.problems[0].parts)
    assert first.constraints == (Constraint(x**2 + y**2, 1),)
    assert [c.relation for c in second.constraints] == ["<=", ">="]
    items = _items(solve(first))
    assert list(dict(items)) == ["max", "argmax", "lambda"] and items["max"].value == sympy.sqrt(2)


@pytest.mark.parametrize("fields, field, words", [
    ("f: x y, wrt: [x, y], constraints: ['x + y']", "constraints", "expected one ="),
    ("f: x y, wrt: [x, y], constraints: ['x + y < 1']", "constraints", "strict inequality"),
    ("f: x y, wrt: [x, y], constraints: ['x + y = 1', 'x - y = 0']", "constraints",
     "fewer than 2"),
    ("f: x y, wrt: [x, y], constraints: ['3 = 3']", "constraints", "does not involve"),
    ("f: x y, wrt: [x, y], constraints: ['x + w = 1']", "constraints", "unknown name"),
    ("f: x y, wrt: [x, y], constraints: ['x + y = 1'], goal: maximum", "goal", "unknown goal"),
    ("f: x y, wrt: [x, y], constraints: [[1, 2]]", "constraints", "as text"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("lagrange", fields)
    assert f"field '{field}'" in message and words in message, message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "lagrange.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Lagrange multipliers
        problems:
          - id: lagrange
            parts:
              - {id: a, kind: lagrange, f: x y, wrt: [x, y], constraints: ['x + y = 10'],
                 goal: max}
              - {id: b, kind: lagrange, f: x^2 + 2 y^2, wrt: [x, y],
                 constraints: ['x^2 + y^2 = 1']}
              - {id: c, kind: lagrange, f: (x - 1)^2 + (y - 2)^2 + (z - 3)^2, wrt: [x, y, z],
                 constraints: ['x + 2 y + 2 z = 4'], goal: min}
              - {id: d, kind: lagrange, f: x^2 + y^2 - 2 x, wrt: [x, y],
                 constraints: ['x^2 + y^2 <= 4']}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "lagrange.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "lagrange.md").read_text()
    assert r"f = 25" in text and r"\text{Case 1:}" in text
