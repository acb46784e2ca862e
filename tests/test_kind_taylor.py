"""Taylor polynomials checked by independent routes: the derivatives at the point against
mpmath's finite differences, the remainder f − Tₙ shrinking like hⁿ⁺¹ (halving h divides
it by about 2ⁿ⁺¹), and SymPy's own ``series`` (of f(a + t(x − a)) in t for several
variables); the typical mistakes, error carried forward, the checker's verdicts, and the
worked solution as a PDF."""

from __future__ import annotations

import json
import pickle
import random
import textwrap
from functools import cache

import mpmath
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Undefined, Value
from solver.check.answerfile import answers_from_text
from solver.check.carry import CarryForward
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.taylor import TaylorInputs, solve
from solver.kinds.taylor.steps import (
    TaylorDerivativeTable,
    TaylorHigherPartials,
    TaylorMultivariate,
    TaylorSum,
)
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, example_spec, load, spec_error

x, y, z = sympy.symbols("x y z")
R = sympy.Rational

ONE_VARIABLE = [
    sympy.exp(x) * sympy.sin(x),
    sympy.log(1 + x),
    sympy.cos(2 * x) + x**3,
    1 / (1 + x**2),
    sympy.sqrt(1 + x),
    sympy.atan(x),
    x * sympy.exp(-x),
    sympy.tanh(x),
]

SEVERAL = [
    (x**2 * y + sympy.exp(x * y), (x, y)),
    (x**2 + 2 * x * y + y**3, (x, y)),
    (sympy.sin(x) * sympy.cos(y), (x, y)),
    (sympy.log(1 + x**2 + y**2), (x, y)),
    (x * y * z + sympy.exp(x - z), (x, y, z)),
]


def taylor(f, wrt, at, order) -> Value:
    wrt = (wrt,) if isinstance(wrt, sympy.Symbol) else tuple(wrt)
    at = tuple(sympy.sympify(c) for c in (at if isinstance(at, tuple | list) else (at,)))
    return solve(TaylorInputs(f, wrt, at, order))


def numeric(expr, variables):
    return sympy.lambdify(variables, expr, modules="mpmath")


def random_points(seed: str, count: int, size: int = 1):
    rng = random.Random(seed)
    return [tuple(R(rng.randint(-4, 4), rng.choice([2, 4, 5])) for _ in range(size))
            for _ in range(count)]


# -- the derivative table by finite differences ---------------------------------------------


@pytest.mark.parametrize("f", ONE_VARIABLE, ids=str)
def test_the_derivatives_at_the_point_match_finite_differences(f):
    mpmath.mp.dps = 40
    g = numeric(f, x)
    for (a,) in random_points(str(f), 3):
        if f.subs(x, a).is_real is False or sympy.sqrt(1 + a).is_real is False:
            continue
        solved = taylor(f, x, a, 5)
        values = dict(solved.intermediates)
        for order in range(6):
            exact = values[f"d{order}"].value
            estimate = mpmath.diff(g, mpmath.mpf(a.p) / a.q, order)
            assert abs(sympy.N(exact, 30) - sympy.Float(estimate, 30)) < 1e-15


@pytest.mark.parametrize("f, variables", SEVERAL, ids=str)
def test_gradient_hessian_and_third_partials_match_finite_differences(f, variables):
    mpmath.mp.dps = 40
    g = numeric(f, variables)
    for point in random_points(str(f), 2, len(variables)):
        solved = taylor(f, variables, point, 3)
        values = dict(solved.intermediates)
        at = [mpmath.mpf(c.p) / c.q for c in point]
        size = len(variables)
        for i in range(size):
            order = tuple(int(j == i) for j in range(size))
            assert abs(values["gradient"].value[i] - mpmath.diff(g, at, order)) < 1e-15
            for j in range(size):
                order = tuple(int(m == i) + int(m == j) for m in range(size))
                assert abs(values["hessian"].value[i, j] - mpmath.diff(g, at, order)) < 1e-15
        table = next(step for step in solved.steps if isinstance(step, TaylorHigherPartials))
        for row in table.rows:
            assert abs(sympy.N(row.value, 30) - mpmath.diff(g, at, row.alpha)) < 1e-15


# -- the remainder shrinks like h^(n+1) -----------------------------------------------------


def _ratio(f, polynomial, variables, point, direction, h):
    """(f − Tₙ)(a + h v) / (f − Tₙ)(a + h v / 2)."""
    remainder = numeric(f - polynomial, variables)
    mpmath.mp.dps = 60
    near = [mpmath.mpf(c.p) / c.q + h * v for c, v in zip(point, direction, strict=True)]
    nearer = [mpmath.mpf(c.p) / c.q + h / 2 * v for c, v in zip(point, direction, strict=True)]
    return remainder(*near) / remainder(*nearer)


