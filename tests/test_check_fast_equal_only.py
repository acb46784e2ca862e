"""Cheaper paths that keep every answer: a clause test that rules out texts without one,
matrices compared only for equality, a verdict given back as it was worked out, the
forbidden characters of a printable text, composed offsets, the digits of decimals
worked out in integers, the undefined atoms of a value, the limits on nesting and on
a number's digits, relations, conditions and tuples found only where they can be, and numbers and
negations built as SymPy builds them."""

from __future__ import annotations

import itertools
import math
import random
import re
import unicodedata
from fractions import Fraction

import sympy

from solver.check.checker import CheckRun, check_answer, expected_keys
from solver.check.compare.decimals import (
    exponent10,
    figures_of,
    round_significant,
    terminating,
)
from solver.check.compare.matrices import compare_values
from solver.check.compare.policy import Policy
from solver.check.read.brackets import (
    bracket_depths,
    find_relations,
    is_conditional,
    tuples_to_vectors,
)
from solver.check.read.normalise import _rewritten, _unchanged, normalise
from solver.check.read.reader import _UNDEFINED, _undefined
from solver.check.read.words import INTEGER_CLAUSES, REAL_CLAUSES, may_hold_clause
from solver.check.translation import Translation
from solver.check.unordered import _column, _row
from solver.expr import ExprError, parse, to_sympy
from solver.expr.scalar import _negate
from solver.expr.text_checks import check_nesting, check_numbers, forbidden_character
from solver.input_limits import MAX_DEPTH, MAX_DIGITS
from solver.solving import solve_set
from tests.conftest import example_spec

x, y = sympy.symbols("x y")

PIECES = ("for", "integer", "INT", "Int", " int ", "real", "Reals", " R", " Z", "in", "is",
          "are", "an", "k", "n", "t", ",", " ", "(", ")", ".", "x^2", "+", "1", "∈", "ℤ",
          "some", "all", "where")


def test_a_tail_ruled_out_holds_no_clause():
    draw = random.Random(20261206)
    ruled_out = 0
    for _ in range(3000):
        tail = "".join(draw.choice(PIECES) for _ in range(draw.randint(1, 8)))
        if may_hold_clause(tail):
            continue
        ruled_out += 1
        for pattern in INTEGER_CLAUSES + REAL_CLAUSES:
            assert pattern.search(tail) is None, (tail, pattern.pattern)
    assert ruled_out > 300


def test_every_clause_is_kept():
    for tail in ("x for integer k", "k in Z", "k ∈ ℤ", "n is an integer", "t real",
                 "t in R", "for any real t", "k INTEGER", "x, where k is an Integer"):
        assert may_hold_clause(tail), tail


def _matrices():
    entries = (sympy.Integer(1), sympy.Rational(1, 3), x + 1, sympy.exp(x), sympy.sqrt(2),
               x * y, sympy.Float("0.333333333", 9), 1 / (x - x), sympy.log(x) ** 2)
    draw = random.Random(7)
    for _ in range(120):
        rows, cols = draw.randint(1, 3), draw.randint(1, 3)
        want = sympy.ImmutableMatrix(rows, cols, [draw.choice(entries)
                                                  for _ in range(rows * cols)])
        got = sympy.ImmutableMatrix(rows, cols, [
            value if draw.random() < 0.6 else draw.choice(entries) for value in want])
        yield want, got


def test_equality_alone_agrees_with_the_explained_comparison():
    for (want, got), decimals in itertools.product(list(_matrices()), (False, True)):
        explained = compare_values(want, got, Policy(seed=3), decimals)
        bare = compare_values(want, got, Policy(seed=3, explain=False), decimals)
        assert bare.equal == explained.equal, (want, got)


def test_a_remembered_verdict_carries_the_line_asked_for():
    expected = expected_keys(solve_set(example_spec("determinant")))[0]
    run = CheckRun()
    first = check_answer(expected, "7", run)
    assert first.line is None
    assert check_answer(expected, "7", run, line=12).line == 12
    again = check_answer(expected, "7", run)
    assert again.line is None and again == first


CHARACTERS = ("a", "1", " ", "\t", "\n", "\r", "\u00a0", "\u200b", "\u202e", "\u2066", "\x00",
              "\x7f", "\u2028", "\u2029", "\ue000", "\ud800", "\u0378", "é", "−", "∈", "𝑥",
              "\u3000", "\ufeff")


