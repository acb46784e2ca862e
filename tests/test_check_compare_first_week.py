"""Decimal answers under the default policy and under sigfigs, the expected value as the
student would write it, and answers that only look equal to sampling.

Every expected verdict is checked against the value computed by mpmath at 50 digits."""

from __future__ import annotations

import re
from functools import cache

import mpmath
import pytest
import sympy

from solver import answers as A
from solver.check.checker import check_answer, expected_keys
from solver.check.compare import compare
from solver.check.compare.policy import Policy
from solver.check.values import Written
from solver.solving import solve_set
from solver.spec.load import load_text

R = sympy.Rational
FIGURES = Policy(written_figures=True)
mpmath.mp.dps = 50


def D(text: str, value=None):
    """A student's decimal answer: the exact rational of the text."""
    number = sympy.Rational(text) if value is None else value
    digits = len(re.sub(r"^[0.]+", "", text.replace(".", "").lstrip("-")).split("e")[0])
    return Written(number, text, decimals=True, significant=digits)


def figures_given(text: str) -> int:
    return len(text.replace(".", "").lstrip("-0"))


def written_rule(exact: mpmath.mpf, text: str) -> bool:
    """The default rule by an independent route: at least 3 figures and less than one unit
    of the last written figure away from the exact value, or (many figures) within the
    relative tolerance 1e-6 (mpmath, 50 digits)."""
    n = figures_given(text)
    got = mpmath.mpf(text)
    unit = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(abs(got))) - n + 1)
    return n >= 3 and (abs(got - exact) < unit or abs(got - exact) <= abs(exact) / 10**6)


# -- 1. decimals under the default policy ------------------------------------------------

SPEC = """
problems:
  - id: p
    parts:
      - {id: quarter-pi, kind: expression, answer: pi/4}
      - {id: root-e, kind: expression, answer: e^(-1/2)}
      - {id: third, kind: expression, answer: 1/3}
      - {id: small, kind: expression, answer: pi/4 - e^(-1/2) - 7/100}
      - {id: quarter, kind: expression, answer: 1/4}
      - {id: tolerant, kind: expression, answer: pi/4, tolerance: 0.01}
"""


@cache
def keys():
    return {e.key: e for e in expected_keys(solve_set(load_text(SPEC, "t.yaml")))}


EXACT = {
    "p.quarter-pi": mpmath.pi / 4,
    "p.root-e": mpmath.exp(-mpmath.mpf(1) / 2),
    "p.third": mpmath.mpf(1) / 3,
    "p.small": mpmath.pi / 4 - mpmath.exp(-mpmath.mpf(1) / 2) - mpmath.mpf(7) / 100,
}


@pytest.mark.parametrize("key, raw, status", [
    ("p.small", "0.1088", "correct"),      # 0.108867…: rounded
    ("p.small", "0.1089", "correct"),      # rounded up by one
    ("p.small", "0.108", "correct"),       # truncated
    ("p.small", "0.1", "incorrect"),       # too few figures
    ("p.small", "0.1087", "incorrect"),    # held to the 4 figures it gives
    ("p.small", "0.10887", "correct"),
    ("p.small", "0.10889", "incorrect"),
    ("p.quarter-pi", "0.7854", "correct"),
    ("p.quarter-pi", "0.7853", "correct"),
    ("p.quarter-pi", "0.785", "correct"),
    ("p.quarter-pi", "0.79", "incorrect"),
    ("p.quarter-pi", "0.7852", "incorrect"),
    ("p.quarter-pi", "-0.7854", "incorrect"),
    ("p.root-e", "0.6065", "correct"),
    ("p.root-e", "0.6065307", "correct"),
    ("p.root-e", "0.6065309", "correct"),            # a calculator's figures: within 1e-6
    ("p.root-e", "0.606531659713", "incorrect"),
    ("p.third", "0.333", "correct"),
    ("p.third", "0.3333", "correct"),
    ("p.third", "0.33", "incorrect"),
    ("p.third", "0.3332", "incorrect"),
])
def test_default_rule_holds_a_decimal_to_the_figures_it_gives(key, raw, status):
    assert written_rule(EXACT[key], raw) == (status == "correct")
    result = check_answer(keys()[key], raw)
    assert result.status == status, result.reason


def test_default_rule_says_how_many_figures_were_given():
    right = check_answer(keys()["p.small"], "0.1088")
    assert "correct to the 4 significant figures you gave" in right.reason
    few = check_answer(keys()["p.small"], "0.1")
    assert "1 significant figure" in few.reason and "at least 3" in few.reason
    wrong = check_answer(keys()["p.small"], "0.1087")
    assert "expected 0.1089 (to 4 significant figures), got 0.1087" in wrong.reason
    assert mpmath.nstr(EXACT["p.small"], 4) == "0.1089"