@pytest.mark.parametrize("f", ONE_VARIABLE, ids=str)
@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_the_remainder_shrinks_like_h_to_the_order_plus_one(f, order):
    for (a,) in random_points(f"{f}{order}", 2):
        if sympy.sqrt(1 + a).is_real is False or (1 + a) == 0:
            continue
        next_derivative = sympy.diff(f, x, order + 1).subs(x, a)
        if abs(sympy.N(next_derivative)) < 1e-6:
            continue  # the remainder is of a higher order still
        polynomial = taylor(f, x, a, order).answer.value
        ratio = _ratio(f, polynomial, (x,), (a,), (1,), mpmath.mpf("1e-4"))
        assert abs(ratio / 2 ** (order + 1) - 1) < 0.01


@pytest.mark.parametrize("f, variables", SEVERAL, ids=str)
@pytest.mark.parametrize("order", [1, 2, 3])
def test_a_multivariate_remainder_shrinks_like_h_to_the_order_plus_one(f, variables, order):
    rng = random.Random(f"{f}{order}")
    t = sympy.Dummy("t")
    for point in random_points(f"{f}{order}", 2, len(variables)):
        direction = [rng.choice([-2, -1, 1, 2, 3]) for _ in variables]
        line = f.subs({v: c + t * d for v, c, d in zip(variables, point, direction,
                                                          strict=True)})
        if abs(sympy.N(sympy.diff(line, t, order + 1).subs(t, 0))) < 1e-6:
            continue
        polynomial = taylor(f, variables, point, order).answer.value
        ratio = _ratio(f, polynomial, variables, point, direction, mpmath.mpf("1e-4"))
        assert abs(ratio / 2 ** (order + 1) - 1) < 0.01


# -- SymPy's series as another route --------------------------------------------------------


@pytest.mark.parametrize("f", ONE_VARIABLE, ids=str)
def test_the_polynomial_is_sympys_series(f):
    for (a,) in random_points(f"series{f}", 2) + [(sympy.S.Zero,)]:
        if (1 + a).is_positive is not True:
            continue
        for order in (0, 2, 4):
            expected = sympy.series(f, x, a, order + 1).removeO()
            answer = taylor(f, x, a, order).answer.value
            assert sympy.simplify(sympy.expand(answer - expected)) == 0


@pytest.mark.parametrize("f, variables", SEVERAL, ids=str)
def test_a_multivariate_polynomial_is_the_series_along_the_line_at_t_1(f, variables):
    t = sympy.Dummy("t")
    for point in random_points(f"series{f}", 1, len(variables)) + [(0,) * len(variables)]:
        if f.subs(dict(zip(variables, point, strict=True))).is_finite is False:
            continue
        for order in (1, 2, 3):
            line = f.subs({v: c + t * (v - c) for v, c in zip(variables, point, strict=True)},
                          simultaneous=True)
            expected = sympy.series(line, t, 0, order + 1).removeO().subs(t, 1)
            answer = taylor(f, variables, point, order).answer.value
            assert sympy.simplify(sympy.expand(answer - expected)) == 0


# -- the steps and special outcomes ---------------------------------------------------------


def test_the_course_example_term_by_term():
    solved = taylor(sympy.exp(x) * sympy.sin(x), x, 0, 3)
    table, polynomial = solved.steps
    assert isinstance(table, TaylorDerivativeTable) and isinstance(polynomial, TaylorSum)
    assert [row.value for row in table.rows] == [0, 1, 2, 2]
    assert [term.coefficient for term in polynomial.terms] == [0, 1, 1, R(1, 3)]
    assert [term.divisor for term in polynomial.terms] == [1, 1, 2, 6]
    assert solved.answer.value == x + x**2 + x**3 / 3
    assert [name for name, _ in solved.intermediates] == ["d0", "f1", "d1", "f2", "d2",
                                                          "f3", "d3"]


def test_the_mml_example_of_order_three_in_two_variables():
    # f(x, y) = x² + 2xy + y³ about (1, 2): MML example 5.15
    solved = taylor(x**2 + 2 * x * y + y**3, (x, y), (1, 2), 3)
    values = dict(solved.intermediates)
    assert values["value"].value == 13
    assert values["gradient"].value == sympy.Matrix([6, 14])
    assert values["hessian"].value == sympy.Matrix([[2, 2], [2, 12]])
    assert [values[name].value for name in ("f_xxx", "f_xxy", "f_xyy", "f_yyy")] == [0, 0, 0, 6]
    expected = (13 + 6 * (x - 1) + 14 * (y - 2) + (x - 1)**2 + 2 * (x - 1) * (y - 2)
                + 6 * (y - 2)**2 + (y - 2)**3)
    assert sympy.expand(solved.answer.value - expected) == 0
    assert isinstance(solved.steps[-1], TaylorMultivariate)