def _slow_forbidden(text: str, allowed: str):
    """The first forbidden character by its category alone, character by character."""
    for pos, char in enumerate(text):
        if char not in allowed and (0x202A <= ord(char) < 0x202F or 0x2066 <= ord(char) < 0x206A
                                    or unicodedata.category(char) in
                                    ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")):
            return pos
    return None


def test_forbidden_characters_are_found_where_they_are():
    draw = random.Random(11)
    for _ in range(2000):
        text = "".join(draw.choice(CHARACTERS) for _ in range(draw.randint(0, 6)))
        for allowed in ("\t", "\t\n\r"):
            found = forbidden_character(text, allowed)
            assert (None if found is None else found[0]) == _slow_forbidden(text, allowed), \
                (text, allowed)


def test_composed_offsets_point_into_the_source():
    draw = random.Random(5)
    for _ in range(500):
        size = draw.randint(0, 6)
        first = Translation("x" * size, tuple(sorted(draw.randint(0, 9)
                                                     for _ in range(size + 1))))
        later_size = draw.randint(0, 6)
        later = Translation("y" * later_size, tuple(draw.randint(-2, size + 2)
                                                    for _ in range(later_size + 1)))
        assert first.then(later).origins == tuple(first.source(pos) for pos in later.origins)


def _decimal_digits(value) -> str | None:
    """The digits of a rational's finite decimal expansion, by long multiplication."""
    top, bottom = abs(int(value.p)), int(value.q)
    for _ in range(400):
        if top % bottom == 0:
            return str(top // bottom).rstrip("0") or "0"
        top *= 10
    return None


def test_figures_of_decimals_in_integers():
    draw = random.Random(13)
    for _ in range(3000):
        value = sympy.Rational(draw.randint(-10 ** draw.randint(0, 45), 10 ** 45),
                               2 ** draw.randint(0, 140) * 5 ** draw.randint(0, 140)
                               * draw.choice((1, 1, 1, 3, 7, 11)))
        digits = _decimal_digits(value)
        assert terminating(value) == (digits is not None), value
        assert figures_of(value) == (None if digits is None else len(digits)), value


def test_rounding_to_significant_figures_in_integers():
    draw = random.Random(17)
    for _ in range(3000):
        value = Fraction(draw.randint(-10 ** 30, 10 ** 30),
                         draw.randint(1, 10 ** draw.randint(0, 40)))
        for figures in (1, 3, 12, 40):
            rounded = round_significant(sympy.Rational(value.numerator, value.denominator),
                                        figures)
            if value == 0:
                assert rounded == 0
                continue
            unit = Fraction(10) ** (exponent10(abs(value)) - figures + 1)
            assert abs(Fraction(int(rounded.p), int(rounded.q)) - value) <= unit / 2
            whole = math.floor(abs(value) / unit + Fraction(1, 2))
            assert Fraction(int(rounded.p), int(rounded.q)) == \
                whole * unit * (1 if value > 0 else -1)


def test_undefined_values_are_found_among_the_atoms():
    specials = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.Float("inf"))
    plain = (x, y, sympy.Integer(2), sympy.pi, sympy.Rational(1, 3), sympy.E)
    draw = random.Random(19)
    for _ in range(500):
        leaves = [draw.choice(plain + specials if draw.random() < 0.2 else plain)
                  for _ in range(3)]
        value = draw.choice([
            lambda a, b, c: sympy.Add(a, sympy.Mul(b, c, evaluate=False), evaluate=False),
            lambda a, b, c: sympy.Piecewise((a, x > 0), (sympy.exp(b) + c, True)),
            lambda a, b, c: sympy.ImmutableMatrix([[a, b], [c, 0]]),
            lambda a, b, c: sympy.sin(a) * sympy.Pow(b, c, evaluate=False),
        ])(*leaves)
        atoms = value.atoms()
        assert _undefined(value) == bool(_UNDEFINED & atoms), value
    for special in specials:
        assert _undefined(sympy.Add(x, special, evaluate=False))
    assert not _undefined(3) and not _undefined("oo")


def test_columns_and_rows_are_sympys():
    for want, _ in _matrices():
        assert [_column(want, j) for j in range(want.cols)] == \
            [list(want.col(j)) for j in range(want.cols)]
        assert [_row(want, i) for i in range(want.rows)] == \
            [list(want.row(i)) for i in range(want.rows)]


def _refused(check, text: str):
    try:
        check(text)
    except ExprError as error:
        return error.pos
    return None


def test_nesting_and_long_numbers_refused_where_they_are():
    draw = random.Random(23)
    parts = ("(", ")", "[", "]", "x", "1", "9" * 20, ".", "+", " ")
    for _ in range(3000):
        text = "".join(draw.choice(parts) for _ in range(draw.randint(0, 70)))
        depth, deepest = 0, None
        for pos, char in enumerate(text):
            depth = depth + 1 if char in "([" else max(depth - 1, 0) if char in ")]" else depth
            if depth > MAX_DEPTH and deepest is None:
                deepest = pos
        assert _refused(check_nesting, text) == deepest, text
        numbers = [match.group("number") for match in re.finditer(
            r"[A-Za-z_][A-Za-z0-9_']*|(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", text)]
        longest = max((sum(c.isdigit() for c in number) for number in numbers if number),
                      default=0)
        assert (_refused(check_numbers, text) is not None) == (longest > MAX_DIGITS), text


def _relations(text: str) -> list:
    depths = bracket_depths(text, 0, len(text))
    found, pos = [], 0
    while pos < len(text):
        if depths[pos] == 0:
            if text[pos:pos + 2] in ("<=", ">="):
                found.append((pos, text[pos:pos + 2]))
                pos += 2
                continue
            if text[pos] in "<>":
                found.append((pos, text[pos]))
            elif re.match(r"(?<![A-Za-z0-9_])in(?![A-Za-z0-9_])", text[pos:]) and (
                    pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] == "_")):
                found.append((pos, "in"))
                pos += 2
                continue
        pos += 1
    return found


