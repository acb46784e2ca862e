"""Parser of the plain-math expression language: tree shapes, positions, errors, gates."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from importlib import resources

import pytest
from lark import Lark, logger

from solver.expr import (
    Call,
    ExprError,
    ExprSyntaxError,
    ExprTooLarge,
    Factorial,
    MatrixLiteral,
    Mul,
    Name,
    Neg,
    Node,
    Number,
    Pow,
    Transpose,
    function_names,
    names,
    parse,
    walk,
)
from solver.expr.nodes import Cases, Compare, Connective, Not
from solver.input_limits import MAX_DEPTH, MAX_DIGITS, MAX_LENGTH


def shape(node: Node) -> str:
    """A compact prefix rendering of a tree, without positions.

    ``(. a b)`` is implicit multiplication, ``(* a b)`` explicit, ``(@ a b)`` the
    matrix product, ``(T a)`` transpose, ``(! a)`` factorial, ``[[1 2] [3 4]]``
    a matrix literal by rows; ``(> a b)`` a comparison, ``(and c d)``, ``(or c d)`` and
    ``(not c)`` conditions, ``{v if c; w}`` piecewise values (``{1 if c; 0}`` is the
    indicator of c).
    """
    match node:
        case Number(text=text):
            return text
        case Name(id=name):
            return name
        case Call(func=func, args=args):
            return f"({func} {' '.join(shape(arg) for arg in args)})"
        case Neg(operand=operand):
            return f"(neg {shape(operand)})"
        case Mul(left=left, right=right, op=op):
            symbol = "." if op == "implicit" else op
            return f"({symbol} {shape(left)} {shape(right)})"
        case Pow(base=base, exponent=exponent):
            return f"(^ {shape(base)} {shape(exponent)})"
        case Transpose(operand=operand):
            return f"(T {shape(operand)})"
        case Factorial(operand=operand):
            return f"(! {shape(operand)})"
        case MatrixLiteral(rows=rows):
            return "[" + " ".join("[" + " ".join(shape(e) for e in row) + "]" for row in rows) + "]"
        case Compare(operands=operands, ops=ops):
            parts = [shape(operands[0])]
            for op, operand in zip(ops, operands[1:], strict=True):
                parts += [op, shape(operand)]
            return f"({' '.join(parts[1::2])} {' '.join(parts[0::2])})"
        case Connective(op=op, operands=operands):
            return f"({op} {' '.join(shape(operand) for operand in operands)})"
        case Not(operand=operand):
            return f"(not {shape(operand)})"
        case Cases(pieces=pieces):
            shown = [shape(value) if condition is None else
                     f"{shape(value)} if {shape(condition)}" for value, condition in pieces]
            return "{" + "; ".join(shown) + "}"
    symbol = {"Add": "+", "Sub": "-", "Div": "/"}[type(node).__name__]
    return f"({symbol} {shape(node.left)} {shape(node.right)})"


# --- shapes -----------------------------------------------------------------

SCALAR_SHAPES = [
    ("1 + 2 * 3", "(+ 1 (* 2 3))"),
    ("1 - 2 - 3", "(- (- 1 2) 3)"),
    ("1 / 2 / 3", "(/ (/ 1 2) 3)"),
    ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
    ("2^3^2", "(^ 2 (^ 3 2))"),
    ("x**2", "(^ x 2)"),
    ("x ** -1", "(^ x (neg 1))"),
    ("-x^2", "(neg (^ x 2))"),
    ("-2^2", "(neg (^ 2 2))"),
    ("x^-1", "(^ x (neg 1))"),
    ("x^-2", "(^ x (neg 2))"),
    ("e^x", "(^ e x)"),
    ("e^-x", "(^ e (neg x))"),
    ("2^-x^2", "(^ 2 (neg (^ x 2)))"),
    ("x^+2", "(^ x 2)"),
    ("x^2y", "(. (^ x 2) y)"),
    ("2x", "(. 2 x)"),
    ("2x cos(x^2)", "(. (. 2 x) (cos (^ x 2)))"),
    ("x1 exp(x2)", "(. x1 (exp x2))"),
    ("sin(g1) + g2^2", "(+ (sin g1) (^ g2 2))"),
    ("2(x1 + x2^2)", "(. 2 (+ x1 (^ x2 2)))"),
    ("(x+1)(x-1)", "(. (+ x 1) (- x 1))"),
    ("sin(x)cos(x)", "(. (sin x) (cos x))"),
    ("1/2x", "(. (/ 1 2) x)"),
    ("x / y z", "(. (/ x y) z)"),
    ("2 x y", "(. (. 2 x) y)"),
    ("a -b", "(- a b)"),
    ("a - -b", "(- a (neg b))"),
    ("a * -b", "(* a (neg b))"),
    ("a / -b", "(/ a (neg b))"),
    ("--x", "(neg (neg x))"),
    ("+x", "x"),
    ("-2x", "(. (neg 2) x)"),
    ("x!", "(! x)"),
    ("-x!", "(neg (! x))"),
    ("2^3!", "(^ 2 (! 3))"),
    ("(2^3)!", "(! (^ 2 3))"),
    ("3!!", "(! (! 3))"),
    ("x²", "(^ x 2)"),
    ("x³ + y²", "(+ (^ x 3) (^ y 2))"),
    ("-x²", "(neg (^ x 2))"),
    ("2 − x", "(- 2 x)"),
    ("2·x", "(* 2 x)"),
    ("2×x", "(* 2 x)"),
    ("x ÷ 2", "(/ x 2)"),
    ("2\u00a0x\u2009+\u202fy", "(+ (. 2 x) y)"),
    ("\tx +  y\t", "(+ x y)"),
    ("sinx", "sinx"),
    ("xy", "xy"),
    ("xcos(x)", "(. xcos x)"),
    ("2xcos(x)", "(. (. 2 xcos) x)"),
    ("x_1 + theta", "(+ x_1 theta)"),
    ("log(x, 2)", "(log x 2)"),
    ("ln(x) + arctan(y)", "(+ (ln x) (arctan y))"),
    ("0.2 + .5 + 3.", "(+ (+ 0.2 .5) 3.)"),
    ("f(x)", "(. f x)"),
    ("((x))", "x"),
]

MATRIX_SHAPES = [
    ("a^T b", "(. (T a) b)"),
    ("P Q", "(. P Q)"),
    ("P^-1 a", "(. (^ P (neg 1)) a)"),
    ("[[1,2],[3,4]] [1, 2]", "(. [[1 2] [3 4]] [[1] [2]])"),
    ("det(P)", "(det P)"),
    ("P @ Q", "(@ P Q)"),
    ("A^T A x", "(. (. (T A) A) x)"),
    ("x^T", "(T x)"),
    ("x^T^T", "(T (T x))"),
    ("x^Tb", "(^ x Tb)"),
    ("x^T2", "(^ x T2)"),
    ("x^ T", "(^ x T)"),
    ("x ^T", "(T x)"),
    ("(A B)^T", "(T (. A B))"),
    ("-a^T b", "(. (neg (T a)) b)"),
    ("[1, 2]", "[[1] [2]]"),
    ("[x]", "[[x]]"),
    ("[[1, 2]]", "[[1 2]]"),
    ("[[1], [2]]", "[[1] [2]]"),
    ("[(x+1)^2, 2y]", "[[(^ (+ x 1) 2)] [(. 2 y)]]"),
    ("[([1, 2])]", "[[[[1] [2]]]]"),
    ("[[1, 2], [3, 4]]^T", "(T [[1 2] [3 4]])"),
    ("transpose(A) + norm(a)^2", "(+ (transpose A) (^ (norm a) 2))"),
    ("trace(A B) - rank(A)", "(- (trace (. A B)) (rank A))"),
]


@pytest.mark.parametrize(("text", "expected"), SCALAR_SHAPES)
def test_scalar_shapes(text, expected):
    assert shape(parse(text)) == expected


@pytest.mark.parametrize(("text", "expected"), MATRIX_SHAPES)
def test_matrix_shapes(text, expected):
    assert shape(parse(text)) == expected


CONDITION_SHAPES = [
    ("5 if z1 > 0 and z2 > 0 else 0", "{5 if (and (> z1 0) (> z2 0)); 0}"),
    ("5 if z1 > 0 or z2 > 0 else 0", "{5 if (or (> z1 0) (> z2 0)); 0}"),
    ("1 if a > 0 or b > 0 and c > 0 else 0", "{1 if (or (> a 0) (and (> b 0) (> c 0))); 0}"),
    ("1 if a > 0 and b > 0 or c > 0 else 0", "{1 if (or (and (> a 0) (> b 0)) (> c 0)); 0}"),
    ("1 if not a > 0 or b > 0 else 0", "{1 if (or (not (> a 0)) (> b 0)); 0}"),
    ("1 if not (a > 0 or b > 0) else 0", "{1 if (not (or (> a 0) (> b 0))); 0}"),
    ("1 if not not a > 0 else 0", "{1 if (not (not (> a 0))); 0}"),
    ("1 if a > 0 and b > 0 and c > 0 else 0", "{1 if (and (> a 0) (> b 0) (> c 0)); 0}"),
    ("1 if (a > 0 and b > 0) and c > 0 else 0", "{1 if (and (> a 0) (> b 0) (> c 0)); 0}"),
    ("1 if a > 0 and (b > 0 or c > 0) else 0", "{1 if (and (> a 0) (or (> b 0) (> c 0))); 0}"),
    ("1 if (a > 0) & (b > 0) else 0", "{1 if (and (> a 0) (> b 0)); 0}"),
    ("1 if a > 0 ∧ b > 0 ∨ ¬ c > 0 else 0",
     "{1 if (or (and (> a 0) (> b 0)) (not (> c 0))); 0}"),
    ("1 if (a > 0) else 0", "{1 if (> a 0); 0}"),
    ("1 if (a + 1) > 0 else 0", "{1 if (> (+ a 1) 0); 0}"),
    ("1 if 0 < a <= 1 and b > 0 else 0", "{1 if (and (< <= 0 a 1) (> b 0)); 0}"),
    ("piecewise(5, z1 > 0 and z2 > 0, 0)", "{5 if (and (> z1 0) (> z2 0)); 0}"),
    ("Piecewise((5, (z1 > 0) & (z2 > 0)), (0, True))", "{5 if (and (> z1 0) (> z2 0)); 0}"),
]


@pytest.mark.parametrize(("text", "expected"), CONDITION_SHAPES)
def test_conditions_join_comparisons_with_and_or_not(text, expected):
    assert shape(parse(text)) == expected


INDICATOR = "{1 if (> z1 0); 0}"
INDICATOR_SHAPES = [
    ("[z1 > 0]", INDICATOR),
    ("[ z1 > 0 ]", INDICATOR),
    ("[(z1 > 0)]", INDICATOR),
    ("1(z1 > 0)", INDICATOR),
    ("1 (z1 > 0)", INDICATOR),
    ("𝟙(z1 > 0)", INDICATOR),
    ("𝟙[z1 > 0]", INDICATOR),
    ("5 [z1 > 0]", f"(. 5 {INDICATOR})"),
    ("5[z1 > 0]", f"(. 5 {INDICATOR})"),
    ("5 𝟙(z1 > 0)", f"(. 5 {INDICATOR})"),
    ("5𝟙(z1 > 0)", f"(. 5 {INDICATOR})"),
    ("5*1(z1 > 0)", f"(* 5 {INDICATOR})"),
    ("z1/1(z1 > 0)", f"(/ z1 {INDICATOR})"),
    ("-1(z1 > 0)", f"(neg {INDICATOR})"),
    ("2 * -1(z1 > 0)", f"(* 2 (neg {INDICATOR}))"),
    ("z1 [z1 > 0]", f"(. z1 {INDICATOR})"),
    ("1(z1 > 0) z1", f"(. {INDICATOR} z1)"),
    ("[z1 > 0]^2", f"(^ {INDICATOR} 2)"),
    ("[z1 > 0 and z2 <= 1]", "{1 if (and (> z1 0) (<= z2 1)); 0}"),
    ("[not z1 > 0]", "{1 if (not (> z1 0)); 0}"),
    ("[0 < z1 < 1]", "{1 if (< < 0 z1 1); 0}"),
    ("[[z1 > 0], [z2 > 0]]", "[[{1 if (> z1 0); 0}] [{1 if (> z2 0); 0}]]"),
    ("[[1, 0], [0, [z1 > 0]]]", f"[[1 0] [0 {INDICATOR}]]"),
    ("5 if [z1 > 0] > 0 else 0", f"{{5 if (> {INDICATOR} 0); 0}}"),
    # products and vectors stay what they were
    ("[1, 2]", "[[1] [2]]"),
    ("[(z1)]", "[[z1]]"),
    ("-1(x + 1)", "(. (neg 1) (+ x 1))"),
    ("2(x)", "(. 2 x)"),
    ("1.0(x)", "(. 1.0 x)"),
    ("10(x)", "(. 10 x)"),
    ("x^1(y)", "(. (^ x 1) y)"),
    ("P^-1(b)", "(. (^ P (neg 1)) b)"),
    ("(1)(x)", "(. 1 x)"),
]


@pytest.mark.parametrize(("text", "expected"), INDICATOR_SHAPES)
def test_indicators_are_one_where_the_condition_holds(text, expected):
    assert shape(parse(text)) == expected


EXTREME_SHAPES = [
    ("max(0, z1)", "(max 0 z1)"),
    ("min(a, b, c)", "(min a b c)"),
    ("Max(0, z1)", "(Max 0 z1)"),
    ("Min(0, a, z)", "(Min 0 a z)"),
    ("relu(z1)", "(relu z1)"),
    ("ReLU(z1) + Relu(z2)", "(+ (ReLU z1) (Relu z2))"),
    ("5 max(0, z1 - 1)", "(. 5 (max 0 (- z1 1)))"),
    ("max(0, z1)^2", "(^ (max 0 z1) 2)"),
    ("maximum + minx + relux + android + order + nothing",
     "(+ (+ (+ (+ (+ maximum minx) relux) android) order) nothing)"),
]


@pytest.mark.parametrize(("text", "expected"), EXTREME_SHAPES)
def test_max_min_and_relu_are_calls(text, expected):
    assert shape(parse(text)) == expected


def test_the_grammar_has_no_conflicts():
    """LALR conflicts are resolved silently by lark (shift wins): there must be none."""
    found: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage())

    handler, level = Collect(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        grammar = resources.files("solver.expr").joinpath("grammar.lark").read_text("utf-8")
        Lark(grammar, parser="lalr", lexer="basic")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert not [message for message in found if "conflict" in message.lower()]


# --- positions --------------------------------------------------------------

EXACT_TREES = [
    (
        "2x cos(x^2)",
        Mul(
            Mul(Number("2", 0), Name("x", 1), "implicit", 0),
            Call("cos", (Pow(Name("x", 7), Number("2", 9), 7),), 3),
            "implicit",
            0,
        ),
    ),
    ("-x^2", Neg(Pow(Name("x", 1), Number("2", 3), 1), 0)),
    ("x^-1", Pow(Name("x", 0), Neg(Number("1", 3), 2), 0)),
    ("a^T b", Mul(Transpose(Name("a", 0), 0), Name("b", 4), "implicit", 0)),
    ("x²", Pow(Name("x", 0), Number("2", 1), 0)),
    ("5!", Factorial(Number("5", 0), 0)),
    ("[1, 2]", MatrixLiteral(((Number("1", 1),), (Number("2", 4),)), 0)),
    (
        "[[1,2],[3,4]]",
        MatrixLiteral(
            ((Number("1", 2), Number("2", 4)), (Number("3", 8), Number("4", 10))),
            0,
        ),
    ),
    ("log(x, 2)", Call("log", (Name("x", 4), Number("2", 7)), 0)),
    (
        "[z > 0]",
        Cases(((Number("1", 0), Compare((Name("z", 1), Number("0", 5)), (">",), 1)),
               (Number("0", 0), None)), 0),
    ),
    (
        "2 𝟙(z > 0)",
        Mul(Number("2", 0),
            Cases(((Number("1", 2), Compare((Name("z", 4), Number("0", 8)), (">",), 4)),
                   (Number("0", 2), None)), 2),
            "implicit", 0),
    ),
    (
        "1 if (a > 0) and not b < 0 else 0",
        Cases(((Number("1", 0),
                Connective("and", (Compare((Name("a", 6), Number("0", 10)), (">",), 6),
                                   Not(Compare((Name("b", 21), Number("0", 25)), ("<",), 21),
                                       17)), 5)),
               (Number("0", 32), None)), 0),
    ),
    ("max(0, z)", Call("max", (Number("0", 4), Name("z", 7)), 0)),
]


@pytest.mark.parametrize(("text", "expected"), EXACT_TREES)
def test_exact_trees_with_positions(text, expected):
    assert parse(text) == expected


NODE_POSITIONS = [
    # (text, pos of the root, pos of the root's first child)
    ("(x+1)*2", 0, 1),
    ("(x+1)(x-1)", 0, 1),
    ("  x + y", 2, 2),
    ("+x * y", 0, 1),
    ("1 + (2)", 0, 0),
    ("sin(x)^2", 0, 0),
    ("[1, 2]^T", 0, 0),
]


@pytest.mark.parametrize(("text", "root_pos", "child_pos"), NODE_POSITIONS)
def test_node_positions_point_at_first_character(text, root_pos, child_pos):
    tree = parse(text)
    assert tree.pos == root_pos
    assert tree.children()[0].pos == child_pos


def test_names_and_walk():
    tree = parse("2x cos(y^2) + det(P) - [a, b]^T")
    assert names(tree) == frozenset({"x", "y", "P", "a", "b"})
    kinds = [type(node).__name__ for node in walk(tree)]
    assert kinds[0] == "Sub"
    assert kinds.count("Name") == 5
    assert len(kinds) == len(list(walk(tree)))


def test_walk_and_names_handle_very_deep_trees():
    tree = parse("-" * 1999 + "x")
    assert names(tree) == frozenset({"x"})
    assert sum(1 for _ in walk(tree)) == 2000


def test_mul_rejects_unknown_operator():
    with pytest.raises(ValueError):
        Mul(Name("a", 0), Name("b", 2), "x", 0)


def test_function_names_cover_scalar_and_matrix_functions():
    assert {"sin", "cos", "ln", "arctan", "det", "trace", "rank", "norm", "transpose"} <= (
        function_names()
    )
    assert {"max", "min", "Max", "Min", "relu", "ReLU", "Relu"} <= function_names()
    assert not {"T", "and", "or", "not", "if", "else", "True"} & function_names()


def test_connectives_need_whole_words():
    assert shape(parse("1 if a > 0 and b > 0 else 0")) == "{1 if (and (> a 0) (> b 0)); 0}"
    assert shape(parse("1 if a > 0 andb > 0 else 0")) == "{1 if (> > a (. 0 andb) 0); 0}"


def test_connective_and_not_nodes_check_themselves():
    with pytest.raises(ValueError):
        Connective("xor", (Name("a", 0), Name("b", 2)), 0)
    with pytest.raises(ValueError):
        Connective("and", (Name("a", 0),), 0)
    condition = parse("1 if not a > 0 else 0").pieces[0][1]
    assert isinstance(condition, Not)
    assert names(condition) == frozenset({"a"})


# --- syntax errors ----------------------------------------------------------

SYNTAX_ERRORS = [
    # (text, pos, fragment of the message, fragment of the hint or None)
    ("", 0, "empty expression", None),
    ("   ", 0, "empty expression", None),
    ("\t", 0, "empty expression", None),
    ("1 +", 3, "expected an expression after '+'", None),
    ("2 * * 3", 4, "expected an expression after '*'", None),
    ("x^", 2, "expected an expression after '^'", None),
    ("log(x,)", 6, "expected an expression after ','", None),
    ("(x+1", 4, "unexpected end of input", "'(' at col 1 is never closed"),
    ("[1, 2", 5, "unexpected end of input", "'[' at col 1 is never closed"),
    ("x)", 1, "unmatched ')'", None),
    ("(x]", 2, "unexpected ']'", "closed by ')'"),
    ("()", 1, "empty brackets '()'", None),
    ("[]", 1, "empty brackets '[]'", None),
    ("2 3", 2, "unexpected number '3'", "operator"),
    ("x 2", 2, "unexpected number '2'", "operator"),
    ("1 000", 2, "unexpected number '000'", "operator"),
    ("(x+1) 2", 6, "unexpected number '2'", "operator"),
    ("1.2.3", 3, "unexpected number '.3'", None),
    ("sin x", 0, "'sin' must be followed by '('", "write sin(x)"),
    ("sin", 0, "'sin' must be followed by '('", "write sin(x)"),
    ("x + cos", 4, "'cos' must be followed by '('", "write cos(x)"),
    ("sin^2(x)", 0, "'sin' must be followed by '('", "sin(x)^2"),
    ("2 det P", 2, "'det' must be followed by '('", "write det(P)"),
    ("x,y", 1, "unexpected ','", None),
    ("x $ y", 2, "unexpected character '$'", None),
    ("a = b", 2, "unexpected character '='", "not an equation"),
    ("x.y", 1, "unexpected character '.'", None),
    ("_x", 0, "unexpected character '_'", "letter"),
    ("{x}", 0, "unexpected character '{'", None),
    ("x\u3000y", 1, "unexpected character U+3000", None),
    ("[[1,2],[3]]", 7, "row 2 has 1 entry but row 1 has 2", "same number"),
    ("[[1,2],3]", 7, "mixes rows", None),
    ("[3, [1,2]]", 1, "mixes rows", None),
    ("[[1,2], ([3,4])]", 8, "mixes rows", None),
    ("[[[1]]]", 1, "nest at most two levels", None),
    ("1 +\n2", 3, "control character U+000A", None),
    ("x\x00", 1, "control character U+0000", None),
    ("x\u202e", 1, "bidirectional override character U+202E", None),
    ("x\u2066y", 1, "bidirectional override character U+2066", None),
    ("x\u200by", 1, "invisible or unassigned character U+200B", None),
    # conditions, indicators, max and min
    ("(z1 > 0)", 4, "only as a condition", "[z1 > 0]"),
    ("5(z1 > 0)", 1, "only as a condition", "1(z1 > 0)"),
    ("x^1(z1 > 0)", 3, "only as a condition", "[z1 > 0]"),
    ("1(z1)", 0, "needs a comparison", "1(z1 > 0)"),
    ("2 + 1(z1 - 1)", 4, "needs a comparison", "1*(...) for a product"),
    ("𝟙(z1)", 4, "𝟙(...) needs a comparison", "write 𝟙(z1 > 0)"),
    ("𝟙[z1]", 4, "𝟙(...) needs a comparison", "write 𝟙(z1 > 0)"),
    ("𝟙 z1", 2, "'𝟙' must be followed by '(' or '['", "write 𝟙(z1 > 0)"),
    ("z 1(z > 0)", 2, "unexpected number '1'", "'*' before the indicator"),
    ("[z1 > 0, z2 > 0]", 7, "holds one condition", "[[z1 > 0], [z2 > 0]]"),
    ("1(z1 > 0, z2 > 0)", 8, "one condition", "1(z1 > 0 and z2 > 0)"),
    ("5 if z1 > 0 and else 0", 16, "expected a condition after 'and'", None),
    ("5 if z1 > 0 or else 0", 15, "expected a condition after 'or'", None),
    ("5 if not else 0", 9, "expected a condition after 'not'", None),
    ("5 if z1 > 0 and z2 else 0", 19, "needs a comparison", None),
    ("5 if z1 > 0 and z2 > 0", 22, "expected 'else'", None),
    ("max0,z", 4, "unexpected ','", "did you mean max(0, z)?"),
    ("min1,x2 + 1", 4, "unexpected ','", "did you mean min(1, x2)?"),
    ("max 0, z", 0, "'max' must be followed by '('", "write max(0, z)"),
    ("max z1", 0, "'max' must be followed by '('", "write max(0, z1)"),
    ("relu z1", 0, "'relu' must be followed by '('", "write relu(z1)"),
]


@pytest.mark.parametrize(("text", "pos", "message", "hint"), SYNTAX_ERRORS)
def test_syntax_errors(text, pos, message, hint):
    with pytest.raises(ExprSyntaxError) as caught:
        parse(text)
    error = caught.value
    assert error.pos == pos
    assert message in error.message
    assert error.text == text
    if hint is None:
        assert error.hint is None or isinstance(error.hint, str)
    else:
        assert hint in error.hint


def test_describe_is_one_line_with_column_and_hint():
    with pytest.raises(ExprSyntaxError) as caught:
        parse("sin x")
    assert caught.value.describe() == "col 1: function 'sin' must be followed by '(' — write sin(x)"
    assert str(caught.value) == caught.value.describe()


def test_describe_without_hint():
    error = ExprSyntaxError("unexpected ')'", text="x + )", pos=4)
    assert error.describe() == "col 5: unexpected ')'"


# --- size gates and hostile input -------------------------------------------

SIZE_GATES = [
    ("1" * (MAX_DIGITS + 1), 0),
    ("x + " + "9" * (MAX_DIGITS + 1), 4),
    ("0." + "1" * MAX_DIGITS, 0),
    ("x" * (MAX_LENGTH + 1), MAX_LENGTH),
    ("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1), MAX_DEPTH),
    ("[" * (MAX_DEPTH + 1) + "x" + "]" * (MAX_DEPTH + 1), MAX_DEPTH),
]


@pytest.mark.parametrize(("text", "pos"), SIZE_GATES)
def test_size_gates(text, pos):
    with pytest.raises(ExprTooLarge) as caught:
        parse(text)
    assert caught.value.pos == pos


def test_limits_themselves_are_accepted():
    assert isinstance(parse("1" * MAX_DIGITS), Number)
    assert isinstance(parse("(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH), Name)
    assert isinstance(parse("x+" * (MAX_LENGTH // 2 - 1) + "xy"), Node)


HOSTILE = [
    "__import__('os').system('x')",
    "().__class__",
    "x.__class__",
    "lambda: 0",
    "exec('1')",
    "(" * 10_000 + "x" + ")" * 10_000,
    "[" * 10_000,
    "x" * 3000,
    "x+" * 1500 + "x",
    "\x00",
    "x\u202e1",
    "9" * 10_000,
    "max(" * 10_000 + "z" + ")" * 10_000,
    "max(0, " * 10_000 + "z" + ")" * 10_000,
    "[" * 10_000 + "z > 0" + "]" * 10_000,
    "1(" * 10_000 + "z > 0" + ")" * 10_000,
    "1 if " + "not " * 10_000 + "z > 0 else 0",
    "1 if " + " and ".join(["z > 0"] * 1000) + " else 0",
    "[" * 45 + "z > 0" + "]" * 45,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text[:20]))
def test_hostile_input_is_refused_quickly(text):
    start = time.perf_counter()
    with pytest.raises(ExprError):
        parse(text)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize("text", [
    "1 if " + "not " * 400 + "z > 0 else 0",
    "1 if " + "(" * 48 + "z > 0" + ")" * 48 + " else 0",
    "[" + "z > 0 or " * 150 + "z > 0]",
    "".join(f"[z > {i}]" for i in range(200)),
    "max(0, " * 48 + "z" + ")" * 48,
    "relu(" * 49 + "z" + ")" * 49,
], ids=lambda text: repr(text[:20]))
def test_long_conditions_and_nested_calls_parse_quickly(text):
    parse("z")
    start = time.perf_counter()
    parse(text)
    assert time.perf_counter() - start < 0.5


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError):
        parse(b"x")  # type: ignore[arg-type]


def test_importing_the_parser_does_not_import_sympy():
    code = (
        "import sys, solver.expr.parser, solver.expr; "
        "solver.expr.parse('2x'); "
        "assert 'sympy' not in sys.modules, 'sympy imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