def test_the_student_decimal_is_echoed_with_the_zeros_they_wrote():
    exact = EXACT["p.small"]
    text = mpmath.nstr(exact, 3) + "0"  # a trailing zero is a figure given
    result = check_answer(keys()["p.small"], text)
    assert written_rule(exact, text) == (result.status == "correct")
    assert f"{text} is correct to the 4 significant figures" in result.reason or \
        f"got {text}" in result.reason


@pytest.mark.parametrize("key, raw, status", [
    ("p.quarter", "0.25", "correct"),        # a short exact decimal: as before
    ("p.quarter", "0.2500001", "correct"),   # within the default tolerance 1e-6
    ("p.quarter", "0.2501", "incorrect"),
    ("p.quarter", "0.3", "incorrect"),
    ("p.tolerant", "0.79", "correct"),       # a part's own tolerance is kept
    ("p.tolerant", "0.8", "incorrect"),
])
def test_short_decimals_and_explicit_tolerances_keep_their_rule(key, raw, status):
    assert check_answer(keys()[key], raw).status == status


def test_compare_applies_the_rule_only_when_asked():
    assert compare(A.Value(R(1, 3)), D("0.333"), FIGURES).equal is True
    assert compare(A.Value(R(1, 3)), D("0.333")).equal is False
    vector = Written(sympy.ImmutableMatrix([R(7854, 10**4), R(3333, 10**4)]), "[0.7854, 0.3333]",
                     True)
    assert compare(A.Value(sympy.ImmutableMatrix([sympy.pi / 4, R(1, 3)])), vector,
                   FIGURES).equal is True


# -- 2. sigfigs: within half a unit of the m-th figure of the exact value -------------------

SIGFIGS = """
problems:
  - id: s
    parts:
      - {id: near-half, kind: expression, answer: 9795/10000 - sqrt(2)/1000000, sigfigs: 3}
      - {id: large, kind: expression, answer: 117434/100, sigfigs: 3}
      - {id: nines, kind: expression, answer: 999, sigfigs: 2}
      - {id: one, kind: expression, answer: 17835/100, sigfigs: 1}
      - {id: third, kind: expression, answer: 1/3, sigfigs: 3}
"""

SIGFIGS_EXACT = {
    "s.near-half": mpmath.mpf(9795) / 10**4 - mpmath.sqrt(2) / 10**6,
    "s.large": mpmath.mpf(117434) / 100,
    "s.nines": mpmath.mpf(999),
    "s.one": mpmath.mpf(17835) / 100,
    "s.third": mpmath.mpf(1) / 3,
}
SIGFIGS_OF = {"s.near-half": 3, "s.large": 3, "s.nines": 2, "s.one": 1, "s.third": 3}


@cache
def sigfig_keys():
    return {e.key: e for e in expected_keys(solve_set(load_text(SIGFIGS, "t.yaml")))}


def within_half_unit(exact: mpmath.mpf, text: str, m: int) -> bool:
    unit = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(abs(exact))) - m + 1)
    return abs(mpmath.mpf(text) - exact) <= unit / 2


@pytest.mark.parametrize("key, raw, status", [
    ("s.near-half", "0.9795", "correct"),   # never rounded a second time (not 0.980)
    ("s.near-half", "0.979", "correct"),
    ("s.near-half", "0.97949", "correct"),
    ("s.near-half", "0.980", "incorrect"),
    ("s.near-half", "0.981", "incorrect"),
    ("s.large", "1170", "correct"),
    ("s.large", "1174.34", "correct"),
    ("s.large", "1.17e3", "correct"),
    ("s.large", "1180", "incorrect"),
    ("s.nines", "1000", "correct"),
    ("s.nines", "990", "incorrect"),
    ("s.nines", "999", "correct"),
    ("s.one", "180", "correct"),
    ("s.one", "200", "correct"),
    ("s.one", "100", "incorrect"),
    ("s.third", "0.3334", "correct"),
    ("s.third", "0.33", "incorrect"),
    ("s.third", "1/3", "correct"),
])
def test_sigfigs_is_half_a_unit_of_the_last_figure_asked(key, raw, status):
    assert within_half_unit(SIGFIGS_EXACT[key], raw if raw != "1/3" else "0.3333333333333333333",
                            SIGFIGS_OF[key]) == (status == "correct")
    result = check_answer(sigfig_keys()[key], raw)
    assert result.status == status, result.reason


def test_sigfigs_feedback_shows_the_expected_decimal():
    result = check_answer(sigfig_keys()["s.near-half"], "0.981")
    assert "is 0.979, got 0.981" in result.reason
    assert mpmath.nstr(SIGFIGS_EXACT["s.near-half"], 3) == "0.979"


