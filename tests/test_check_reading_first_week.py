"""Answers as a first week of students writes them: transposed tuples, boxed LaTeX, array
matrices, sec/csc/cot, ranges with 'and', full-width characters, blanks, unknown functions,
division by zero and 'infinitely many' without the family."""

from __future__ import annotations

from functools import cache

import numpy
import pytest
import sympy

from solver.check.checker import check_answer, expected_keys
from solver.check.read import read_answer
from solver.check.values import Invalid, Range, Written
from solver.numbers import symbol
from solver.solving import solve_set
from solver.spec.load import load_text

x, y, eta = (symbol(name) for name in ("x", "y", "eta"))
XY = {"x": x, "y": y}

SPEC = """
problems:
  - id: p
    given: {A: [[4, 1], [1, 2]], P: [[1, 2], [2, 4]], c: [1, 2]}
    parts:
      - {id: column, kind: expression, answer: '[0.64, 0.16]'}
      - {id: row, kind: expression, answer: '[[0.64, 0.16]]'}
      - {id: matrix, kind: matrix_expression, expr: A}
      - {id: tan, kind: derivative, f: tan(x), wrt: x}
      - {id: cot, kind: derivative, f: cos(x)/sin(x), wrt: x}
      - {id: twice, kind: expression, answer: 2x, variables: [x]}
      - {id: sine, kind: expression, answer: sin(x), variables: [x]}
      - {id: cosine, kind: expression, answer: cos(y), variables: [y]}
      - {id: half, kind: expression, answer: 1/2}
      - {id: rate, kind: learning_rate_bound, f: 6 x^2, wrt: [x]}
      - {id: below, kind: expression, answer: 'x < 1', variables: [x]}
      - {id: sixth, kind: expression, answer: '0 < eta < 1/6', variables: [eta]}
      - {id: family, kind: linear_system, A: P, b: c}
"""


@cache
def keys():
    return {e.key: e for e in expected_keys(solve_set(load_text(SPEC, "first-week.yaml")))}


def verdict(key: str, raw):
    return check_answer(keys()[f"p.{key}"], raw)


# --- 1. column vectors written as transposed tuples ---------------------------------------

@pytest.mark.parametrize("text", [
    "(0.64, 0.16)^T", "[0.64, 0.16]^T", r"(0.64, 0.16)^\top", r"\left(0.64, 0.16\right)^T",
    "[0.64, 0.16]'", "(0.64, 0.16)'", "(0.64, 0.16)ᵀ",
])
def test_a_transposed_tuple_is_a_column(text):
    answer = read_answer(text, {})
    assert isinstance(answer, Written), answer
    assert answer.value.shape == (2, 1)
    assert numpy.allclose(numpy.array(answer.value.tolist(), dtype=float), [[0.64], [0.16]])
    assert verdict("column", text).status == "correct"


def test_a_transposed_tuple_reads_like_the_transposed_latex_row():
    latex = read_answer(r"\begin{bmatrix} 1 & x \end{bmatrix}^\top", XY)
    plain = read_answer("(1, x)^T", XY)
    assert latex.value.shape == plain.value.shape == (2, 1)
    assert sympy.simplify(latex.value - plain.value) == sympy.zeros(2, 1)


def test_a_family_of_transposed_tuples_is_a_family_of_columns():
    result = verdict("family", "x = (1, 0)^T + t (-2, 1)^T")
    assert result.status == "correct", result.reason


def test_in_a_matrix_product_the_transpose_is_a_row():
    # [1, 2]^T [3, 4] is the dot product 1*3 + 2*4, (1, 2)^T A a row times a matrix
    assert read_answer("[1, 2]^T [3, 4]", {}).value == sympy.ImmutableMatrix([[11]])
    assert read_answer("-[1, 2]^T [3, 4]", {}).value == sympy.ImmutableMatrix([[-11]])
    assert read_answer("-(1, 2)^T", {}).value.shape == (2, 1)
    product = read_answer("(1, 2)^T [[4, 1], [1, 2]]", {}).value
    assert product.tolist() == (numpy.array([[1, 2]]) @ numpy.array([[4, 1], [1, 2]])).tolist()


