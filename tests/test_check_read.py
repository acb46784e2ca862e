"""Reading student answers: plain forms, LaTeX, words, families, ranges, points, lists, gates."""

from __future__ import annotations

import io
import os
import subprocess
import time
import tokenize
from pathlib import Path

import pytest
import sympy
import sympy.parsing.sympy_parser

import solver.check.latex
import solver.check.read
import solver.expr
from solver.check.read import read_answer
from solver.check.read.prepare import is_latex
from solver.check.values import Family, Invalid, Points, Range, Says, Written
from solver.numbers import symbol

x, y, x1, x2, theta1, eta = (symbol(name) for name in ("x", "y", "x1", "x2", "theta1", "eta"))
XY = {"x": x, "y": y}
X12 = {"x1": x1, "x2": x2}
k = sympy.Symbol("k", integer=True)
half = sympy.Rational(1, 2)
sixth = sympy.Rational(1, 6)
pi = sympy.pi


def column(*entries) -> sympy.ImmutableMatrix:
    return sympy.ImmutableMatrix([[entry] for entry in entries])


def as_expr(value):
    return sympy.Integer(value) if isinstance(value, int) else value


def same(left, right) -> bool:
    if isinstance(left, sympy.MatrixBase) or isinstance(right, sympy.MatrixBase):
        return (
            isinstance(left, sympy.MatrixBase)
            and isinstance(right, sympy.MatrixBase)
            and left.shape == right.shape
            and all(same(p, q) for p, q in zip(left, right, strict=True))
        )
    return left == right or sympy.simplify(left - right) == 0


# --- plain text as students type it ---------------------------------------------------

PLAIN = [
    ("2x cos(x^2)", 2 * x * sympy.cos(x**2)),
    ("x²", x**2),
    ("x³ + x²", x**3 + x**2),
    ("x⁻¹", 1 / x),
    ("−3", sympy.Integer(-3)),
    ("3 − x", 3 - x),
    ("2·x × y", 2 * x * y),
    ("x ÷ 2", x / 2),
    ("e^x", sympy.exp(x)),
    ("e^(2x)", sympy.exp(2 * x)),
    ("e^-x", sympy.exp(-x)),
    ("|x|", sympy.Abs(x)),
    ("|x - y| + 1", sympy.Abs(x - y) + 1),
    ("||x| - 1|", sympy.Abs(sympy.Abs(x) - 1)),
    ("x|y|", x * sympy.Abs(y)),
    ("ln|x|", sympy.log(sympy.Abs(x))),
    ("sin^2(x)", sympy.sin(x) ** 2),
    ("sin^2(x) + cos^2 (x)", sympy.Integer(1)),
    ("cos^(3)(x)", sympy.cos(x) ** 3),
    ("sin^-1(x)", sympy.asin(x)),
    ("sin(x)^2", sympy.sin(x) ** 2),
    ("arcsin(x)", sympy.asin(x)),
    ("arctan(x) + arccos(y)", sympy.atan(x) + sympy.acos(y)),
    ("ln(x)", sympy.log(x)),
    ("log(x, 2)", sympy.log(x, 2)),
    ("√(x)", sympy.sqrt(x)),
    ("√x + √2", sympy.sqrt(x) + sympy.sqrt(2)),
    ("π/2", pi / 2),
    ("2πx", 2 * pi * x),
    ("x**2", x**2),
    ("1/2x", x / 2),
    ("(x+1)(x-1)", (x + 1) * (x - 1)),
    ("x = 3", sympy.Integer(3)),
    ("f'(x) = 2x", 2 * x),
    ("g(x, y) = x y", x * y),
    ("x^* = 1/2", half),
]


@pytest.mark.parametrize(("text", "value"), PLAIN)
def test_plain_student_forms(text, value):
    answer = read_answer(text, XY)
    assert isinstance(answer, Written), answer
    assert same(answer.value, value), (answer.value, value)
    assert answer.text == text


