"""Piecewise answers: steps, conditionals, piecewise(...), LaTeX cases; reading, printing,
comparing almost everywhere, and the ReLU Jacobian of a real problem set end to end."""

from __future__ import annotations

import os
import subprocess
import time
from functools import cache
from pathlib import Path

import pytest
import sympy
import sympy.parsing.sympy_parser

from solver.check.checker import check_answer, expected_keys
from solver.check.compare import Policy, compare_values
from solver.check.latex import LatexError, latex_to_plain
from solver.check.read import read_answer
from solver.check.values import Invalid, Range, Written
from solver.expr import Call, ExprSyntaxError, ExprTooLarge, parse, to_sympy
from solver.expr.nodes import Cases, Compare
from solver.render.document import solve_set
from solver.render.printing import latex, plain
from solver.spec.load import load_spec

z1, z2, z3, x = (sympy.Symbol(name, real=True) for name in ("z1", "z2", "z3", "x"))
Z = {"z1": z1, "z2": z2, "z3": z3}
RELU5 = sympy.Piecewise((5, z1 > 0), (0, True))
STEP5 = 5 * sympy.Heaviside(z1, 0)
PROBLEMS = Path(__file__).resolve().parent.parent / "problems"
NYU = "nyu-dl-2022-homework1"


def value(text, names=Z):
    answer = read_answer(text, names)
    assert isinstance(answer, Written), answer
    return answer.value


def step_at(expr, point: dict) -> float:
    """expr at a point, by substitution and SymPy's own evaluation."""
    return float(expr.subs(point))


# --- the grammar ------------------------------------------------------------------------


@pytest.mark.parametrize("text, pieces", [
    ("5 if z1 > 0 else 0", 2),
    ("(5 if z1 > 0 else 0)", 2),
    ("5 if z1 > 0 else 1 if z1 < -1 else 0", 3),
    ("piecewise(5, z1 > 0, 0)", 2),
    ("piecewise(5, z1 > 0, 0, z1 <= 0)", 2),
    ("Piecewise((5, z1 > 0), (0, True))", 2),
    ("piecewise((5, 0 < z1 <= 2), (1, true))", 2),
])
def test_piecewise_forms_parse_to_cases(text, pieces):
    tree = parse(text)
    assert isinstance(tree, Cases)
    assert len(tree.pieces) == pieces
    assert isinstance(tree.pieces[0][1], Compare)


@pytest.mark.parametrize("name", ["step", "heaviside", "Heaviside"])
def test_step_functions_are_calls_of_heaviside_with_value_0_at_0(name):
    tree = parse(f"5 {name}(z1)")
    assert isinstance(tree.right, Call)
    assert to_sympy(tree, Z) == STEP5
    assert to_sympy(parse(f"{name}(0)"), Z) == 0


@pytest.mark.parametrize("text, message", [
    ("5 if z1 > 0", "expected 'else'"),
    ("5 if", "expected a condition"),
    ("5 if z1 else 0", "needs a comparison"),
    ("5 * (z1 > 0)", "only as a condition"),
    ("piecewise(5)", "piecewise() takes values and conditions"),
])
def test_unfinished_conditionals_are_explained(text, message):
    with pytest.raises(ExprSyntaxError) as caught:
        parse(text)
    assert message in caught.value.message


def test_condition_gates():
    many = " else ".join(f"{i} if z1 > {i}" for i in range(20)) + " else 0"
    with pytest.raises(ExprTooLarge, match="limit is 16"):
        to_sympy(parse(many), Z)
    with pytest.raises(ExprTooLarge, match="chains 3"):
        to_sympy(parse("1 if 0 < z1 < z2 < z3 else 0"), Z)
    with pytest.raises(ExprSyntaxError, match="only real numbers"):
        to_sympy(parse("1 if sqrt(-1) > 0 else 0"), Z)