def test_relations_conditions_and_tuples_found_as_before():
    draw = random.Random(29)
    parts = ("x", " ", "<", ">", "=", "in", "if", "sin", "(", ")", "[", "]", ",", "1", "f")
    for _ in range(3000):
        text = "".join(draw.choice(parts) for _ in range(draw.randint(1, 12)))
        assert find_relations(text, 0, len(text)) == _relations(text), text
        depths = bracket_depths(text, 0, len(text))
        assert is_conditional(text, 0, len(text)) == any(
            depths[m.start()] == 0
            for m in re.finditer(r"(?<![A-Za-z0-9_])if(?![A-Za-z0-9_])", text)), text
        if "," not in text:
            assert tuples_to_vectors(text) == text


def test_numbers_and_negations_as_sympy_makes_them():
    symbols = (x, y, sympy.Symbol("k", integer=True), sympy.Symbol("p", positive=True))
    draw = random.Random(31)
    for _ in range(500):
        value = draw.choice([sympy.Rational(draw.randint(-99, 99), draw.randint(1, 99)),
                             sympy.Integer(draw.randint(-10 ** 20, 10 ** 20)),
                             draw.choice(symbols)])
        negated = _negate(value)
        made = sympy.Mul(sympy.Integer(-1), value)
        assert negated == made and negated.args == made.args and type(negated) is type(made)
    for text in ("0", "7", "007", "123456789012345678901234567890", "2.50", ".5", "3."):
        assert to_sympy(parse(text), {}) == sympy.Rational(Fraction(text).numerator,
                                                           Fraction(text).denominator)


def test_a_text_of_plain_tokens_normalises_to_itself():
    draw = random.Random(37)
    parts = ("x", "y2", "W_12", "3", "4.5", " ", "*", "**", "+", "-", "/", "^", "x1")
    for _ in range(500):
        text = "".join(draw.choice(parts) for _ in range(draw.randint(1, 12)))
        found = normalise(text, {}, None)
        origins = [match.start() for match in re.finditer(
            r"[A-Za-z][A-Za-z0-9_]*|[0-9]+(?:\.[0-9]*)?|\.[0-9]+|\s+|\*\*|.", text)
            for _ in match.group()]
        assert found == Translation(text, (*origins, len(text))), text


def test_a_text_no_rule_rewrites_is_worked_out_without_tokens_as_the_rules_give_it():
    """``_unchanged`` takes a text only when the token rules would give the same text and
    the same offsets (each character at the start of its token)."""
    from solver.expr import function_names

    functions = function_names()
    draw = random.Random(41)
    parts = ("x", "y2", "W_12", "3", "4.5", ".5", "7.", " ", "  ", "*", "**", "+", "-", "/",
             "^", "(", ")", "[", "]", "{", "}", ",", "sin", "exp", "log", "sqrt", "sec", "H",
             "inf", "oo", "max", "e", "pi", "|", "'", "\u221a", "_", "=", "<", "2x", "T", "X",
             "(x, y)", "sin ", "sin^2")
    symbol_sets = ({}, {"H": sympy.Symbol("H"), "inf": sympy.Symbol("inf")},
                   {"X": sympy.MatrixSymbol("X", 2, 2)})
    taken = 0
    for _ in range(4000):
        text = "".join(draw.choice(parts) for _ in range(draw.randint(1, 10)))
        unchanged = _unchanged(text, functions)
        if unchanged is None:
            continue
        taken += 1
        assert unchanged.text == text
        for symbols in symbol_sets:
            assert unchanged == _rewritten(text, symbols, lambda *a: ValueError(a),
                                           functions), text
    assert taken > 500