# -- 3. the expected value as the student would write it -----------------------------------

LONG = "(sqrt(2) + sqrt(3))^3/(7 + e^(1/3)) - atan(1/7)"
LONG_EXACT = (mpmath.sqrt(2) + mpmath.sqrt(3)) ** 3 / (7 + mpmath.exp(mpmath.mpf(1) / 3)) \
    - mpmath.atan(mpmath.mpf(1) / 7)
SHOWN = f"""
problems:
  - id: f
    parts:
      - {{id: default, kind: expression, answer: "{LONG}"}}
      - {{id: tolerance, kind: expression, answer: "{LONG}", tolerance: 0.0001}}
      - {{id: sigfigs, kind: expression, answer: "{LONG}", sigfigs: 3}}
"""


@cache
def shown_keys():
    return {e.key: e for e in expected_keys(solve_set(load_text(SHOWN, "t.yaml")))}


def test_a_wrong_decimal_is_told_the_expected_decimal_not_the_exact_expression():
    assert mpmath.nstr(LONG_EXACT, 4) == "3.568"
    default = check_answer(shown_keys()["f.default"], "3.566")
    assert default.status == "incorrect"
    assert "expected 3.568 (to 4 significant figures), got 3.566" in default.reason
    tolerance = check_answer(shown_keys()["f.tolerance"], "3.566")
    assert tolerance.status == "incorrect"
    assert "the expected value ≈ 3.5678" in tolerance.reason  # 5 figures: tolerance 1e-4
    assert mpmath.nstr(LONG_EXACT, 5) == "3.5678"
    sigfigs = check_answer(shown_keys()["f.sigfigs"], "3.58")
    assert sigfigs.status == "incorrect" and "is 3.57, got 3.58" in sigfigs.reason
    for result in (default, tolerance, sigfigs):
        assert "sqrt" not in result.reason and "atan" not in result.reason, result.reason


def test_a_wrong_exact_constant_is_told_the_expected_decimal():
    result = check_answer(shown_keys()["f.default"], "3 - atan(1/7)")
    assert result.status == "incorrect"
    assert "sqrt" not in result.reason and mpmath.nstr(LONG_EXACT, 6) in result.reason


def relative(a, b):
    return abs(a - b) / max(abs(a), abs(b))


@pytest.mark.parametrize("expected, student, at", [
    (2 * sympy.Symbol("x", real=True), -2 * sympy.Symbol("x", real=True), {"x": 1}),
    (sympy.exp(sympy.Symbol("x", real=True)),
     sympy.exp(sympy.Symbol("x", real=True)) + sympy.Symbol("x", real=True) ** 2 / 1000,
     {"x": -1}),
    (sympy.Symbol("x", real=True) * sympy.Symbol("y", real=True),
     sympy.Symbol("x", real=True) + sympy.Symbol("y", real=True), {"x": 0, "y": 1}),
])
def test_counterexamples_are_simple_points_where_the_answers_clearly_differ(expected, student,
                                                                            at):
    result = compare(A.Value(expected), Written(student, str(student)), Policy(seed=3))
    assert result.equal is False
    example = result.counterexample
    assert example["at"] == at, result.reason
    point = {sympy.Symbol(name, real=True): sympy.Integer(v) for name, v in at.items()}
    want = mpmath.mpf(sympy.N(expected.subs(point), 50))
    got = mpmath.mpf(sympy.N(student.subs(point), 50))
    assert relative(want, got) >= mpmath.mpf(1) / 1000
    assert example["expected"] == pytest.approx(float(want))
    assert example["got"] == pytest.approx(float(got))


def test_a_counterexample_away_from_simple_points_shows_a_clear_difference():
    """x + sin(x)^20/1000 differs from x by less than 0.01 % at 0, ±1, ±2: the point shown
    is the sampled one with the largest relative difference."""
    x = sympy.Symbol("x", real=True)
    student = x + sympy.sin(x) ** 20 / 1000
    for seed in range(10):
        result = compare(A.Value(x), Written(student, ""), Policy(seed=seed))
        assert result.equal is False
        at = result.counterexample["at"]["x"]
        value = mpmath.mpf(at)
        assert relative(value, value + mpmath.sin(value) ** 20 / 1000) > mpmath.mpf(1) / 10**5


# -- 4. no numeric false positives --------------------------------------------------------

FALSE_POSITIVES = """
problems:
  - id: q
    parts:
      - {id: poly, kind: expression, answer: (x + 10)^13, variables: {x: real}}
      - {id: third, kind: expression, answer: x^2/3, exact: true, variables: {x: real}}
      - {id: power, kind: expression, answer: a^(b c), variables: {a: real, b: real, c: real}}
      - {id: positive-power, kind: expression, answer: a^(b c),
         variables: {a: positive, b: real, c: real}}
      - {id: constant, kind: expression, answer: 3/7}
      - {id: scaled, kind: expression, answer: sqrt(2) (x + 10)^13, variables: {x: real}}
      - {id: radicals, kind: expression, answer: 2/(2 + sqrt(2))}
"""