def test_a_written_row_stays_a_row_and_a_written_column_transposed_is_a_row():
    assert read_answer("[[1], [2]]^T", {}).value.shape == (1, 2)
    assert verdict("row", "[[0.64, 0.16]]").status == "correct"
    assert verdict("column", "[[0.64], [0.16]]^T").status == "incorrect"


# --- 5. blank answers -----------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["", "   ", "\t\n", "\u3000", None, [" ", ""],
                                 [["", ""], ["", ""]]])
def test_a_blank_answer_is_missing(raw):
    assert verdict("half", raw).status == "missing"


def test_a_blank_answer_in_a_yaml_file_is_missing():
    from solver.check.answerfile import answers_from_text

    answers = answers_from_text('answers:\n  p.half: ""\n  p.twice: "  "\n  p.sine:\n',
                                "ada.yaml", "ada")
    statuses = {key: verdict(key[2:], entry.raw).status for key, entry in answers.entries.items()}
    assert statuses == {"p.half": "missing", "p.twice": "missing", "p.sine": "missing"}


# --- 2. LaTeX and plain forms ---------------------------------------------------------------

def numeric(expression, at: float) -> float:
    return float(expression.subs(x, at).evalf())


SECANTS = [  # d/dx tan x = sec^2 x = 1/cos^2 x; d/dx cot x = -csc^2 x
    ("tan", r"\sec^2 x", lambda t: 1 / numpy.cos(t) ** 2),
    ("tan", r"\sec^{2}(x)", lambda t: 1 / numpy.cos(t) ** 2),
    ("tan", r"\boxed{\sec^2 x}", lambda t: 1 / numpy.cos(t) ** 2),
    ("tan", r"\fbox{$\sec^2 x$}", lambda t: 1 / numpy.cos(t) ** 2),
    ("tan", r"\dfrac{1}{\cos^2 x}", lambda t: 1 / numpy.cos(t) ** 2),
    ("tan", r"\tfrac{1}{\cos^2 x}", lambda t: 1 / numpy.cos(t) ** 2),
    ("tan", "sec(x)^2", lambda t: 1 / numpy.cos(t) ** 2),
    ("tan", "sec^2(x)", lambda t: 1 / numpy.cos(t) ** 2),
    ("cot", r"-\csc^2 x", lambda t: -1 / numpy.sin(t) ** 2),
    ("cot", r"-(1 + \cot^2 x)", lambda t: -1 / numpy.sin(t) ** 2),
    ("cot", "-csc(x)^2", lambda t: -1 / numpy.sin(t) ** 2),
]


@pytest.mark.parametrize(("key", "text", "reference"), SECANTS)
def test_secant_cosecant_cotangent_and_their_powers(key, text, reference):
    answer = read_answer(text, {"x": x})
    assert isinstance(answer, Written), answer
    for at in (0.3, 1.1, 2.0):
        assert numeric(answer.value, at) == pytest.approx(reference(at))
    assert verdict(key, text).status == "correct"


@pytest.mark.parametrize("text", [r"\sec^{-1} x", "sec^-1(x)", "sec x^2"])
def test_an_inverse_secant_or_an_unclosed_secant_is_refused_naming_it(text):
    answer = read_answer(text, {"x": x})
    assert isinstance(answer, Invalid) and "sec" in answer.message