@pytest.mark.parametrize("f, wrt, at, order", [
    (sympy.tan(x), x, sympy.pi / 4, 3),
    (x**2 * y + sympy.exp(x * y), (x, y), (1, 2), 3),
])
def test_the_steps_survive_pickling_unchanged(f, wrt, at, order):
    """A part finished in a forked child comes back pickled: nothing in its steps may
    rely on an unevaluated SymPy product (2(x − π/4) would come back as 2x − π/2)."""
    steps = taylor(f, wrt, at, order).steps
    assert pickle.loads(pickle.dumps(steps)) == steps


def test_a_point_value_in_closed_form():
    values = dict(taylor(sympy.exp(x) * sympy.sin(x), x, 1, 2).intermediates)
    assert values["d1"].value == sympy.E * (sympy.sin(1) + sympy.cos(1))
    values = dict(taylor(sympy.cos(x), x, sympy.pi / 3, 1).intermediates)
    assert values["d1"].value == -sympy.sqrt(3) / 2


def test_a_derivative_without_a_value_at_the_point_is_undefined():
    solved = taylor(sympy.sqrt(x), x, 0, 2)
    assert isinstance(solved.answer, Undefined) and "f' has no finite value" in solved.answer.reason
    assert taylor(sympy.sqrt(x), x, 0, 0).answer.value == 0
    solved = taylor(sympy.log(x * y), (x, y), (0, 1), 1)
    assert isinstance(solved.answer, Undefined)


def test_symbolic_constants():
    part = load("""\
    title: t
    problems:
      - id: p
        parts:
          - {id: a, kind: taylor, f: exp(k x), wrt: x, at: 0, order: 2, constants: [k]}
    """).problems[0].parts[0]
    (t,), (c,) = part.inputs.wrt, part.inputs.constants
    assert sympy.expand(solve(part.inputs).answer.value - (1 + c * t + c**2 * t**2 / 2)) == 0


# -- typical mistakes -----------------------------------------------------------------------


def _mistakes(f, wrt, at, order) -> dict:
    wrt = (wrt,) if isinstance(wrt, sympy.Symbol) else tuple(wrt)
    at = tuple(sympy.sympify(c) for c in (at if isinstance(at, tuple) else (at,)))
    inputs = TaylorInputs(f, wrt, at, order)
    return {m.code: sympy.expand(m.answer.value)
            for m in mistakes("taylor", inputs, solve(inputs))}


def test_mistakes_about_zero_give_the_expected_wrong_polynomials():
    found = _mistakes(sympy.exp(x) * sympy.sin(x), x, 0, 3)
    assert found["factorial_as_k"] == x + x**2 + 2 * x**3 / 3
    assert found["factorial_missing"] == x + 2 * x**2 + 2 * x**3
    assert found["derivatives_not_at_point"].has(sympy.exp)  # f⁽ᵏ⁾(x) left in the terms
    # about 0 there is no (x − a) to slip on, and no other point to expand about
    assert "shift_sign" not in found and "expanded_about_zero" not in found
    assert "cross_terms_once" not in found


def test_mistakes_about_a_point():
    e = sympy.E
    found = _mistakes(sympy.exp(x), x, 1, 2)
    assert found["expanded_about_zero"] == 1 + x + x**2 / 2
    assert found["shift_sign"] == sympy.expand(e + e * (x + 1) + e * (x + 1)**2 / 2)
    assert found["factorial_missing"] == sympy.expand(e + e * (x - 1) + e * (x - 1)**2)
    assert "factorial_as_k" not in found  # k = k! for k ≤ 2


def test_mistakes_that_coincide_with_the_answer_are_not_named():
    # a polynomial of degree 1: its derivatives are constants, so evaluating them at x or at
    # a is the same, and nothing is divided by more than 1! = 1
    found = _mistakes(3 * x + 2, x, 1, 1)
    assert "derivatives_not_at_point" not in found and "factorial_missing" not in found
    assert found["shift_sign"] == 3 * x + 2 + 6
    # no mixed partial: counting it once changes nothing
    assert "cross_terms_once" not in _mistakes(x**2 + sympy.exp(y), (x, y), (1, 0), 2)


