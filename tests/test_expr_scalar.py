"""Conversion of parsed expressions to SymPy scalars: values, names, hints, gates."""

from __future__ import annotations

import time

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
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text[:20]))
def test_hostile_input_raises_expr_error_quickly(text):
    start = time.perf_counter()
    with pytest.raises(ExprError):
        convert(text)
    assert time.perf_counter() - start < 0.5