# --- reading answers --------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "5 if z1 > 0 else 0",
    "(5 if z1 > 0 else 0)",
    "piecewise(5, z1 > 0, 0)",
    "Piecewise((5, z1 > 0), (0, True))",
    "f'(z1) = 5 if z1 > 0 else 0",
    r"\begin{cases} 5 & z_1 > 0 \\ 0 & \text{otherwise} \end{cases}",
    r"\begin{cases} 5 & z_1 > 0 \\ 0 & \text{else} \end{cases}",
    r"\begin{cases} 5, & \text{if } z_1 > 0, \\ 0, & \text{otherwise.} \end{cases}",
    r"\begin{cases} 5 & \text{for}\: z_{1} > 0 \\0 & \text{otherwise} \end{cases}",
    r"\begin{cases} 5 & z_1 > 0 \\ 0 \end{cases}",
    r"\left\{ \begin{array}{ll} 5 & z_1 > 0 \\ 0 & \text{otherwise} \end{array} \right.",
])
def test_piecewise_texts_read_as_the_engine_writes_them(text):
    assert value(text) == RELU5


@pytest.mark.parametrize("text, expected", [
    (r"\begin{cases} 5 & z_1 \geq 0 \\ 0 & z_1 < 0 \end{cases}",
     sympy.Piecewise((5, z1 >= 0), (0, z1 < 0))),
    (r"\begin{cases} 0 & z_1 \le 0 \\ 5 & \text{otherwise} \end{cases}",
     sympy.Piecewise((0, z1 <= 0), (5, True))),
    (r"\begin{dcases} 5 & \text{when } z_1 > 0 \\ 0 & \text{elsewhere} \end{dcases}", RELU5),
])
def test_latex_cases_with_other_conditions(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text", [
    "5 step(z1)", "5 heaviside(z1)", "5 Heaviside(z1)", "5 H(z1)", "5H(z1)", "5·step(z1)",
    r"5 H(z_1)", r"5\,\mathrm{step}(z_1)", r"5 \operatorname{step}(z_1)",
])
def test_step_texts(text):
    assert value(text) == STEP5


def test_h_is_the_step_only_when_it_is_not_a_name_of_the_problem():
    h = sympy.Symbol("H", real=True)
    assert value("5 H(z1)", {**Z, "H": h}) == 5 * h * z1


def test_a_condition_outside_a_conditional_is_still_a_range():
    assert isinstance(read_answer("z1 > 0", Z), Range)


@pytest.mark.parametrize("raw", [
    "[[5 step(z1), 0], [0, 5 step(z2)]]",
    "[[5 if z1 > 0 else 0, 0], [0, (5 if z2 > 0 else 0)]]",
    "[[Piecewise((5, z1 > 0), (0, True)), 0], [0, piecewise(5, z2 > 0, 0)]]",
    [["5 H(z1)", 0], [0, "Piecewise((5, z2 > 0), (0, True))"]],
    [["5 if z1 > 0 else 0", "0"], ["0", r"\begin{cases} 5 & z_2 > 0 \\ 0 & \text{else}"
                                          r" \end{cases}"]],
    r"\begin{pmatrix} \begin{cases} 5 & z_1 > 0 \\ 0 & \text{otherwise} \end{cases} & 0 \\"
    r" 0 & 5 H(z_2) \end{pmatrix}",
])
def test_matrices_of_piecewise_entries(raw):
    matrix = value(raw)
    assert matrix.shape == (2, 2)
    assert matrix[0, 1] == matrix[1, 0] == 0
    for (i, symbol_) in ((0, z1), (1, z2)):
        assert step_at(matrix[i, i], {symbol_: 2}) == 5
        assert step_at(matrix[i, i], {symbol_: -2}) == 0


@pytest.mark.parametrize("text, message", [
    ("5 if z1 > 0", "expected 'else'"),
    (r"\begin{cases} 5 & \text{otherwise} \\ 0 & z_1 < 0 \end{cases}", "must be the last"),
    (r"\begin{cases} 5 & z_1 > 0 & 1 \end{cases}", "a value and a condition"),
    (r"\begin{cases} 5 & z_1 > 0 \end{pmatrix}", "closed by"),
    ("[[5 step(z1), 0], [0, 1]] if z1 > 0 else 0", "must be numbers"),
    (r"\begin{cases} 5 \end{cases}", "without a condition"),
])
def test_malformed_piecewise_answers_are_invalid(text, message):
    answer = read_answer(text, Z)
    assert isinstance(answer, Invalid)
    assert message in answer.message