@cache
def fp_keys():
    return {e.key: e for e in expected_keys(solve_set(load_text(FALSE_POSITIVES, "t.yaml")))}


X = sympy.Symbol("x")
EXPANDED = sympy.expand((X + 10) ** 13)


def test_a_polynomial_off_by_one_in_its_constant_term_is_wrong():
    student = str(EXPANDED + 1)
    # independently: at x = 0 the two differ by 1, beside terms of size 10^13
    assert mpmath.mpf(10) ** 13 + 1 - mpmath.mpf(10) ** 13 == 1
    result = check_answer(fp_keys()["q.poly"], student)
    assert result.status == "incorrect", result.reason
    assert check_answer(fp_keys()["q.poly"], str(EXPANDED)).status == "correct"


@pytest.mark.parametrize("seed", range(12))
def test_polynomials_are_decided_exactly_whatever_the_seed(seed):
    x = sympy.Symbol("x", real=True)
    wanted = A.Value((x + 10) ** 13)
    right = compare(wanted, Written(sympy.expand((x + 10) ** 13), ""), Policy(seed=seed))
    wrong = compare(wanted, Written(sympy.expand((x + 10) ** 13) + 1, ""), Policy(seed=seed))
    assert (right.equal, right.decided_by) == (True, "exact")
    assert wrong.equal is False, wrong.reason


def test_a_long_decimal_is_not_a_third_under_exact():
    key = fp_keys()["q.third"]
    result = check_answer(key, "0.333333333333333*x^2")
    assert result.status == "incorrect", result.reason
    assert mpmath.mpf("0.333333333333333") != mpmath.mpf(1) / 3
    assert check_answer(key, "x^2/3").status == "correct"


def test_a_power_of_a_power_is_not_the_product_of_exponents_over_the_reals():
    a, b, c = mpmath.mpf(-1), mpmath.mpf(2), mpmath.mpf(1) / 2
    assert (a**b) ** c != a ** (b * c)  # 1 and -1
    assert check_answer(fp_keys()["q.power"], "(a^b)^c").status == "incorrect"
    assert check_answer(fp_keys()["q.power"], "a^(c b)").status == "correct"
    assert check_answer(fp_keys()["q.positive-power"], "(a^b)^c").status == "correct"
    assert check_answer(fp_keys()["q.positive-power"], "exp(b c log(a))").status == "correct"


def test_a_constant_with_a_term_too_small_for_any_fixed_precision_is_wrong():
    tiny = mpmath.exp(-mpmath.exp(mpmath.exp(3)))
    assert tiny > 0  # mpmath's exponent range holds it: about 10^(-229520860)
    result = compare(A.Value(R(3, 7)), Written(R(3, 7) + sympy.exp(-sympy.exp(sympy.exp(3))), ""))
    assert result.equal is False, result.reason
    assert "differ by" in result.reason
    assert check_answer(fp_keys()["q.constant"], "3/7 + exp(-exp(exp(3)))").status == "incorrect"
    assert check_answer(fp_keys()["q.constant"], "6/14").status == "correct"
    assert compare(A.Value(2 / (2 + sympy.sqrt(2))), Written(2 - sympy.sqrt(2), "")).equal is True
    assert check_answer(fp_keys()["q.radicals"], "2 - sqrt(2)").status == "correct"


def test_scale_of_the_terms_does_not_hide_a_difference():
    x = sympy.Symbol("x", real=True)
    expected = sympy.sqrt(2) * (x + 10) ** 13
    for seed in range(8):
        right = compare(A.Value(expected), Written(sympy.expand(expected), ""), Policy(seed=seed))
        wrong = compare(A.Value(expected), Written(sympy.expand(expected) + 1, ""),
                        Policy(seed=seed))
        assert right.equal is True, right.reason
        assert wrong.equal is False, wrong.reason
    assert check_answer(fp_keys()["q.scaled"], str(sympy.expand(sympy.sqrt(2) * (X + 10) ** 13)
                                                   + 1)).status == "incorrect"


def test_huge_degrees_stay_bounded():
    import time

    from solver.check import identity

    x = sympy.Symbol("x", real=True)
    assert identity.degree_bound(((x + 1) ** 1000) ** 2000) is None  # left to sampling
    for power in ((x + 1) ** 10**6, ((x + 1) ** 1000) ** 2000):
        start = time.perf_counter()
        result = compare(A.Value(power), Written(power + 1, ""))
        assert result.equal is not True
        assert time.perf_counter() - start < 2.0
