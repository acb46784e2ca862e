"""The differentiation rule tree: every node's result is checked against sympy.diff (a
different route from the rules) and against central finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.exact import tidy
from solver.numbers import symbol
from solver.steps.differentiation import (
    AbsRule,
    ChainRule,
    ConstantMultipleRule,
    ConstantRule,
    DerivativeRule,
    ExponentialRule,
    PowerRule,
    ProductRule,
    QuotientRule,
    RewriteRule,
    SumRule,
    TableRule,
    derivative_steps,
)

x, y, a = symbol("x"), symbol("y"), symbol("a")
RNG = np.random.default_rng(20240501)

# (expression, interval of x where it is smooth)
CASES = [
    (sympy.sin(x**2), (-2, 2)),
    (sympy.exp(sympy.sin(x**2)), (-2, 2)),
    (3 * x**4 - 2 * x + 7, (-2, 2)),
    (x * sympy.exp(-x), (-2, 2)),
    (sympy.sin(x) / x, (0.5, 3)),
    (x / (x + 1), (0, 3)),
    (1 / (1 + sympy.exp(-x)), (-3, 3)),
    (sympy.sqrt(1 + x**2), (-2, 2)),
    (sympy.log(sympy.cos(x)), (-1, 1)),
    (sympy.tan(x) ** 2, (-1, 1)),
    (sympy.atan(2 * x) + sympy.asin(x / 2) * sympy.acos(x), (-0.9, 0.9)),
    (sympy.sinh(x) * sympy.cosh(x) + sympy.tanh(3 * x), (-1, 1)),
    (sympy.Abs(x**2 - 1), (1.2, 3)),
    (sympy.Abs(x), (0.5, 2)),
    (2**x + 2 ** (x**2), (-1, 1)),
    (x**x, (0.5, 2)),
    (sympy.exp(2 * sympy.sin(x**2)), (-1, 1)),
    (sympy.log(x) ** 3 / sympy.sqrt(x), (0.5, 3)),
    (sympy.cos(sympy.exp(sympy.sin(x))) * x**2, (-2, 2)),
    (a * x**3 + a**2, (-2, 2)),
    ((x**2 + 1) ** 5 * sympy.sin(x) / (x**2 + 2), (-2, 2)),
]


def _numeric(expr, point: float) -> float:
    return float(sympy.N(expr.subs({x: point, a: sympy.Rational(3, 2)}), 30))


def _central_difference(expr, point: float, h: float = 1e-6) -> float:
    return (_numeric(expr, point + h) - _numeric(expr, point - h)) / (2 * h)


def _equal(left, right) -> bool:
    return sympy.simplify(left - right) == 0 or sympy.simplify(
        (left - right).rewrite(sympy.exp)) == 0


@pytest.mark.parametrize(("expr", "interval"), CASES, ids=[str(c[0]) for c in CASES])
def test_every_node_result_equals_sympy_diff(expr, interval):
    tree = derivative_steps(expr, x)
    for node in tree.walk():
        assert isinstance(node, DerivativeRule)
        assert _equal(node.result, sympy.diff(node.expr, node.variable)), node


@pytest.mark.parametrize(("expr", "interval"), CASES, ids=[str(c[0]) for c in CASES])
def test_result_matches_finite_differences(expr, interval):
    result = tidy(derivative_steps(expr, x).result)
    for point in RNG.uniform(*interval, size=4):
        expected = _central_difference(expr, float(point))
        assert _numeric(result, float(point)) == pytest.approx(expected, rel=1e-5, abs=1e-6)


@pytest.mark.parametrize(("expr", "interval"), CASES, ids=[str(c[0]) for c in CASES])
def test_tidy_keeps_the_value(expr, interval):
    raw = derivative_steps(expr, x).result
    tidied = tidy(raw)
    for point in RNG.uniform(*interval, size=3):
        assert _numeric(tidied, float(point)) == pytest.approx(_numeric(raw, float(point)),
                                                               rel=1e-9, abs=1e-12)


def test_handout_chain_of_chains_is_named_outermost_first():
    tree = derivative_steps(sympy.exp(sympy.sin(x**2)), x)
    u, v = symbol("u"), symbol("v")
    assert isinstance(tree, ChainRule)
    assert tree.substitutions == ((u, sympy.sin(v)), (v, x**2))
    assert tree.local_derivatives == (sympy.exp(u), sympy.cos(v), 2 * x)
    assert tree.result == 2 * x * sympy.cos(x**2) * sympy.exp(sympy.sin(x**2))
    assert len(tree.chain) == 2


def test_handout_single_chain():
    tree = derivative_steps(sympy.sin(x**2), x)
    assert tree.substitutions == ((symbol("u"), x**2),)
    assert tree.result == 2 * x * sympy.cos(x**2)


def test_substitution_names_avoid_the_expression_names():
    u = symbol("u")
    tree = derivative_steps(sympy.exp(sympy.sin(u**2)), u)
    names = [str(name) for name, _ in tree.substitutions]
    assert "u" not in names
    assert names == ["v", "w"]


def test_names_are_unique_across_the_tree():
    tree = derivative_steps(sympy.sin(x**2) + sympy.cos(x**3), x)
    names = [node.u for node in tree.walk() if isinstance(node, ChainRule)]
    assert len(names) == len(set(names)) == 2


@pytest.mark.parametrize(("expr", "rule"), [
    (sympy.Integer(5), ConstantRule),
    (x**3, PowerRule),
    (sympy.sqrt(x), PowerRule),
    (3 * x**2, ConstantMultipleRule),
    (x**2 + x, SumRule),
    (x * sympy.sin(x), ProductRule),
    (sympy.sin(x) / x, QuotientRule),
    (sympy.sin(x**2), ChainRule),
    (2**x, ExponentialRule),
    (x**x, RewriteRule),
    (sympy.Abs(x), AbsRule),
    (sympy.erf(x), TableRule),
])
def test_rule_chosen_at_the_root(expr, rule):
    assert type(derivative_steps(expr, x)) is rule


def test_quotient_rule_only_for_explicit_division():
    assert type(derivative_steps(x * sympy.exp(-x), x)) is ProductRule
    assert type(derivative_steps(1 / (1 + x**2), x)) is ChainRule


def test_partial_derivative_holds_other_variables_constant():
    tree = derivative_steps(x**2 * y + sympy.sin(y), x, partial=True)
    assert tree.result == 2 * x * y
    assert all(node.partial for node in tree.walk() if isinstance(node, DerivativeRule))
    constants = [node for node in tree.walk() if isinstance(node, ConstantRule)]
    assert sympy.sin(y) in [node.expr for node in constants]


def test_symbolic_constant_comes_out():
    tree = derivative_steps(a * x**3, x)
    assert isinstance(tree, ConstantMultipleRule)
    assert tree.constant == a
    assert tree.result == 3 * a * x**2


def test_abs_rule_gives_sign():
    assert derivative_steps(sympy.Abs(x), x).result == sympy.sign(x)


def test_tidy_keeps_the_familiar_sigmoid_form():
    raw = derivative_steps(1 / (1 + sympy.exp(-x)), x).result
    assert tidy(raw) == sympy.exp(-x) / (1 + sympy.exp(-x)) ** 2


def test_tidy_factors_common_terms():
    assert tidy(-x * sympy.exp(-x) + sympy.exp(-x)) == (1 - x) * sympy.exp(-x)


def test_every_step_class_has_a_template():
    from pathlib import Path

    import solver.steps.differentiation as module

    folder = Path(__file__).resolve().parent.parent / "templates" / "steps"
    classes = [value for value in vars(module).values()
               if isinstance(value, type) and issubclass(value, DerivativeRule)]
    assert len(classes) >= 20
    for cls in classes:
        assert (folder / f"{cls.__name__}.jinja").is_file(), cls.__name__