def test_latex_cases_translation():
    assert latex_to_plain(
        r"3\begin{cases} 1 & z_1 \le 0 \\ 0 & \text{otherwise} \end{cases}"
    ) == "3 piecewise(1, z1 <= 0, 0)"
    assert latex_to_plain(r"\left\{ \begin{array}{c} 1 \\ 2 \end{array} \right\}") \
        == "{ [[1], [2]] }"
    with pytest.raises(LatexError, match="a case needs a value"):
        latex_to_plain(r"\begin{cases} , & z_1 > 0 \end{cases}")


@pytest.fixture
def nothing_runs(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("an answer tried to run or evaluate something")

    monkeypatch.setattr(os, "system", forbidden)
    monkeypatch.setattr(subprocess, "Popen", forbidden)
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", forbidden)
    monkeypatch.setattr(sympy, "sympify", forbidden)


@pytest.mark.parametrize("text", [
    "(" * 40 + "z1 if z1 > 0 else z2" + ")" * 40,
    " else ".join(f"z1^{i} if z1 > {i}" for i in range(40)) + " else 0",
    "[" + ", ".join(["piecewise(z1, z1 > z2, z2, z2 > z1^2, 1)"] * 45) + "]",
    "*".join(["(z1 if z1 > z2 else z2)"] * 90),
    "piecewise(" * 30 + "z1, z1 > 0, 1" + ", z2 > 0, 2)" * 30,
])
def test_large_piecewise_answers_are_quick_and_run_nothing(text, nothing_runs):
    read_answer("z1", Z)
    start = time.perf_counter()
    read_answer(text, Z)
    assert time.perf_counter() - start < 1


# --- printing ---------------------------------------------------------------------------


@pytest.mark.parametrize("expr, text", [
    (RELU5, "(5 if z1 > 0 else 0)"),
    (sympy.Piecewise((1, z1 > 0), (sympy.Rational(1, 100), True)), "(1 if z1 > 0 else 1/100)"),
    (sympy.Piecewise((x**2, sympy.And(z1 > 0, z1 <= 2)), (0, True)),
     "(x^2 if 0 < z1 <= 2 else 0)"),
    (sympy.Piecewise((x, z1 > 0)), "piecewise(x, z1 > 0)"),
    (3 * RELU5, "3*(5 if z1 > 0 else 0)"),
    (STEP5, "5*step(z1)"),
])
def test_the_plain_form_reads_back_as_the_same_value(expr, text):
    assert plain(expr) == text
    names = {**Z, "x": x}
    assert value(text, names) == expr
    assert compare_values(expr, value(text, names)).decided_by == "exact"


def test_decimal_plain_form_and_latex_are_unchanged():
    leaky = sympy.Piecewise((1, z1 > 0), (sympy.Rational(1, 100), True))
    assert plain(leaky, decimal=True) == "(1 if z1 > 0 else 0.01)"
    assert latex(RELU5) == (r"\begin{cases} 5 & \text{for}\: z_{1} > 0 \\"
                            r"0 & \text{otherwise} \end{cases}")
    assert value(latex(RELU5)) == RELU5


# --- comparing --------------------------------------------------------------------------


EQUAL_ALMOST_EVERYWHERE = [
    "5 step(z1)", "5 H(z1)", "5 if z1 >= 0 else 0", "5 - 5 step(-z1)",
    "piecewise(5, z1 > 0, 0, z1 <= 0)", "5/2 + 5 abs(z1)/(2 z1)",
    r"\begin{cases} 5 & z_1 \geq 0 \\ 0 & z_1 < 0 \end{cases}",
]


@pytest.mark.parametrize("text", EQUAL_ALMOST_EVERYWHERE)
@pytest.mark.parametrize("policy", [Policy(), Policy(prove=True)], ids=["default", "prove"])
def test_answers_equal_almost_everywhere_are_correct(text, policy):
    assert compare_values(RELU5, value(text), policy).equal is True


@pytest.mark.parametrize("text", EQUAL_ALMOST_EVERYWHERE)
def test_on_integers_the_value_at_the_boundary_counts(text):
    """z1 = 0 is one of the integers sampled: there the answers must agree too."""
    student = value(text)
    at_zero = student.subs(z1, 0)
    verdict = compare_values(RELU5, student, Policy(domain={"z1": "integer"}))
    assert verdict.equal is (at_zero in (0, sympy.nan, sympy.zoo))


@pytest.mark.parametrize("text", [
    "5 step(-z1)", "step(z1)", "5", "0", "5 if z1 > 1/2 else 0", "5 if z1 < 0 else 0",
    "5 step(z1) + 1", "5 step(z2)",
])
def test_wrong_piecewise_answers_are_refuted_with_a_point(text):
    student = value(text)
    verdict = compare_values(RELU5, student)
    assert verdict.equal is False
    point = {sympy.Symbol(name, real=True): sympy.nsimplify(at)
             for name, at in verdict.counterexample["at"].items()}
    assert point.get(z1, 1) != 0  # never a boundary point
    assert step_at(RELU5, point) != step_at(student, point)


def test_integer_domains_are_sampled_at_their_boundaries():
    policy = Policy(domain={"z1": "integer"})
    assert compare_values(RELU5, value("5 if z1 > 1/2 else 0"), policy).equal is True
    assert compare_values(RELU5, value("5 if z1 > 1 else 0"), policy).equal is False
    assert compare_values(RELU5, value("5 if z1 > 1 else 0")).equal is False


def test_leaky_relu_derivative_written_with_steps():
    leaky = sympy.Piecewise((1, z1 > 0), (sympy.Rational(1, 100), True))
    assert compare_values(leaky, value("1/100 + 99/100 step(z1)")).equal is True
    assert compare_values(leaky, value("step(z1) + 0.01 step(-z1)"), decimals=True).equal
    assert compare_values(leaky, value("step(z1)")).equal is False


# --- end to end: the NYU 5·ReLU Jacobian ------------------------------------------------


@cache
def relu_key():
    keys = {e.key: e for e in expected_keys(solve_set(load_spec(PROBLEMS / f"{NYU}.yaml")))}
    return keys["jacobians.5relu"]


def diagonal(*entries) -> str:
    rows = [[entry if i == j else "0" for j in range(3)] for i, entry in enumerate(entries)]
    return "[" + ", ".join("[" + ", ".join(row) + "]" for row in rows) + "]"


def test_the_engine_answer_is_printed_in_a_readable_form():
    expected = relu_key().answer.value
    assert [plain(expected[i, i]) for i in range(3)] == [
        f"(5 if z{i} > 0 else 0)" for i in (1, 2, 3)]
    printed = "[" + ", ".join("[" + ", ".join(row) + "]" for row in plain(expected)) + "]"
    verdict = check_answer(relu_key(), printed)
    assert (verdict.status, verdict.decided_by) == ("correct", "exact")


@pytest.mark.parametrize("raw", [
    diagonal("5 step(z1)", "5 step(z2)", "5 step(z3)"),
    diagonal("5 heaviside(z1)", "5 H(z2)", "5 if z3 > 0 else 0"),
    diagonal("Piecewise((5, z1 > 0), (0, True))", "piecewise(5, z2 > 0, 0)",
             "5 if z3 >= 0 else 0"),
    [["5 step(z1)", 0, 0], [0, "(5 if z2 > 0 else 0)", 0],
     [0, 0, r"\begin{cases} 5 & z_3 > 0 \\ 0 & \text{otherwise} \end{cases}"]],
    r"\begin{pmatrix} 5H(z_1) & 0 & 0 \\ 0 & 5H(z_2) & 0 \\ 0 & 0 & 5H(z_3) \end{pmatrix}",
])
def test_right_jacobians_are_correct(raw):
    verdict = check_answer(relu_key(), raw)
    assert verdict.status == "correct", verdict.reason


@pytest.mark.parametrize("raw", [
    diagonal("5 step(-z1)", "5 step(-z2)", "5 step(-z3)"),
    diagonal("step(z1)", "step(z2)", "step(z3)"),
    diagonal("5 step(z1)", "5 step(z1)", "5 step(z1)"),
    diagonal("5", "5", "5"),
])
def test_wrong_jacobians_are_incorrect(raw):
    verdict = check_answer(relu_key(), raw)
    assert verdict.status == "incorrect", verdict.reason