GREEK_AND_SUBSCRIPTS = [
    ("x_1 + x_{2}", {"x1": x1, "x2": x2}, x1 + x2),
    ("θ1 + 1", {"theta1": theta1}, theta1 + 1),
    ("2η", {"eta": eta}, 2 * eta),
    ("λ + σ", {"lambda": symbol("lambda"), "sigma": symbol("sigma")},
     symbol("lambda") + symbol("sigma")),
    ("x1ᵀ", {"x1": x1}, x1),
]


@pytest.mark.parametrize(("text", "variables", "value"), GREEK_AND_SUBSCRIPTS)
def test_greek_letters_and_subscripts_become_declared_names(text, variables, value):
    answer = read_answer(text, variables)
    assert isinstance(answer, Written), answer
    assert same(answer.value, value)


def test_extra_names_and_constants_are_allowed():
    answer = read_answer("a x + e + pi", XY, extra_names=("a",))
    assert isinstance(answer, Written)
    assert same(answer.value, symbol("a") * x + sympy.E + pi)


UNKNOWN_NAMES = [
    ("sinx", 0, "did you mean sin(x)?"),
    ("2xcos(x)", 1, "did you mean x cos(x)?"),
    ("xy", 0, "did you mean x*y?"),
    ("x + q", 4, None),
]


@pytest.mark.parametrize(("text", "position", "hint"), UNKNOWN_NAMES)
def test_unknown_names_are_invalid_with_a_hint(text, position, hint):
    answer = read_answer(text, XY)
    assert isinstance(answer, Invalid)
    assert "unknown name" in answer.message
    assert answer.position == position
    assert answer.hint == hint


def test_juxtaposed_letters_never_split_silently():
    answer = read_answer("2xcos(x)", XY)
    assert isinstance(answer, Invalid)
    assert answer.hint == "did you mean x cos(x)?"


def test_positions_point_into_the_raw_text():
    assert read_answer(r"\frac{1}{q}", XY).position == 9
    assert read_answer("θ + q", {"theta": symbol("theta")}).position == 4
    assert read_answer("x² + q", XY).position == 5
    assert read_answer("|x| + q", XY).position == 6


# --- decimals and significant digits --------------------------------------------------

DECIMALS = [
    ("0.131", sympy.Rational(131, 1000), True, 3),
    ("0.1310", sympy.Rational(131, 1000), True, 4),
    ("-0.0500", sympy.Rational(-1, 20), True, 3),
    ("12.50", sympy.Rational(25, 2), True, 4),
    ("1.30e-1", sympy.Rational(13, 100), True, 3),
    ("1e-3", sympy.Rational(1, 1000), True, 1),
    ("0.5x", x / 2, True, None),
    ("100", sympy.Integer(100), False, None),
    ("1/8", sympy.Rational(1, 8), False, None),
    ("2e - 1", 2 * sympy.E - 1, False, None),
    ("2e-1 + x", 2 * sympy.E - 1 + x, False, None),
]


@pytest.mark.parametrize(("text", "value", "decimals", "significant"), DECIMALS)
def test_decimals_and_significant_digits(text, value, decimals, significant):
    answer = read_answer(text, XY)
    assert isinstance(answer, Written), answer
    assert same(answer.value, value)
    assert answer.decimals is decimals
    assert answer.significant == significant


LONE_NUMBERS = ["42", "-3", "+2", "007", "0.131", "-0.2358", "1.50", "3/4", "-12/8", " 5 ",
                "1/0", "3/04", "0/5", "1" * 50, "1" * 51, "2/" + "3" * 51]


@pytest.mark.parametrize("text", LONE_NUMBERS)
def test_lone_numbers_read_as_the_parser_reads_them(text):
    """Numbers take a short path past the parser; the value, the text, the decimal flag and
    the significant digits are those of the full path (parse + to_sympy), or its refusal."""
    answer, entry = read_answer(text, XY), read_answer([text, "x"], XY)
    try:
        value = solver.expr.to_sympy(solver.expr.parse(text.strip()), {})
    except solver.expr.ExprError:
        assert isinstance(answer, Invalid) and isinstance(entry, Invalid)
        return
    if value.has(sympy.zoo, sympy.nan):  # 1/0: a division by zero, refused on both paths
        assert isinstance(answer, Invalid) and isinstance(entry, Invalid)
        return
    assert isinstance(answer, Written), answer
    assert answer.value == value and answer.text == text.strip()
    assert answer.decimals is ("." in text)
    stripped = text.strip()
    assert answer.significant == (len(stripped.lstrip("+-").replace(".", "").lstrip("0"))
                                  if "." in stripped else None)
    assert entry.value[0] == value and entry.decimals is ("." in text)