def test_multivariate_mistakes():
    found = _mistakes(x**2 + 3 * x * y - y**3, (x, y), (1, -1), 2)
    right = sympy.expand(-1 - (x - 1) + (x - 1)**2 + 3 * (x - 1) * (y + 1) + 3 * (y + 1)**2)
    assert found["cross_terms_once"] == sympy.expand(right - R(3, 2) * (x - 1) * (y + 1))
    assert found["factorial_missing"] == sympy.expand(
        right + (x - 1)**2 + 3 * (x - 1) * (y + 1) + 3 * (y + 1)**2)
    assert found["expanded_about_zero"] == x**2 + 3 * x * y
    assert found["derivatives_not_at_point"].has(x) and "shift_sign" in found


# -- the checker: verdicts and error carried forward ----------------------------------------

SPEC = """\
title: Taylor
problems:
  - id: p
    parts:
      - {id: a, kind: taylor, f: exp(x) sin(x), wrt: x, at: 0, order: 3, ecf: true}
      - {id: b, kind: taylor, f: exp(x), wrt: x, at: 1, order: 2, ecf: true}
      - {id: c, kind: taylor, f: x^2 + 3 x y - y^3, wrt: [x, y], at: [1, -1], order: 2,
         ecf: true}
"""


@cache
def _solved(spec: str):
    return solve_set(load_text(spec, "t.yaml"))


def _verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = SPEC if ecf else SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    return {v.key: v for v in check_file(_solved(spec), sheet, only_answered=True).verdicts}


@pytest.mark.parametrize("earlier, later, source, unrelated", [
    # f''(0) = 2 taken as 1: T₃ = x + x²/2 + x³/3 from the student's d2
    ({"p.a.d2": "1"}, {"p.a": "x + x^2/2 + x^3/3"}, "d2", {"p.a": "x + x^2 + x^3/3 + 1"}),
    # the student's f'' = 2 e^x sin x: f''(0) = 0 and f'''(0) = 2 from it
    ({"p.a.f2": "2 e^x sin(x)"}, {"p.a": "x + x^3/3"}, "f2", {"p.a": "x + x^2"}),
    # a Hessian with the mixed entry 3 taken as 2
    ({"p.c.hessian": [["2", "2"], ["2", "6"]]},
     {"p.c": "-1 - (x - 1) + (x - 1)^2 + 2 (x - 1)(y + 1) + 3 (y + 1)^2"}, "hessian",
     {"p.c": "-1 - (x - 1) + (x - 1)^2 + 3 (x - 1)(y + 1) + 3 (y + 1)^2 + 1"}),
    ({"p.c.gradient": ["1", "0"]},
     {"p.c": "-1 + (x - 1) + (x - 1)^2 + 3 (x - 1)(y + 1) + 3 (y + 1)^2"}, "gradient",
     {"p.c": "-1 + (x - 1)"}),
])
def test_later_values_from_the_students_earlier_ones_are_carried(earlier, later, source,
                                                                   unrelated):
    verdicts = _verdicts(earlier | later)
    for key in later:
        assert (verdicts[key].status, verdicts[key].decided_by) == ("correct", "ecf"), \
            (key, verdicts[key].reason)
        assert f"correct from your own {source} " in verdicts[key].reason
        assert _verdicts(earlier | later, ecf=False)[key].status == "incorrect"
    for key, answer in unrelated.items():
        wrong = _verdicts(earlier | {key: answer})[key]
        assert wrong.status == "incorrect" and wrong.decided_by != "ecf", wrong.reason


def test_each_derivative_and_its_value_follow_from_the_students_previous_one():
    """Intermediate values are checked without points, so the chain is read off the
    re-solve: f‴ and both values at 0 from the student's f″ = 2 e^x sin x."""
    inputs = _solved(SPEC).problems[0].parts[0].part.inputs
    (t,) = inputs.wrt
    earlier = {"f2": 2 * sympy.exp(t) * sympy.sin(t)}
    carry = CarryForward()
    assert carry.carried("taylor", inputs, "d2", earlier) == (0, ("f2",))
    f3, sources = carry.carried("taylor", inputs, "f3", earlier)
    assert sympy.simplify(f3 - 2 * sympy.exp(t) * (sympy.sin(t) + sympy.cos(t))) == 0
    assert sources == ("f2",)
    assert carry.carried("taylor", inputs, "d3", earlier) == (2, ("f2",))
    assert carry.carried("taylor", inputs, "d1", earlier) is None  # before f2