@pytest.mark.parametrize("text", [
    r"\left[\begin{array}{cc} 4 & 1 \\ 1 & 2 \end{array}\right]",
    r"\left(\begin{array}{cc} 4 & 1 \\ 1 & 2 \end{array}\right)",
    r"\left[ \begin{matrix} 4 & 1 \\ 1 & 2 \end{matrix} \right]",
    r"[\begin{array}{rr} 4 & 1 \\ 1 & 2 \end{array}]",
    r"\boxed{\begin{bmatrix} 4 & 1 \\ 1 & 2 \end{bmatrix}}",
])
def test_array_matrices_in_brackets(text):
    answer = read_answer(text, {})
    assert answer.value.tolist() == [[4, 1], [1, 2]]
    assert verdict("matrix", text).status == "correct"


def test_an_array_between_bars_is_a_determinant():
    answer = read_answer(r"\left|\begin{array}{cc} 4 & 1 \\ 1 & 2 \end{array}\right|", {})
    assert answer.value == round(numpy.linalg.det(numpy.array([[4, 1], [1, 2]])))


@pytest.mark.parametrize(("key", "text"), [
    ("cosine", "cos y"), ("sine", "sin x"), ("sine", "2 sin x - sin x"),
    ("sine", "sin x cos x / cos x"), ("sine", r"\boxed{\sin x}"), ("sine", "sin 2x / (2 cos x)"),
    ("half", r"\boxed{\dfrac{1}{2}}"), ("half", r"$\boxed{\tfrac12}$"),
])
def test_plain_functions_with_a_spaced_argument_and_boxed_answers(key, text):
    assert verdict(key, text).status == "correct", verdict(key, text).reason


@pytest.mark.parametrize("text", ["sin x y", "sin x^2", "sin x (x + 1)"])
def test_a_spaced_argument_that_does_not_end_is_not_guessed(text):
    answer = read_answer(text, XY)
    assert isinstance(answer, Invalid) and "must be followed by '('" in answer.message


def test_a_boxed_part_of_an_answer_keeps_its_parentheses():
    assert read_answer(r"2\boxed{x + 1}", XY).value == 2 * x + 2
    boxed_range = read_answer(r"\boxed{0 < \eta < \frac{1}{6}}", {}, extra_names=("eta",))
    assert isinstance(boxed_range, Range) and boxed_range.upper == sympy.Rational(1, 6)


# --- 3. ranges: a linear side, and two inequalities joined by 'and' --------------------------

def as_set(answer: Range):
    """The range as a SymPy set of its variable, built from its ends."""
    lower = -sympy.oo if answer.lower is None else answer.lower
    upper = sympy.oo if answer.upper is None else answer.upper
    return sympy.Interval(lower, upper, answer.lower_open, answer.upper_open)


SIXTH = sympy.Rational(1, 6)


@pytest.mark.parametrize(("text", "variable", "holds"), [
    ("-x > -1", "x", lambda v: -v > -1),
    ("-1 < -x", "x", lambda v: -1 < -v),
    ("-x >= -1", "x", lambda v: -v >= -1),
    ("2x - 1 < 1", "x", lambda v: 2 * v - 1 < 1),
    ("3 - x <= 1", "x", lambda v: 3 - v <= 1),
    ("0 < 3 eta < 1/2", "eta", lambda v: 0 < 3 * v < sympy.Rational(1, 2)),
    ("-1/2 < -3 eta < 0", "eta", lambda v: -sympy.Rational(1, 2) < -3 * v < 0),
    ("eta > 0 and eta < 1/6", "eta", lambda v: v > 0 and v < SIXTH),
    ("eta < 1/6 and eta > 0", "eta", lambda v: v > 0 and v < SIXTH),
    ("0 < eta and eta <= 1/6", "eta", lambda v: v > 0 and v <= SIXTH),
    ("eta > 0 & -eta > -1/6", "eta", lambda v: v > 0 and -v > -SIXTH),
    (r"\eta > 0 \land \eta < \frac{1}{6}", "eta", lambda v: v > 0 and v < SIXTH),
    (r"\eta > 0 \text{ and } \eta < \frac16", "eta", lambda v: v > 0 and v < SIXTH),
])
def test_ranges_are_normalised_to_their_variable(text, variable, holds):
    answer = read_answer(text, {"x": x, "eta": eta})
    assert isinstance(answer, Range), answer
    assert answer.variable == variable
    for value in (-2, -1, 0, sympy.Rational(1, 12), SIXTH, sympy.Rational(1, 5), 1, 2, 3):
        assert as_set(answer).contains(value) == bool(holds(value)), value