def test_numbers_given_as_yaml_values():
    assert read_answer(7, XY) == Written(sympy.Integer(7), "7")
    answer = read_answer(0.25, XY)
    assert answer.value == sympy.Rational(1, 4) and answer.decimals and answer.significant == 2
    assert isinstance(read_answer(True, XY), Invalid)
    assert isinstance(read_answer(None, XY), Invalid)
    assert isinstance(read_answer(float("nan"), XY), Invalid)
    assert isinstance(read_answer(10**60, XY), Invalid)
    assert isinstance(read_answer({"a": 1}, XY), Invalid)


# --- special answers ------------------------------------------------------------------

SPECIALS = [
    ("no solution", None, "no_solution"),
    ("No solutions.", None, "no_solution"),
    ("inconsistent", None, "no_solution"),
    ("The system is inconsistent!", None, "no_solution"),
    ("none", None, "no_solution"),
    ("∅", None, "no_solution"),
    (r"\emptyset", None, "no_solution"),
    (r"\text{no solution}", None, "no_solution"),
    ("undefined", None, "undefined"),
    ("Not defined", None, "undefined"),
    ("does not exist", None, "undefined"),
    ("doesn’t exist", None, "undefined"),
    ("DNE", None, "undefined"),
    (r"\text{DNE}", None, "undefined"),
    ("no bound", None, "no_bound"),
    ("No learning rate", None, "no_bound"),
    ("diverges for every eta", None, "no_bound"),
    ("diverges for every η", None, "no_bound"),
    (r"\text{diverges for every } \eta", None, "no_bound"),
    ("no critical points", None, "none"),
    ("none", "points", "none"),
    ("∅", "points", "none"),
    ("{}", "points", "none"),
    ("{ }", "points", "none"),
    ("none", "range", "no_bound"),
    ("'None'", "family", "no_solution"),
]


@pytest.mark.parametrize(("text", "expect", "status"), SPECIALS)
def test_special_answers_in_words(text, expect, status):
    assert read_answer(text, XY, expect=expect) == Says(status, text.strip())


def test_a_word_inside_an_expression_is_not_special():
    assert isinstance(read_answer("none + 1", XY), Invalid)


# --- families -------------------------------------------------------------------------

FAMILIES = [
    ("x = [1, 0] + t [-2, 1]", column(1, 0), (column(-2, 1),), ("t",)),
    ("[1/3, 0] + t*[-2, 1]", column(sympy.Rational(1, 3), 0), (column(-2, 1),), ("t",)),
    ("(1/3, 0) + t(-2, 1)", column(sympy.Rational(1, 3), 0), (column(-2, 1),), ("t",)),
    ("[1, 0, 0] + s [1, 2, 3] + t [0, 1, 0]", column(1, 0, 0),
     (column(1, 2, 3), column(0, 1, 0)), ("s", "t")),
    ("[1, 2] - t[1, 1] + 2s[0, 1]", column(1, 2), (column(-1, -1), column(0, 2)), ("t", "s")),
    ("[1, 2] + [1, 1] t", column(1, 2), (column(1, 1),), ("t",)),
    ("[1, 2] + t/2 [1, 1]", column(1, 2), (column(half, half),), ("t",)),
    ("t[1, 2]", column(0, 0), (column(1, 2),), ("t",)),
    ("x = (1, 2) + t(3, 4), t ∈ ℝ", column(1, 2), (column(3, 4),), ("t",)),
    ("x = (1, 2) + t(3, 4) for any real t", column(1, 2), (column(3, 4),), ("t",)),
    ("(1, 2) + λ(3, 4)", column(1, 2), (column(3, 4),), ("lambda",)),
    ("[1, 2] + t1 [1, 0] + t2 [0, 1]", column(1, 2), (column(1, 0), column(0, 1)),
     ("t1", "t2")),
    (r"\begin{pmatrix} 1 \\ 0 \end{pmatrix} + t \begin{pmatrix} -2 \\ 1 \end{pmatrix}",
     column(1, 0), (column(-2, 1),), ("t",)),
    (r"x = \left(\frac{1}{3}, 0\right) + t\left(-2, 1\right)",
     column(sympy.Rational(1, 3), 0), (column(-2, 1),), ("t",)),
]


