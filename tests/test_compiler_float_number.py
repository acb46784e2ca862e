"""Constants in double precision as SymPy gives them, bit for bit, without mpmath."""

from __future__ import annotations

import random

import sympy

from solver.check.compare.compiler import float_number


def test_rationals_round_as_sympy_rounds_them():
    draw = random.Random(20261206)
    for _ in range(20000):
        p = draw.randrange(-10 ** draw.randrange(1, 60), 10 ** draw.randrange(1, 60))
        q = draw.randrange(1, 10 ** draw.randrange(1, 60))
        value = sympy.Rational(p, q)
        assert float_number(value) == float(value)


def test_huge_values_and_other_constants_fall_back_to_sympy():
    for value in (sympy.Integer(2) ** 1100, sympy.Rational(1, 2 ** 1100), sympy.sqrt(2),
                  sympy.pi / 3, sympy.Float("0.1", 40)):
        try:
            expected = float(value)
        except OverflowError:
            expected = OverflowError
        try:
            got = float_number(value)
        except OverflowError:
            got = OverflowError
        assert got == expected


def test_constant_subtrees_are_found_as_sympy_finds_them():
    """Each subtree's is_number is worked out once, and agrees with SymPy's everywhere."""
    from solver.check.compare.compiler import _is_number

    x, y = sympy.symbols("x y")
    f = sympy.Function("f")
    trees = [sympy.sqrt(2) + sympy.pi / 2, sympy.exp(x) * sympy.sin(sympy.pi / 3),
             sympy.CRootOf(x**5 + x + 1, 0) + 1, f(2) + 1, sympy.Integral(x, (x, 0, 1)),
             sympy.Integral(x * y, (x, 0, 1)), sympy.exp(-(x - 1)**2 / 2) / sympy.sqrt(2),
             sympy.Max(1, sympy.E), sympy.Abs(-3 + sympy.I), sympy.Rational(1, 3) * x**2]
    for tree in trees:
        for node in sympy.preorder_traversal(tree):
            if isinstance(node, sympy.Expr):
                assert _is_number(node) == node.is_number, node