@pytest.mark.parametrize(("key", "text"), [
    ("below", "-x > -1"), ("below", "-1 < -x"), ("sixth", "eta > 0 and eta < 1/6"),
    ("sixth", "0 < 6 eta < 1"), ("rate", "eta > 0 and eta < 1/6"),
    ("rate", r"\eta > 0 \land \eta < \frac{1}{6}"), ("sixth", "0 < eta < 1/6"),
])
def test_range_verdicts(key, text):
    result = verdict(key, text)
    assert result.status == "correct", result.reason


@pytest.mark.parametrize(("text", "message"), [
    ("eta > 0 or eta < 1/6", "a condition with 'or'"),
    ("eta > 0 and eta > 1/6", "a condition with 'and'"),
    ("eta > 0 and x < 1/6", "a condition with 'and'"),
    ("eta > 0 and eta < 1/6 and eta < 1", "a condition with 'and'"),
    ("eta > 0 and 0 < eta < 1/6", "a condition with 'and'"),
    ("eta^2 < 1", "must be the variable"),
])
def test_ranges_that_are_not_read(text, message):
    answer = read_answer(text, {"x": x, "eta": eta})
    assert isinstance(answer, Invalid) and message in answer.message, answer


# --- 4. full-width and other compatibility characters (NFKC) ---------------------------------

@pytest.mark.parametrize(("key", "text"), [
    ("twice", "２ｘ"), ("twice", "２ x"), ("twice", "ｘ＋ｘ"), ("sine", "ｓｉｎ(ｘ)"),
    ("sine", "ｓｉｎ（ｘ）"), ("sine", "𝑠𝑖𝑛(𝑥)"), ("half", "１／２"), ("half", "0.５"),
    ("twice", "＼frac{4x}{2}"), ("column", "［0.64, 0.16］"), ("twice", "2x²/x"),
])
def test_full_width_answers_read_as_their_ascii_forms(key, text):
    result = verdict(key, text)
    assert result.status == "correct", result.reason


def test_full_width_text_has_the_value_of_its_ascii_form():
    assert read_answer("２ｘ＋ｓｉｎ（ｘ）", XY).value == 2 * x + sympy.sin(x)


@pytest.mark.parametrize(("text", "column"), [
    ("２ｘ＋ｙｙ", 4),      # 'yy' is an unknown name at the 4th character the student typed
    ("ｘ＋）", 3),
    ("２ｘ＾ｎ", 4),
    ("ﬁ＋ｘ", 1),         # one character that becomes two keeps its own position
])
def test_errors_point_into_the_text_as_typed(text, column):
    answer = read_answer(text, XY)
    assert isinstance(answer, Invalid)
    assert answer.position + 1 == column, answer


@pytest.mark.parametrize(("text", "message"), [
    ("２\u202eｘ", "bidirectional override"),
    ("ｘ\u200b", "invisible"),
    ("\ufdfa" * 200, "characters long once normalised"),
    ("xⁿ", "unexpected character"),   # a superscript letter is not silently a name
    ("½", "unexpected character"),
])
def test_normalisation_lets_nothing_forbidden_in(text, message):
    answer = read_answer(text, XY)
    assert isinstance(answer, Invalid) and message in answer.message, answer


# --- 6. unknown functions -------------------------------------------------------------------