@pytest.mark.parametrize(("text", "particular", "directions", "parameters"), FAMILIES)
def test_parametric_solution_families(text, particular, directions, parameters):
    answer = read_answer(text, X12)
    assert isinstance(answer, Family), answer
    assert same(answer.particular, particular)
    assert len(answer.directions) == len(directions)
    for got, want in zip(answer.directions, directions, strict=True):
        assert same(got, want)
    assert answer.parameters == tuple(symbol(name) for name in parameters)
    assert all(parameter.is_real for parameter in answer.parameters)
    assert answer.text == text


def test_a_declared_variable_is_not_a_parameter():
    answer = read_answer("[1, 2] + x1 [1, 1]", X12)
    assert isinstance(answer, Written)
    assert same(answer.value, column(1 + x1, 2 + x1))


FAMILY_ERRORS = [
    ("[1, 2] + t s [1, 1]", "one parameter"),
    ("[1, 2] + t [1, 1, 1]", "shape 3×1"),
    ("[1, 2] + foo [1, 1]", "unknown name 'foo'"),
    ("[1, 2] + 3", "cannot be added"),
    ("[1, 2] + t", "unknown name 't'"),
]


@pytest.mark.parametrize(("text", "message"), FAMILY_ERRORS)
def test_malformed_families_are_invalid(text, message):
    answer = read_answer(text, X12)
    assert isinstance(answer, Invalid), answer
    assert message in answer.message


# --- ranges ---------------------------------------------------------------------------

RANGES = [
    ("0 < eta < 1/6", None, ("eta", 0, sixth, True, True)),
    ("0 < η < 1/6", None, ("eta", 0, sixth, True, True)),
    ("0 < η ≤ 1/6", None, ("eta", 0, sixth, True, False)),
    ("0 <= eta <= 1/6", None, ("eta", 0, sixth, False, False)),
    ("1/6 > eta > 0", None, ("eta", 0, sixth, True, True)),
    ("1/6 >= eta > 0", None, ("eta", 0, sixth, True, False)),
    ("eta < 1/6", None, ("eta", None, sixth, True, True)),
    ("eta <= 1/6", None, ("eta", None, sixth, True, False)),
    ("eta > 0", None, ("eta", 0, None, True, True)),
    ("0 < eta", None, ("eta", 0, None, True, True)),
    ("1/6 > eta", None, ("eta", None, sixth, True, True)),
    ("(0, 1/6)", "range", (None, 0, sixth, True, True)),
    ("(0, 1/6]", None, (None, 0, sixth, True, False)),
    ("[0, 1)", None, (None, 0, 1, False, True)),
    ("[0, 1/6]", "range", (None, 0, sixth, False, False)),
    ("(0, ∞)", None, (None, 0, None, True, True)),
    ("(-oo, 3]", None, (None, None, 3, True, False)),
    ("0 < eta < infinity", None, ("eta", 0, None, True, True)),
    (r"0 < \eta < \frac{1}{6}", None, ("eta", 0, sixth, True, True)),
    (r"0 < \eta \leq \frac{1}{6}", None, ("eta", 0, sixth, True, False)),
    (r"\eta \in (0, 1/6)", None, ("eta", 0, sixth, True, True)),
    (r"\eta \in \left(0, \frac{1}{6}\right]", None, ("eta", 0, sixth, True, False)),
    ("eta ∈ (0, 1/6)", None, ("eta", 0, sixth, True, True)),
    ("eta in [0.1, 0.2)", None, ("eta", sympy.Rational(1, 10), sympy.Rational(1, 5), False,
                                 True)),
    ("0 < eta < 2/(3 + sqrt(5))", None, ("eta", 0, 2 / (3 + sympy.sqrt(5)), True, True)),
]


