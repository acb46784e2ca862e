"""Piecewise answers: steps, conditionals, piecewise(...), LaTeX cases; reading, printing,
comparing almost everywhere, and the ReLU Jacobian of a real problem set end to end."""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import sympy
import sympy.parsing.sympy_parser

from solver import answers as A
from solver.check.checker import Expected, check_answer, expected_keys
from solver.check.compare.matrices import compare_values
from solver.check.compare.policy import Policy
from solver.check.latex import latex_to_plain
from solver.check.latex.tokens import LatexError
from solver.check.read import read_answer
from solver.check.values import Invalid, Range, Written
from solver.expr import Call, ExprSyntaxError, ExprTooLarge, parse, to_sympy
from solver.expr.nodes import Cases, Compare
from solver.render.printing import latex, plain
from solver.solving import solve_set
from solver.spec.load import load_spec, load_text
from solver.steps.network import ActivationRule

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


# --- max, min, relu, indicators, and / or / not -------------------------------------------


z = sympy.Symbol("z", real=True)
RELU_SPEC = """
title: ReLU
problems:
  - id: g
    parts:
      - {id: relu, kind: activation_derivative, activation: relu, size: 2}
"""
KINK_FREE = (-2.6, -0.9, -0.05, 0.05, 0.7, 3.1)  # points off the kink at 0


@cache
def relu_keys() -> dict[str, Expected]:
    """The ReLU part's keys, and its g(z) = max(0, z) (the engine's ActivationRule) as a key."""
    keys = {e.key: e for e in expected_keys(solve_set(load_text(RELU_SPEC, "relu.yaml")))}
    derivative = keys["g.relu.derivative"]
    rule = next(step for step in derivative.entry.solved.steps
                if isinstance(step, ActivationRule))
    keys["g.relu.value"] = replace(derivative, key="g.relu.value", answer=A.Value(rule.formula))
    return keys


def numpy_relu(u):
    return np.maximum(0.0, u)


def numpy_relu_derivative(u):
    return np.where(u > 0, 1.0, 0.0)


def refuted_at(reason: str) -> tuple[float, float, float]:
    """(z, expected, got) of a reason "differs at z = …: expected …, got …"."""
    match = re.search(r"differs at z = (\S+): expected (\S+), got (\S+)", reason)
    assert match, reason
    return tuple(float(part.replace("−", "-")) for part in match.groups())


def test_the_engine_relu_answers_are_max_and_the_step():
    keys = relu_keys()
    for key, reference in (("g.relu.value", numpy_relu),
                           ("g.relu.derivative", numpy_relu_derivative)):
        engine = keys[key].answer.value
        for u in KINK_FREE:
            assert float(engine.subs(z, u)) == pytest.approx(reference(u))


RELU_VALUE_FORMS = [
    "relu(z)", "ReLU(z)", "Relu(z)", "max(0, z)", "max(z, 0)", "Max(0, z)", "z [z > 0]",
    "z 𝟙(z > 0)", "z*1(z > 0)", "z*1(z >= 0)", "z if z > 0 else 0", "0 if not z > 0 else z",
    "(z + abs(z))/2", "z step(z)", "-min(0, -z)", "max(0, z, z/2)", "max(0, min(z, z + 1))",
    r"\max(0, z)", r"\max\{0, z\}", r"\max\left(z, 0\right)", r"\operatorname{ReLU}(z)",
    r"\mathrm{ReLU}(z)", r"\text{ReLU}(z)", r"\operatorname{relu}\left(z\right)",
    r"z\,\mathbb{1}_{z > 0}", r"z \mathbb{1}\{z \geq 0\}", r"z\mathbf{1}[z>0]",
    r"\begin{cases} z & z > 0 \\ 0 & \text{otherwise} \end{cases}",
]