@pytest.mark.parametrize(("key", "text", "name", "column"), [
    ("half", "N(pi, 100)", "N", 1), ("half", "N[pi, 100]", "N", 1),
    ("twice", "foo(x)", "foo", 1), ("twice", "2 g(x)", "g", 3), ("twice", "t(x + 1)", "t", 1),
    ("twice", r"\operatorname{N}(x)", "N", 1), ("sixth", "0 < eta < N(1/6)", "N", 11),
    ("twice", "ｆ（ｘ）", "f", 1),
])
def test_an_unknown_function_is_invalid_naming_it(key, text, name, column):
    result = verdict(key, text)
    assert result.status == "invalid"
    assert f"unknown function {name}" in result.reason
    assert f"at column {column}:" in result.reason


@pytest.mark.parametrize("text", ["x = (1, 0) + t(-2, 1)", "(1, 0) + t[-2, 1]",
                                  "(1, 0) + T(-2, 1)", "(1, 0) + lambda(-2, 1)"])
def test_a_parameter_before_a_tuple_is_still_a_family(text):
    assert verdict("family", text).status == "correct"


def test_a_misspelt_function_keeps_its_did_you_mean():
    answer = read_answer("sinx(2)", XY)
    assert "unknown name 'sinx'" in answer.message and answer.hint == "did you mean sin(x)?"


# --- 7. division by zero --------------------------------------------------------------------

@pytest.mark.parametrize(("key", "raw", "column"), [
    ("half", "1/0", 3), ("half", "0/0", 3), ("twice", "x/0", 3), ("twice", "x/(1 - 1)", 4),
    ("twice", "2x + 1/0", 8), ("half", r"\frac{1}{0}", 10), ("half", "0^-1", 1),
    ("column", "[1/0, 0]", 4), ("family", "x = (1/0, 0) + t(-2, 1)", 8),
    ("sixth", "0 < eta < 1/0", 13),
])
def test_division_by_zero_is_invalid(key, raw, column):
    result = verdict(key, raw)
    assert result.status == "invalid"
    assert f"at column {column}: division by zero" in result.reason


def test_a_list_entry_divided_by_zero_is_invalid():
    result = verdict("column", ["1/0", "0"])
    assert result.status == "invalid" and "division by zero" in result.reason


def test_a_value_without_a_finite_number_is_invalid():
    result = verdict("half", "log(0)")
    assert result.status == "invalid" and "not a finite number" in result.reason


def test_a_quotient_that_is_only_sometimes_undefined_is_read():
    assert read_answer("x/x", XY).value == 1
    assert read_answer("1/x", XY).value == 1 / x


# --- 8. 'infinitely many' without the family ------------------------------------------------

@pytest.mark.parametrize("text", ["infinitely many", "Infinitely many solutions.",
                                  r"\text{infinitely many solutions}",
                                  "there are infinitely many solutions"])
def test_infinitely_many_without_the_family_is_incorrect_with_a_hint(text):
    # the system [[1, 2], [2, 4]] x = [1, 2] has rank 1: a line of solutions
    assert numpy.linalg.matrix_rank(numpy.array([[1, 2], [2, 4]])) == 1
    result = verdict("family", text)
    assert result.status == "incorrect"
    assert "give the family, e.g. x = p + t v" in result.reason


def test_infinitely_many_for_a_unique_answer_is_incorrect():
    result = verdict("half", "infinitely many")
    assert result.status == "incorrect" and "infinitely many" in result.reason


def test_an_authored_answer_needs_the_family():
    from solver.errors import SpecErrors

    with pytest.raises(SpecErrors, match="needs its family"):
        load_text("problems:\n  - id: p\n    parts:\n"
                  "      - {id: a, kind: expression, answer: infinitely many}\n", "t.yaml")


def test_matrices_in_brackets_nested_deep_are_read_in_linear_time():
    import time

    text = r"[\begin{matrix}" * 12 + "1" + r"\end{matrix} + 1]" * 12
    start = time.perf_counter()
    assert isinstance(read_answer(text, {}), Invalid)
    assert time.perf_counter() - start < 1