@pytest.mark.parametrize(("text", "expect", "expected"), RANGES)
def test_ranges_and_inequalities(text, expect, expected):
    answer = read_answer(text, XY, expect=expect)
    assert isinstance(answer, Range), answer
    variable, lower, upper, lower_open, upper_open = expected
    assert answer.variable == variable
    assert (answer.lower is None) == (lower is None)
    assert (answer.upper is None) == (upper is None)
    if lower is not None:
        assert same(answer.lower, as_expr(lower))
    if upper is not None:
        assert same(answer.upper, as_expr(upper))
    assert (answer.lower_open, answer.upper_open) == (lower_open, upper_open)
    assert answer.text == text


RANGE_ERRORS = [
    ("0 < eta > 1", "same way"),
    ("0 < 1 < 2", "variable"),
    ("0 < eta < 1 < 2", "at most two"),
    ("eta < -infinity", "cannot be the upper end"),
    ("(infinity, 1)", "cannot be the lower end"),
    ("0 < eta <", "missing"),
    ("eta in 3", "expected an interval"),
    ("infinity", "end of an interval"),
    ("x + oo", "end of an interval"),
    (r"\infty", "end of an interval"),
]


@pytest.mark.parametrize(("text", "message"), RANGE_ERRORS)
def test_malformed_ranges_are_invalid(text, message):
    answer = read_answer(text, XY)
    assert isinstance(answer, Invalid), answer
    assert message in answer.message


# --- point sets -----------------------------------------------------------------------

POINTS = [
    ("{(pi/2, 0)}", None, ((pi / 2, 0),), ()),
    ("(pi/2 + k pi, 0)", None, ((pi / 2 + k * pi, 0),), (k,)),
    ("{(pi/2 + 2k pi, 0), (3pi/2 + 2 k pi, 0)}", None,
     ((pi / 2 + 2 * k * pi, 0), (3 * pi / 2 + 2 * k * pi, 0)), (k,)),
    ("(pi/2 + 2*pi*k, 0) for integer k", None, ((pi / 2 + 2 * pi * k, 0),), (k,)),
    ("(pi/2 + 2*pi*k, 0), k ∈ ℤ", None, ((pi / 2 + 2 * pi * k, 0),), (k,)),
    ("(k pi, 0) where k is an integer", None, ((k * pi, 0),), (k,)),
    ("(0, 0), (1, 1)", None, ((0, 0), (1, 1)), ()),
    ("(0, 0)", "points", ((0, 0),), ()),
    ("[0, 0]", "points", ((0, 0),), ()),
    ("{0, 2}", "points", ((0,), (2,)), ()),
    ("x = pi/2 + k*pi, k ∈ ℤ", "points", ((pi / 2 + k * pi,),), (k,)),
    (r"\left\{\left(\frac{\pi}{2} + k\pi, 0\right)\right\}", None, ((pi / 2 + k * pi, 0),),
     (k,)),
    (r"\left(\frac{\pi}{2}+2k\pi,0\right),\ k\in\mathbb{Z}", None, ((pi / 2 + 2 * k * pi, 0),),
     (k,)),
    ("(x, y) = (1, 2)", "points", ((1, 2),), ()),
]


@pytest.mark.parametrize(("text", "expect", "points", "parameters"), POINTS)
def test_point_sets(text, expect, points, parameters):
    answer = read_answer(text, XY, expect=expect)
    assert isinstance(answer, Points), answer
    assert len(answer.points) == len(points)
    for got, want in zip(answer.points, points, strict=True):
        assert len(got) == len(want)
        assert all(same(p, as_expr(q)) for p, q in zip(got, want, strict=True))
    assert answer.parameters == parameters
    assert all(parameter.is_integer for parameter in answer.parameters)


