"""Conversion of parsed expressions to SymPy scalars: values, names, hints, gates."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
import sympy
from sympy import (
    Abs,
    E,
    Integer,
    Rational,
    acos,
    asin,
    atan,
    cos,
    cosh,
    exp,
    factorial,
    log,
    pi,
    sin,
    sinh,
    sqrt,
    tan,
    tanh,
)

from solver.expr import (
    FUNCTIONS,
    ExprError,
    ExprSyntaxError,
    ExprTooLarge,
    Name,
    NotAScalar,
    Number,
    UnknownName,
    function_names,
    parse,
    suggest,
    to_sympy,
)
from solver.expr.functions import MAX_ARGUMENTS, extreme
from solver.expr.piecewise import MAX_COMPARISONS

x, y, t, a, b, x1, x2, g1, g2, theta = sympy.symbols("x y t a b x1 x2 g1 g2 theta")
SYMBOLS = {
    "x": x,
    "y": y,
    "t": t,
    "a": a,
    "b": b,
    "x1": x1,
    "x2": x2,
    "g1": g1,
    "g2": g2,
    "theta": theta,
}


def convert(text: str, symbols=SYMBOLS):
    return to_sympy(parse(text), symbols, text=text)


def assert_equal(actual, expected):
    assert actual == expected or sympy.simplify(actual - expected) == 0, (actual, expected)


VALUES = [
    ("2x cos(x^2)", 2 * x * cos(x**2)),
    ("x1 exp(x2)", x1 * exp(x2)),
    ("sin(g1) + g2^2", sin(g1) + g2**2),
    ("2(x1 + x2^2)", 2 * (x1 + x2**2)),
    ("-x^2", -(x**2)),
    ("-2^2", Integer(-4)),
    ("x^-1", 1 / x),
    ("x^-2", x**-2),
    ("x ** 3", x**3),
    ("e^x", exp(x)),
    ("e^-x", exp(-x)),
    ("2^-x^2", Integer(2) ** (-(x**2))),
    ("2^3^2", Integer(512)),
    ("x^2y", x**2 * y),
    ("1/2x", x / 2),
    ("x / y t", x * t / y),
    ("x/y/t", x / (y * t)),
    ("(x+1)(x-1)", (x + 1) * (x - 1)),
    ("(x^2-1)/(x-1)", x + 1),
    ("sin(x)cos(x)", sin(x) * cos(x)),
    ("a -b", a - b),
    ("a - -b", a + b),
    ("--x", x),
    ("+x", x),
    ("2 − x", 2 - x),
    ("2·x + 3×y", 2 * x + 3 * y),
    ("x² + y³", x**2 + y**3),
    ("pi", pi),
    ("2pi theta", 2 * pi * theta),
    ("e", E),
    ("e^(x)", exp(x)),
    ("log(x)", log(x)),
    ("ln(x)", log(x)),
    ("log(x, 2)", log(x, 2)),
    ("log(8, 2)", Integer(3)),
    ("sqrt(x)", sqrt(x)),
    ("sqrt(8)", 2 * sqrt(2)),
    ("abs(x)", Abs(x)),
    ("abs(-3)", Integer(3)),
    ("tan(x)", tan(x)),
    ("asin(x) + arcsin(y)", asin(x) + asin(y)),
    ("acos(x) + arccos(y)", acos(x) + acos(y)),
    ("atan(x) + arctan(y)", atan(x) + atan(y)),
    ("sinh(x) + cosh(x) + tanh(x)", sinh(x) + cosh(x) + tanh(x)),
    ("5!", Integer(120)),
    ("3!!", Integer(720)),
    ("x!", factorial(x)),
    ("1000!", factorial(1000)),
    ("2^1000", Integer(2) ** 1000),
    ("x^1000", x**1000),
    ("2^-1000", Rational(1, 2**1000)),
    ("(7^300)^(1/7)", Integer(7) ** Rational(300, 7)),
    ("theta^2 - 2theta", theta**2 - 2 * theta),
    # max, min and relu
    ("max(0, x)", sympy.Max(0, x)),
    ("Max(x, 0)", sympy.Max(0, x)),
    ("min(x, y, 1)", sympy.Min(1, x, y)),
    ("Min(0, a, b)", sympy.Min(0, a, b)),
    ("max(1, 2, 1/2)", Integer(2)),
    ("min(sqrt(2), 7/5)", Rational(7, 5)),
    ("max(x, x)", x),
    ("max(0, max(x, 1), 2)", sympy.Max(2, x)),
    ("min(x, min(y, 1))", sympy.Min(1, x, y)),
    ("max(0, min(x, 1))", sympy.Max(0, sympy.Min(1, x))),
    ("relu(x)", sympy.Max(0, x)),
    ("ReLU(-3)", Integer(0)),
    ("Relu(2)", Integer(2)),
    ("5 relu(x - 1)", 5 * sympy.Max(0, x - 1)),
    # conditions and indicators
    ("5 if x > 0 and y > 0 else 0", sympy.Piecewise((5, sympy.And(x > 0, y > 0)), (0, True))),
    ("5 if x > 0 or y > 0 else 0", sympy.Piecewise((5, sympy.Or(x > 0, y > 0)), (0, True))),
    ("x if not x > 0 else 0", sympy.Piecewise((x, x <= 0), (0, True))),
    ("1 if not (x > 0 and y > 0) else 0",
     sympy.Piecewise((1, sympy.Not(sympy.And(x > 0, y > 0))), (0, True))),
    ("[x > 0]", sympy.Piecewise((1, x > 0), (0, True))),
    ("1(x > 0)", sympy.Piecewise((1, x > 0), (0, True))),
    ("𝟙(x > 0)", sympy.Piecewise((1, x > 0), (0, True))),
    ("3 𝟙[x <= 1]", 3 * sympy.Piecewise((1, x <= 1), (0, True))),
    ("[0 < x < 1 and y > 2]", sympy.Piecewise((1, sympy.And(0 < x, x < 1, y > 2)), (0, True))),
    ("[1 > 0]", Integer(1)),
    ("[2 < 1]", Integer(0)),
]


@pytest.mark.parametrize(("text", "expected"), VALUES)
def test_values(text, expected):
    assert_equal(convert(text), expected)


EXACT_NUMBERS = [
    ("0.2", Rational(1, 5)),
    ("1.50", Rational(3, 2)),
    (".5", Rational(1, 2)),
    ("3.", Integer(3)),
    ("0.1 + 0.2", Rational(3, 10)),
    ("12345678901234567890.5", Rational(24691357802469135781, 2)),
    ("0.000001", Rational(1, 10**6)),
    ("2.5x", Rational(5, 2) * x),
]


@pytest.mark.parametrize(("text", "expected"), EXACT_NUMBERS)
def test_numbers_are_exact(text, expected):
    value = convert(text)
    assert value == expected
    assert not value.atoms(sympy.Float)


xr, yr = sympy.symbols("x y", real=True)
REALS = {"x": xr, "y": yr}
GRID = (-2.5, -0.7, 0.3, 1.9)  # no point on a kink or a boundary below

NUMERIC = [
    ("max(0, x)", lambda u, v: np.maximum(0, u)),
    ("max(x, 0)", lambda u, v: np.maximum(u, 0)),
    ("min(x, y, 1)", lambda u, v: np.minimum(np.minimum(u, v), 1)),
    ("relu(x - y)", lambda u, v: np.maximum(u - v, 0)),
    ("ReLU(x) - relu(-x)", lambda u, v: u),
    ("max(0, x) - min(0, x)", lambda u, v: np.abs(u)),
    ("max(x, y, x + y)", lambda u, v: np.max([u, v, u + v])),
    ("[x > 0]", lambda u, v: np.where(u > 0, 1.0, 0.0)),
    ("x [x > 0] + y 𝟙[y < 0]", lambda u, v: np.where(u > 0, u, 0) + np.where(v < 0, v, 0)),
    ("𝟙(x > 0 and y > 0)", lambda u, v: np.where((u > 0) & (v > 0), 1.0, 0.0)),
    ("5 if x > 0 or y > 1 else -1", lambda u, v: np.where((u > 0) | (v > 1), 5.0, -1.0)),
    ("x if not x > 0 else 0", lambda u, v: np.where(u <= 0, u, 0)),
    ("1(0 < x <= 1)", lambda u, v: np.where((0 < u) & (u <= 1), 1.0, 0.0)),
    ("2 * -1(x > 0)", lambda u, v: np.where(u > 0, -2.0, 0.0)),
    ("[x > 0 and not (y > 0 or x > 1)]",
     lambda u, v: np.where((u > 0) & ~((v > 0) | (u > 1)), 1.0, 0.0)),
]


@pytest.mark.parametrize(("text", "reference"), NUMERIC, ids=[text for text, _ in NUMERIC])
def test_max_min_relu_and_indicators_have_numpy_values(text, reference):
    value = convert(text, REALS)
    for u, v in itertools.product(GRID, GRID):
        got = float(value.subs({xr: u, yr: v}))
        assert got == pytest.approx(float(reference(np.float64(u), np.float64(v)))), (u, v)


def test_extreme_simplifies_only_cheaply_and_equals_sympy():
    z = sympy.Symbol("z", real=True)
    assert extreme(sympy.Max, [z, Integer(0)]) == sympy.Max(0, z)
    assert extreme(sympy.Max, [Integer(0), sympy.Max(z, Integer(1), evaluate=False)]) == \
        sympy.Max(1, z)
    assert extreme(sympy.Min, [z, z]) == z
    assert extreme(sympy.Min, [Integer(3), Rational(1, 2), sqrt(2)]) == Rational(1, 2)
    assert set(extreme(sympy.Max, [z, sympy.Min(z, 1)]).args) == {sympy.Min(1, z), z}


def test_declared_symbols_shadow_constants():
    e_symbol, pi_symbol = sympy.symbols("e pi")
    value = convert("e^x + pi", {"e": e_symbol, "pi": pi_symbol, "x": x})
    assert value == e_symbol**x + pi_symbol


def test_symbols_may_map_to_numbers():
    assert convert("2k + 1", {"k": Integer(3)}) == 7


def test_long_sums_and_sign_chains_do_not_recurse():
    assert convert("x+" * 999 + "x") == 1000 * x
    assert convert("-" * 1000 + "x") == x
    assert convert("-" * 999 + "x") == -x


def test_functions_table_is_immutable_and_known_to_the_grammar():
    with pytest.raises(TypeError):
        FUNCTIONS["evil"] = print  # type: ignore[index]
    assert set(FUNCTIONS) <= function_names()
    for name in ["sin", "cos", "tan", "exp", "log", "ln", "sqrt", "abs", "asin", "acos", "atan"]:
        assert name in FUNCTIONS
    for name in ["arcsin", "arccos", "arctan", "sinh", "cosh", "tanh"]:
        assert name in FUNCTIONS


# --- unknown names and hints ------------------------------------------------

UNKNOWN_NAMES = [
    # (text, declared names, unknown name, pos, fragment of the hint or None)
    ("sinx", {"x"}, "sinx", 0, "did you mean sin(x)?"),
    ("sinx", set(), "sinx", 0, "did you mean sin(x)?"),
    ("2 + cosx1", {"x1"}, "cosx1", 4, "did you mean cos(x1)?"),
    ("sinxy", {"x", "y"}, "sinxy", 0, "did you mean sin(x*y)?"),
    ("xcos", {"x"}, "xcos", 0, "did you mean x cos(...)?"),
    ("xcos(x)", {"x"}, "xcos", 0, "did you mean x cos(x)?"),
    ("2xcos(x)", {"x"}, "xcos", 1, "did you mean x cos(x)?"),
    ("2xcos(x^2)", {"x"}, "xcos", 1, "x cos("),
    ("xy", {"x", "y"}, "xy", 0, "did you mean x*y?"),
    ("x1x2 + 1", {"x1", "x2"}, "x1x2", 0, "did you mean x1*x2?"),
    ("2pix", {"x"}, "pix", 1, "did you mean pi*x?"),
    ("thta", {"theta"}, "thta", 0, "did you mean theta?"),
    ("x + y", {"x"}, "y", 4, None),
    ("foo", {"x"}, "foo", 0, None),
    ("f(x)", {"x"}, "f", 0, None),
    ("maxx", {"x"}, "maxx", 0, "did you mean max(0, x)?"),
    ("minxy", {"x", "y"}, "minxy", 0, "did you mean min(x, y)?"),
    ("relux", {"x"}, "relux", 0, "did you mean relu(x)?"),
    ("2 + maxz1", set(), "maxz1", 4, "did you mean max(0, z1)?"),
]


@pytest.mark.parametrize(("text", "declared", "name", "pos", "hint"), UNKNOWN_NAMES)
def test_unknown_names(text, declared, name, pos, hint):
    symbols = {key: sympy.Symbol(key) for key in declared}
    with pytest.raises(UnknownName) as caught:
        convert(text, symbols)
    error = caught.value
    assert error.name == name
    assert error.pos == pos
    assert error.message == f"unknown name '{name}'"
    if hint is None:
        assert error.hint is None
    else:
        assert hint in error.hint


def test_implicit_letters_are_never_split_into_a_product():
    tree = parse("2xcos(x)")
    with pytest.raises(UnknownName) as caught:
        to_sympy(tree, {"x": x, "c": sympy.Symbol("c"), "o": sympy.Symbol("o")})
    assert caught.value.name == "xcos"


def test_unknown_name_describe():
    with pytest.raises(UnknownName) as caught:
        convert("1 + sinx", {"x": x})
    assert caught.value.describe() == "col 5: unknown name 'sinx' — did you mean sin(x)?"


SUGGESTIONS = [
    ("sinx", {"x"}, None, "did you mean sin(x)?"),
    ("sinhx", {"x"}, None, "did you mean sinh(x)?"),
    ("xcos", {"x"}, "t", "did you mean x cos(t)?"),
    ("xcosy", {"x", "y"}, None, "did you mean x cos(y)?"),
    ("abc", {"a", "b", "c"}, None, "did you mean a*b*c?"),
    ("x1x2", {"x", "x1", "x2"}, None, "did you mean x1*x2?"),
    ("thta", {"theta"}, None, "did you mean theta?"),
    ("sinn", set(), None, "did you mean sin(n)?"),
    ("exponential", set(), None, None),
    ("sqr", set(), None, "did you mean sqrt(...)?"),
    ("zzz", {"x"}, None, None),
    ("maxz1", {"z1"}, None, "did you mean max(0, z1)?"),
    ("minab", {"a", "b"}, None, "did you mean min(a, b)?"),
    ("zmax", {"z"}, "t", "did you mean z max(0, t)?"),
]


@pytest.mark.parametrize(("name", "known", "argument", "expected"), SUGGESTIONS)
def test_suggest(name, known, argument, expected):
    assert suggest(name, known, argument=argument) == expected


def test_suggest_on_a_very_long_name_solves():
    start = time.perf_counter()
    suggest("x" * 2000 + "q", {"x", "xx", "y"})
    assert time.perf_counter() - start < 0.5


# --- not scalars and bad calls ----------------------------------------------

NOT_SCALARS = [
    ("a^T b", 0),
    ("x + a^T", 4),
    ("P @ Q", 0),
    ("[1, 2]", 0),
    ("2 [1, 2]", 2),
    ("det(P)", 0),
    ("x + trace(P)", 4),
    ("rank(P)", 0),
    ("norm(a)", 0),
    ("transpose(P)", 0),
]


@pytest.mark.parametrize(("text", "pos"), NOT_SCALARS)
def test_matrix_constructs_are_not_scalars(text, pos):
    symbols = {"x": x, "a": a, "b": b, "P": sympy.Symbol("P"), "Q": sympy.Symbol("Q")}
    with pytest.raises(NotAScalar) as caught:
        convert(text, symbols)
    assert caught.value.pos == pos


def test_matrix_valued_symbol_is_not_a_scalar():
    matrix = sympy.ImmutableMatrix([[1, 2], [3, 4]])
    with pytest.raises(NotAScalar):
        convert("P + 1", {"P": matrix})


@pytest.mark.parametrize("text", ["sin(x, y)", "log(x, 2, 3)", "exp(x, x)"])
def test_wrong_number_of_arguments(text):
    with pytest.raises(ExprSyntaxError) as caught:
        convert(text)
    assert "takes" in caught.value.message


@pytest.mark.parametrize(("text", "pos", "message", "hint"), [
    ("max(x)", 0, "max() takes 2 to 16 arguments, got 1", "did you mean max(0, x)?"),
    ("2 min(x + 1)", 2, "min() takes 2 to 16 arguments, got 1", "did you mean min(0, x)?"),
    ("max(" + ", ".join(["x"] * (MAX_ARGUMENTS + 1)) + ")", 0, "got 17", None),
    ("relu(x, y)", 0, "relu() takes 1 argument, got 2", None),
    ("max(0, sqrt(-1))", 7, "only real numbers can be compared", None),
    ("x + relu(2 + sqrt(-4))", 9, "only real numbers can be compared", None),
    ("1 if x > 0 and sqrt(-1) > 0 else 0", 15, "only real numbers can be compared", None),
    ("1 if x else 0", 7, "needs a comparison", "write 5 if z1 > 0 else 0"),
])
def test_bad_max_min_relu_and_conditions(text, pos, message, hint):
    with pytest.raises(ExprSyntaxError) as caught:
        convert(text, REALS)
    assert caught.value.pos == pos
    assert message in caught.value.message
    assert caught.value.hint == hint or (hint is not None and hint in caught.value.hint)


def test_conditions_obey_the_size_gates():
    many = "1 if " + " and ".join(f"x > {i}" for i in range(MAX_COMPARISONS + 1)) + " else 0"
    with pytest.raises(ExprTooLarge, match=f"has {MAX_COMPARISONS + 1} comparisons"):
        convert(many, REALS)
    nested = "[x > 0 or not (y > 0 and (x > 1 or (y > 1 and (x > 2 or (y > 2 and " \
             "(x > 3 or (y > 3 and x > 4)))))))]"
    with pytest.raises(ExprTooLarge, match="has 9 comparisons"):
        convert(nested, REALS)
    with pytest.raises(ExprTooLarge, match="chains 3"):
        convert("1 if x > 0 and 0 < x < y < 1 else 0", REALS)
    allowed = "1 if " + " or ".join(f"x > {i}" for i in range(MAX_COMPARISONS)) + " else 0"
    assert convert(allowed, REALS).subs(xr, 1) == 1
    assert convert("1 if " + "not " * 301 + "x > 0 else 0", REALS) == \
        sympy.Piecewise((1, xr <= 0), (0, True))


@pytest.mark.parametrize("node", [Number("1e5", 0), Number("-1", 0), Number("١", 0)])
def test_malformed_number_nodes_are_refused(node):
    with pytest.raises(ExprSyntaxError):
        to_sympy(node, {})


def test_unknown_node_type_is_a_programming_error():
    with pytest.raises(TypeError):
        to_sympy("x", {})  # type: ignore[arg-type]


def test_name_node_built_by_hand():
    assert to_sympy(Name("x", 0), SYMBOLS) == x


# --- size gates and hostile input -------------------------------------------

TOO_LARGE = [
    "9^9^9^9",
    "(x+1)^100000",
    "x^1001",
    "2^-1001",
    "1000000!",
    "1001!",
    "(1000!)!",
    "(10^1000)!",
    "(10^50)^1000",
    "(2^99+1)^(999/1000)",
    "(999!)^(1/2)",
    "sqrt(2^999 * 3^600 + 7)",
    "sin(10^1000)",
    "tanh(1000!)",
    "(999!)*(999!)*(999!)*(999!)*(999!)*(999!)*(999!)*(999!)",
    "2^" * 700 + "2",
    "x^" * 999 + "x",
    "max(2^5000, 1)",
    "relu(1000!)",
    "1 if " + " or ".join(["x > 0"] * 9) + " else 0",
    "[" + " and ".join(f"x > {i}" for i in range(20)) + "]",
]


@pytest.mark.parametrize("text", TOO_LARGE, ids=lambda text: text[:30])
def test_too_large_is_refused_quickly(text):
    start = time.perf_counter()
    with pytest.raises(ExprTooLarge):
        convert(text)
    assert time.perf_counter() - start < 0.5


HOSTILE = [
    "__import__('os').system('x')",
    "().__class__",
    "x.__class__",
    "(" * 10_000 + "x" + ")" * 10_000,
    "9^9^9^9",
    "(x+1)^100000",
    "1000000!",
    "x" * 3000,
    "\x00",
    "x\u202e",
    "sinx",
    "[[1, 2], [3, 4]]",
    "max(" * 10_000 + "x" + ")" * 10_000,
    "[" * 10_000 + "x > 0" + "]" * 10_000,
    "max(x)",
    "max(0, sqrt(-1))",
    "1(x)",
]


@pytest.mark.parametrize("text", [
    "max(" + ", ".join(f"x + {i}/7 y" for i in range(MAX_ARGUMENTS)) + ")",
    " + ".join(f"max(x, y + {i}, x - y - {i})" for i in range(50)),
    " + ".join(f"min({', '.join(f'x + {16 * i + j}' for j in range(16))})" for i in range(8)),
    "max(0, " * 48 + "x" + ")" * 48,
    "".join(f"[x > {i}/151]" for i in range(150)),
    "max(" + ", ".join(["sin(1)^2 + cos(1)^2"] * 8 + ["1", "x"]) + ")",
], ids=lambda text: repr(text[:24]))
def test_large_max_min_and_indicator_values_are_quick(text):
    convert("x", REALS)
    start = time.perf_counter()
    convert(text, REALS)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text[:20]))
def test_hostile_input_raises_expr_error_quickly(text):
    start = time.perf_counter()
    with pytest.raises(ExprError):
        convert(text)
    assert time.perf_counter() - start < 0.5