def test_an_earlier_value_that_is_no_number_carries_nothing():
    verdict = _verdicts({"p.a.d2": "[1, 2]", "p.a": "x + x^2/2 + x^3/3"})["p.a"]
    assert verdict.status == "incorrect" and verdict.decided_by != "ecf"
    verdict = _verdicts({"p.c.hessian": ["2", "2"], "p.c": "-1 - (x - 1)"})["p.c"]
    assert verdict.status == "incorrect" and verdict.decided_by != "ecf"


@pytest.fixture
def spec_file(tmp_path):
    path = tmp_path / "taylor.yaml"
    path.write_text(SPEC)
    return path


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a", "x + x^2 + x^3/3", "correct", None),
    ("p.a", "x + x^2 + 2x^3/3", "incorrect", "factorial_as_k"),
    ("p.a", "x + 2x^2 + 2x^3", "incorrect", "factorial_missing"),
    ("p.b", "e + e(x - 1) + e/2 (x - 1)^2", "correct", None),
    ("p.b", "1 + x + x^2/2", "incorrect", "expanded_about_zero"),
    ("p.b", "e + e(x + 1) + e/2 (x + 1)^2", "incorrect", "shift_sign"),
    ("p.c", "-1 - (x - 1) + (x - 1)^2 + 3/2 (x - 1)(y + 1) + 3 (y + 1)^2", "incorrect",
     "cross_terms_once"),
])
def test_check_verdicts_through_the_cli(spec_file, key, answer, status, diagnosis):
    part = checked_key(spec_file, key, answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


# -- the spec -------------------------------------------------------------------------------


def test_the_example_solves():
    spec = example_spec("taylor")
    part = spec.problems[0].parts[0]
    (t,) = part.inputs.wrt
    assert KINDS["taylor"].solve(part.inputs).answer.value == t + t**2 + t**3 / 3


def test_the_point_may_be_a_list_or_a_given_vector():
    spec = load("""\
    title: t
    problems:
      - id: p
        given: {a: [1, 2], c: 2}
        parts:
          - {id: a, kind: taylor, f: x y, wrt: [x, y], at: a, order: 1}
          - {id: b, kind: taylor, f: x^2, wrt: x, at: [3], order: 1}
          - {id: c, kind: taylor, f: x^2, wrt: x, at: c, order: 1}
    """)
    first, second, third = spec.problems[0].parts
    assert first.inputs.at == (1, 2) and second.inputs.at == (3,) and third.inputs.at == (2,)


@pytest.mark.parametrize("fields, field, words", [
    ("f: exp(x), wrt: x, at: 0", "order", "missing field 'order'"),
    ("f: exp(x), wrt: x, order: 2", "at", "missing field 'at'"),
    ("f: exp(x), wrt: x, at: 0, order: 11", "order", "between 0 and 10"),
    ("f: exp(x y), wrt: [x, y], at: [0, 0], order: 5", "order", "between 0 and 4"),
    ("f: exp(x), wrt: x, at: 0, order: 1.5", "order", "whole number"),
    ("f: exp(x y), wrt: [x, y], at: 0, order: 2", "at", "one number per variable"),
    ("f: exp(x y), wrt: [x, y], at: [0, 0, 1], order: 2", "at", "expected 2 numbers"),
    ("f: exp(x), wrt: x, at: t, order: 2", "at", "unknown name 't'"),
    ("f: exp(x), wrt: x, at: [[0, 1]], order: 2", "at", "column vector"),
    ("f: exp(x y), wrt: x, at: 0, order: 2", "f", "unknown name"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("taylor", fields)
    assert f"'{field}'" in message and words in message, message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "taylor.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Taylor polynomials
        problems:
          - id: taylor
            parts:
              - id: a
                statement: Find the second-order Taylor polynomial of $f(x) = e^x \\sin x$
                  about $x = 0$.
                kind: taylor
                f: exp(x) sin(x)
                wrt: x
                at: 0
                order: 2
              - {id: b, kind: taylor, f: log(x), wrt: x, at: 1, order: 4}
              - {id: c, kind: taylor, f: x^2 + 2 x y + y^3, wrt: [x, y], at: [1, 2], order: 3}
              - {id: d, kind: taylor, f: x^2 y + exp(x y), wrt: [x, y], at: [1, 2], order: 2}
              - {id: e, kind: taylor, f: sqrt(x), wrt: x, at: 0, order: 2}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "taylor.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "taylor.md").read_text()
    assert r"T_{2}(x) &= x + x^{2}" in text
    assert r"\frac{1}{3!} \left[6 \left(y - 2\right)^{3}\right]" in text
    assert "no finite value" in text