def test_other_integer_parameter_names_come_from_the_clause():
    answer = read_answer("(j pi, 0) for integer j", XY)
    assert isinstance(answer, Points)
    assert answer.parameters == (sympy.Symbol("j", integer=True),)


def test_a_variable_cannot_be_an_integer_parameter():
    answer = read_answer("(x pi, 0) for integer x", XY)
    assert isinstance(answer, Invalid)
    assert "variable of the problem" in answer.message


def test_points_of_different_lengths_are_invalid():
    answer = read_answer("{(1, 2), (1, 2, 3)}", XY)
    assert isinstance(answer, Invalid)
    assert "coordinates" in answer.message


# --- tuples and the expected form -----------------------------------------------------


def test_a_tuple_is_a_vector_unless_points_or_a_range_is_expected():
    assert same(read_answer("(1, 2)", XY).value, column(1, 2))
    assert same(read_answer("(1, 2)", XY, expect="vector").value, column(1, 2))
    assert same(read_answer("(0, 1/6)", XY).value, column(0, sixth))
    assert read_answer("(1, 2)", XY, expect="points") == Points(((1, 2),), (), "(1, 2)")
    assert isinstance(read_answer("(1, 2)", XY, expect="range"), Range)


def test_an_unknown_expectation_is_a_programming_error():
    with pytest.raises(ValueError):
        read_answer("1", XY, expect="scalar")


# --- vectors and matrices -------------------------------------------------------------

MATRICES = [
    ("[1, 2]", column(1, 2)),
    ("[[1, 2], [3, 4]]", sympy.ImmutableMatrix([[1, 2], [3, 4]])),
    ("[[1], [2]]", column(1, 2)),
    ("[[1, 2]]", sympy.ImmutableMatrix([[1, 2]])),
    ("2[1, x] + [0, 1]", column(2, 2 * x + 1)),
    ("[1, 2]^T [3, 4]", sympy.ImmutableMatrix([[11]])),
    ("[[1, 2], [3, 4]] [1, 1]", column(3, 7)),
    ("[[1, 2], [3, 4]] @ [[0, 1], [1, 0]]", sympy.ImmutableMatrix([[2, 1], [4, 3]])),
    ("[2, 4] / 2", column(1, 2)),
    ("-[1, 2]", column(-1, -2)),
    ("det([[1, 2], [3, 4]])", sympy.Integer(-2)),
    ("trace([[1, 2], [3, 4]])", sympy.Integer(5)),
    ("transpose([1, 2])", sympy.ImmutableMatrix([[1, 2]])),
    (r"\begin{bmatrix} x & 1 \\ 0 & \frac{1}{2} \end{bmatrix}",
     sympy.ImmutableMatrix([[x, 1], [0, half]])),
]


@pytest.mark.parametrize(("text", "value"), MATRICES)
def test_vectors_and_matrices_in_text(text, value):
    answer = read_answer(text, XY)
    assert isinstance(answer, Written), answer
    assert same(answer.value, value)


MATRIX_ERRORS = [
    ("[1, 2] + 3", "cannot be added"),
    ("[1, 2] [3, 4]", "cannot be multiplied"),
    ("[[1, 2], [3]]", "row 2 has 1 entry"),
    ("[[1, 2], [3, 4]]^2", "powers of matrices"),
    ("sin([1, 2])", "needs a number"),
    ("1 / [1, 2]", "cannot divide by a matrix"),
    ("det([1, 2])", "square"),
    ("rank([[1, 2], [3, 4]])", "not accepted"),
    ("det([[1,0,0,0,0,0],[0,1,0,0,0,0],[0,0,1,0,0,0],[0,0,0,1,0,0],[0,0,0,0,1,0],"
     "[0,0,0,0,0,1]])", "larger than 5×5"),
    ("[" + ",".join(["1"] * 60) + "]", "limit is 50×50"),
]