@pytest.mark.parametrize("text", RELU_VALUE_FORMS)
def test_relu_values_in_every_form_are_correct(text):
    verdict = check_answer(relu_keys()["g.relu.value"], text)
    assert verdict.status == "correct", verdict.reason
    student = value(text, {"z": z})
    for u in KINK_FREE:
        assert float(student.subs(z, u)) == pytest.approx(numpy_relu(u))


RELU_DERIVATIVE_FORMS = [
    "[z > 0]", "[z >= 0]", "[(z > 0)]", "1(z > 0)", "𝟙(z > 0)", "𝟙[z > 0]", "1 - [z <= 0]",
    "[not z <= 0]", "[z > 0 or z > 1]", "[z > 0 and z > -1]", "[z > 0 & z > -1]",
    "1 if z > 0 and z > -1 else 0", "step(z)", "[max(0, z) > 0]",
    r"\mathbb{1}(z > 0)", r"\mathbb{1}_{z > 0}", r"\mathbb{1}_{\{z>0\}}", r"\mathbf{1}[z>0]",
    r"[z > 0]", r"\mathbb{I}(z > 0)", r"\mathds{1}\{z > 0\}", r"\mathbb{1}(z > 0 \land z > -1)",
    r"\mathbb{1}(z > 0 \wedge \neg (z < -1))",
    r"\begin{cases} 1 & z > 0 \text{ and } z > -1 \\ 0 & \text{otherwise} \end{cases}",
]


@pytest.mark.parametrize("text", RELU_DERIVATIVE_FORMS)
def test_relu_derivatives_in_every_form_are_correct(text):
    verdict = check_answer(relu_keys()["g.relu.derivative"], text)
    assert verdict.status == "correct", verdict.reason
    student = value(text, {"z": z})
    for u in KINK_FREE:
        assert float(student.subs(z, u)) == numpy_relu_derivative(u)


def test_the_bare_indicator_of_z_is_the_engine_answer_itself():
    for text in ("[z > 0]", "1(z > 0)", "𝟙(z > 0)", r"\mathbb{1}_{z > 0}"):
        assert check_answer(relu_keys()["g.relu.derivative"], text).decided_by == "exact"
    for text in ("relu(z)", "max(0, z)", "Max(z, 0)", r"\max\{0, z\}"):
        assert check_answer(relu_keys()["g.relu.value"], text).decided_by == "exact"


WRONG_RELU = [
    ("g.relu.value", "max(0, -z)", lambda u: np.maximum(0.0, -u)),
    ("g.relu.value", "min(0, z)", lambda u: np.minimum(0.0, u)),
    ("g.relu.value", "z", lambda u: u),
    ("g.relu.value", "relu(z - 1/10)", lambda u: np.maximum(0.0, u - 0.1)),
    ("g.relu.value", "z [z < 0]", lambda u: np.where(u < 0, u, 0.0)),
    ("g.relu.value", "max(1, z)", lambda u: np.maximum(1.0, u)),
    ("g.relu.value", "[z > 0]", lambda u: np.where(u > 0, 1.0, 0.0)),
    ("g.relu.value", r"\max\{0, 2z\}", lambda u: np.maximum(0.0, 2 * u)),
    ("g.relu.derivative", "[z < 0]", lambda u: np.where(u < 0, 1.0, 0.0)),
    ("g.relu.derivative", "[z > 1]", lambda u: np.where(u > 1, 1.0, 0.0)),
    ("g.relu.derivative", "𝟙(z > 0 and z < 1)", lambda u: np.where((u > 0) & (u < 1), 1.0, 0.0)),
    ("g.relu.derivative", "1 if z > 0 or z < -1 else 0",
     lambda u: np.where((u > 0) | (u < -1), 1.0, 0.0)),
    ("g.relu.derivative", "max(0, z)", lambda u: np.maximum(0.0, u)),
    ("g.relu.derivative", "2 [z > 0]", lambda u: np.where(u > 0, 2.0, 0.0)),
    ("g.relu.derivative", r"\mathbb{1}_{z < 0}", lambda u: np.where(u < 0, 1.0, 0.0)),
]


@pytest.mark.parametrize(("key", "text", "student"), WRONG_RELU,
                         ids=[f"{key}:{text}" for key, text, _ in WRONG_RELU])
def test_wrong_relu_answers_are_refuted_off_the_kink(key, text, student):
    verdict = check_answer(relu_keys()[key], text)
    assert verdict.status == "incorrect", verdict.reason
    at, expected, got = refuted_at(verdict.reason)
    assert at != 0
    reference = numpy_relu if key == "g.relu.value" else numpy_relu_derivative
    assert expected == pytest.approx(reference(at), rel=1e-2, abs=1e-9)
    assert got == pytest.approx(student(at), rel=1e-2, abs=1e-9)
    assert reference(at) != student(at)


@pytest.mark.parametrize("raw", [
    "[[[z1 > 0], 0], [0, [z2 > 0]]]",
    [["1(z1 > 0)", 0], [0, "𝟙(z2 > 0)"]],
    r"\begin{pmatrix} \mathbb{1}_{z_1 > 0} & 0 \\ 0 & \mathbb{1}(z_2 > 0) \end{pmatrix}",
    r"\begin{bmatrix} \mathbf{1}[z_1 \ge 0] & 0 \\ 0 & [z_2 > 0] \end{bmatrix}",
])
def test_relu_jacobians_of_indicators_are_correct(raw):
    verdict = check_answer(relu_keys()["g.relu"], raw)
    assert verdict.status == "correct", verdict.reason


def test_relu_jacobian_with_a_wrong_indicator_is_incorrect():
    verdict = check_answer(relu_keys()["g.relu"], "[[[z1 > 0], 0], [0, [z1 > 0]]]")
    assert verdict.status == "incorrect", verdict.reason


@pytest.mark.parametrize("raw", [
    diagonal("5 [z1 > 0]", "5 𝟙(z2 > 0)", "5*1(z3 > 0)"),
    diagonal("5 [z1 > 0 and z1 > -1]", "5 step(z2)", "5 if not z3 <= 0 else 0"),
    r"\begin{pmatrix} 5\mathbb{1}_{z_1>0} & 0 & 0 \\ 0 & 5\,\mathbb{1}(z_2 > 0) & 0 \\"
    r" 0 & 0 & 5\mathbf{1}[z_3 > 0] \end{pmatrix}",
])
def test_right_jacobians_written_with_indicators_are_correct(raw):
    verdict = check_answer(relu_key(), raw)
    assert verdict.status == "correct", verdict.reason


@cache
def nyu_keys() -> dict[str, Expected]:
    return {e.key: e for e in expected_keys(solve_set(load_spec(PROBLEMS / f"{NYU}.yaml")))}


def test_the_relu_forward_values_written_with_relu_and_max():
    """a1 = 5 relu(z1) with z1 = (1, −3/20): (5, 0)."""
    key = nyu_keys()["numeric-instance.pass.a1"]
    reference = 5 * np.maximum(0.0, np.array([1.0, -0.15]))
    assert [float(v) for v in key.answer.value] == pytest.approx(reference)
    for raw in ("[5 relu(1), 5 relu(-3/20)]", "[5 max(0, 1), 5 max(-0.15, 0)]",
                "[max(0, 5), 5 ReLU(-3/20)]", r"\begin{pmatrix} 5\max(0, 1) \\ "
                r"5\operatorname{ReLU}(-\frac{3}{20}) \end{pmatrix}"):
        assert check_answer(key, raw).status == "correct", raw
    for raw in ("[5 relu(1), 5 relu(3/20)]", "[5 min(0, 1), 0]"):
        assert check_answer(key, raw).status == "incorrect", raw