@pytest.mark.parametrize(("text", "message"), MATRIX_ERRORS)
def test_malformed_matrices_are_invalid(text, message):
    answer = read_answer(text, XY)
    assert isinstance(answer, Invalid), answer
    assert message in answer.message


LISTS = [
    ([1, "2/3", "0.5"], column(1, sympy.Rational(2, 3), half), True),
    ([[1, 2], [3, "x"]], sympy.ImmutableMatrix([[1, 2], [3, x]]), False),
    ([[1], [2]], column(1, 2), False),
    ([r"\frac{1}{2}", "e^x"], column(half, sympy.exp(x)), False),
    ((1, 2), column(1, 2), False),
    ([0.25, -3], column(sympy.Rational(1, 4), -3), True),
]


@pytest.mark.parametrize(("raw", "value", "decimals"), LISTS)
def test_lists_are_vectors_and_matrices(raw, value, decimals):
    answer = read_answer(raw, XY)
    assert isinstance(answer, Written), answer
    assert same(answer.value, value)
    assert answer.decimals is decimals


def test_a_list_of_rows_is_a_point_set_when_points_are_expected():
    answer = read_answer([["pi/2 + k pi", 0], ["3pi/2", 0]], XY, expect="points")
    assert isinstance(answer, Points)
    assert answer.points == ((pi / 2 + k * pi, 0), (3 * pi / 2, 0))
    assert answer.parameters == (k,)


LIST_ERRORS = [
    ([], "empty list"),
    ([[1, 2], 3], "mixes rows"),
    ([[1, 2], [3]], "row 2 has 1 entry"),
    ([[]], "row 1 is empty"),
    ([[[1]]], "entries cannot be lists"),
    ([[[[[1]]]]], "nested more than 3 deep"),
    ([1, "q"], "entry 2, col 1: unknown name 'q'"),
    ([[1, 2], [3, "sinx"]], "row 2, column 2, col 1: unknown name 'sinx'"),
    ([1, True], "entry 2: expected a number"),
    ([1, None], "entry 2: expected a number"),
    ([1, "[1, 2]"], "a scalar is needed"),
    ([1, "0 < eta < 1"], "entry 2"),
]


@pytest.mark.parametrize(("raw", "message"), LIST_ERRORS)
def test_malformed_lists_are_invalid(raw, message):
    answer = read_answer(raw, XY)
    assert isinstance(answer, Invalid), answer
    assert message in answer.message


def test_entry_errors_keep_the_hint():
    answer = read_answer([1, "sinx"], XY)
    assert answer.hint == "did you mean sin(x)?"
    assert answer.position is None


# --- equations and other refusals -----------------------------------------------------

OTHER_ERRORS = [
    ("x = 1 = 2", "not an equation"),
    ("x == 1", "not an equation"),
    ("", "empty"),
    ("   ", "empty"),
    ("x =", "missing after"),
    ("|x", "never closed"),
    ("(|x)|", "never closed"),
    ("√", "needs an argument"),
    ("sin(x, y)", "takes 1 argument"),
]


@pytest.mark.parametrize(("text", "message"), OTHER_ERRORS)
def test_other_refusals(text, message):
    answer = read_answer(text, XY)
    assert isinstance(answer, Invalid), answer
    assert message in answer.message


def test_latex_detection():
    assert is_latex(r"\frac{1}{2}")
    assert is_latex("$x$")
    assert is_latex("x^{2}")
    assert is_latex("x_1")
    assert not is_latex("x^2 + 1")
    assert not is_latex("{(pi/2, 0)}")
    assert not is_latex("__import__('os')")


# --- hostile input --------------------------------------------------------------------

HOSTILE = [
    "__import__('os').system('echo hi')",
    "().__class__",
    "x.__class__.__bases__",
    "9^9^9^9",
    "(x+1)^100000",
    "1000000!",
    "(" * 10_000 + "x" + ")" * 10_000,
    "(" * 900 + "x" + ")" * 900,
    "[" * 900 + "x" + "]" * 900,
    "{" * 900 + "x" + "}" * 900,
    "\x00",
    "x\x00",
    "x\u202e+1",
    "\u202e",
    r"\input{/etc/passwd}",
    r"\def\x{\x}\x",
    r"\immediate\write18{echo hi}",
    "x" * 3000,
    "1" * 1999,
    "2^" * 999 + "2",
    "x" + "!" * 1999,
    "|" * 2000,
    "10^1000!",
    "sqrt(10^1000 + 1)",
    "lambda: 0",
    "x; import os",
    "x\n__import__('os')",
    "eval('1')",
    "{(1, 2)}" * 200,
    "for integer k, " * 100,
]


@pytest.fixture
def nothing_runs(monkeypatch):
    """Fail loudly if reading an answer starts a process or parses text as Python."""

    def forbidden(*args, **kwargs):
        raise AssertionError("an answer tried to run or evaluate something")

    monkeypatch.setattr(os, "system", forbidden)
    monkeypatch.setattr(os, "popen", forbidden)
    monkeypatch.setattr(subprocess, "Popen", forbidden)
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", forbidden)
    monkeypatch.setattr(sympy, "sympify", forbidden)


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(text)[:40] for text in HOSTILE])
def test_hostile_text_is_invalid_quickly_and_runs_nothing(text, nothing_runs, capfd):
    read_answer("x", XY)  # the parser is built outside the timing
    start = time.perf_counter()
    answer = read_answer(text, XY)
    elapsed = time.perf_counter() - start
    assert isinstance(answer, Invalid), answer
    assert elapsed < 0.5
    assert "hi" not in capfd.readouterr().out


def test_a_huge_nested_list_is_refused_at_once(nothing_runs):
    matrix = [[str(i + j) for j in range(300)] for i in range(300)]
    answer = read_answer(matrix, XY)
    assert isinstance(answer, Invalid)
    assert "limit is 50" in answer.message
    wide = [[0] * 300 for _ in range(3)]
    assert "limit is 50" in read_answer(wide, XY).message


def test_a_deeply_nested_list_is_refused_at_once():
    deep: list = [1]
    for _ in range(10_000):
        deep = [deep]
    answer = read_answer([deep], XY)
    assert isinstance(answer, Invalid)


def test_large_but_legal_answers_are_read_without_hanging(nothing_runs):
    cases = [
        "x+" * 999 + "x",
        "[[" + "],[".join(",".join(["1"] * 14) for _ in range(14)) + "]]" * 1,
        "det([[x,1,2,3,4],[1,x,2,3,4],[1,2,x,3,4],[1,2,3,x,4],[1,2,3,4,x]])",
        "sin(" * 49 + "x" + ")" * 49,
        "exp(exp(exp(exp(10^10))))",
        "x^{" * 49 + "2" + "}" * 49,
    ]
    for text in cases:
        start = time.perf_counter()
        answer = read_answer(text, XY)
        assert isinstance(answer, Written), answer
        assert time.perf_counter() - start < 1


@pytest.mark.parametrize("module", [solver.check.read, solver.check.latex])
def test_the_readers_never_evaluate_text(module):
    source = Path(module.__file__).read_text(encoding="utf-8")
    names = {
        token.string
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.NAME
    }
    assert not names & {"eval", "exec", "sympify", "parse_expr", "__import__",
                        "S", "Matrix"}


@pytest.mark.parametrize(("text", "position"), [
    ("z1 > 0 and z2 > 0", 7), ("x > 0 or y < 1", 6), ("not x > 0", 0),
    (r"x_1 > 0 \land x_2 > 0", 8),
])
def test_conditions_joined_by_and_or_not_are_refused_with_the_forms_that_read(text, position):
    names = {"z1": symbol("z1"), "z2": symbol("z2"), **XY, **X12}
    answer = read_answer(text, names)
    assert isinstance(answer, Invalid) and "is not an answer here" in answer.message
    assert answer.position == position
    assert "[z1 > 0 and z2 > 0]" in answer.hint and "0 < eta < 1/6" in answer.hint