BOTH_POSITIVE = sympy.Piecewise((5, sympy.And(z1 > 0, z2 > 0)), (0, True))
BOTH_FORMS = [
    "5 if z1 > 0 and z2 > 0 else 0", "5 [z1 > 0] [z2 > 0]", "5 step(z1) step(z2)",
    "5 𝟙(z1 > 0 ∧ z2 > 0)", "5 - 5 [z1 <= 0 or z2 <= 0]", "5 min([z1 > 0], [z2 > 0])",
    "5 [min(z1, z2) > 0]", "5 if not (z1 <= 0 or z2 <= 0) else 0",
    "5 if z1 >= 0 and z2 >= 0 else 0", "piecewise(5, (z1 > 0) & (z2 > 0), 0)",
    r"5\,\mathbb{1}_{z_1 > 0 \land z_2 > 0}",
    r"\begin{cases} 5 & z_1 > 0 \text{ and } z_2 > 0 \\ 0 & \text{otherwise} \end{cases}",
]
GRID = [(u, v) for u in KINK_FREE for v in KINK_FREE]


def numpy_both_positive(u, v):
    return np.where((u > 0) & (v > 0), 5.0, 0.0)


@pytest.mark.parametrize("text", BOTH_FORMS)
def test_conditions_joined_by_and_or_not_compare_almost_everywhere(text):
    student = value(text)
    for u, v in GRID:
        assert float(student.subs({z1: u, z2: v})) == numpy_both_positive(u, v)
    assert compare_values(BOTH_POSITIVE, student).equal is True


WRONG_BOTH = [
    ("5 if z1 > 0 or z2 > 0 else 0", lambda u, v: np.where((u > 0) | (v > 0), 5.0, 0.0)),
    ("5 [z1 > 0]", lambda u, v: np.where(u > 0, 5.0, 0.0)),
    ("5 if z1 > 0 and not z2 > 0 else 0", lambda u, v: np.where((u > 0) & (v <= 0), 5.0, 0.0)),
    ("5 [max(z1, z2) > 0]", lambda u, v: np.where(np.maximum(u, v) > 0, 5.0, 0.0)),
    ("5 [z1 > 0 and z2 > 1/2]", lambda u, v: np.where((u > 0) & (v > 0.5), 5.0, 0.0)),
]


@pytest.mark.parametrize(("text", "student"), WRONG_BOTH, ids=[text for text, _ in WRONG_BOTH])
def test_wrong_conditions_are_refuted_off_every_boundary(text, student):
    verdict = compare_values(BOTH_POSITIVE, value(text))
    assert verdict.equal is False
    at = verdict.counterexample["at"]
    u, v = at.get("z1", 1.0), at.get("z2", 1.0)
    assert u != 0 and v != 0 and u != v and v != 0.5  # never on a boundary or a kink
    assert numpy_both_positive(u, v) != student(u, v)
    assert verdict.counterexample["expected"] == numpy_both_positive(u, v)
    assert verdict.counterexample["got"] == student(u, v)


@pytest.mark.parametrize("expr, text", [
    (sympy.Max(0, z1), "Max(0, z1)"),
    (sympy.Min(0, z1, z2), "Min(0, z1, z2)"),
    (3 * sympy.Max(0, z1 - 1), "3*Max(0, -1 + z1)"),
    (sympy.Piecewise((1, sympy.And(z1 > 0, z2 > 0)), (0, True)),
     "(1 if z1 > 0 and z2 > 0 else 0)"),
    (sympy.Piecewise((1, sympy.Or(z1 > 0, sympy.And(z2 > 0, z1 < 1))), (0, True)),
     "(1 if z1 > 0 or (z2 > 0 and z1 < 1) else 0)"),
])
def test_the_plain_form_of_max_min_and_conjunctions_reads_back(expr, text):
    assert plain(expr) == text
    assert value(text) == expr
    assert value(latex(expr)) == expr
    assert compare_values(expr, value(text)).decided_by == "exact"


def test_the_latex_and_plain_forms_of_a_disjunction_read_back():
    either = sympy.Piecewise((1, sympy.Or(z1 > 0, z2 > 0)), (0, True))
    assert value(latex(either)) == either
    assert plain(either) == "(1 if z1 > 0 or z2 > 0 else 0)"
    assert value(plain(either)) == either
