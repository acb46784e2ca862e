"""LaTeX answers → plain-math text, and the exact value that text stands for."""

from __future__ import annotations

import pytest
import sympy

from solver.check.latex import latex_to_plain, translate_latex
from solver.check.latex.tokens import LatexError
from solver.check.read import read_answer
from solver.check.values import Written
from solver.numbers import symbol

x, y, a, b = (symbol(name) for name in ("x", "y", "a", "b"))
x1, x2, theta12 = (symbol(name) for name in ("x1", "x2", "theta12"))
alpha, beta, eta, epsilon, yhat = (
    symbol(name) for name in ("alpha", "beta", "eta", "epsilon", "yhat")
)
VARIABLES = {
    str(s): s for s in (x, y, a, b, x1, x2, theta12, alpha, beta, eta, epsilon, yhat)
}
half = sympy.Rational(1, 2)


def column(*entries) -> sympy.ImmutableMatrix:
    return sympy.ImmutableMatrix([[entry] for entry in entries])


def same(left, right) -> bool:
    if isinstance(left, sympy.MatrixBase) or isinstance(right, sympy.MatrixBase):
        return (
            isinstance(left, sympy.MatrixBase)
            and isinstance(right, sympy.MatrixBase)
            and left.shape == right.shape
            and all(same(p, q) for p, q in zip(left, right, strict=True))
        )
    return left == right or sympy.simplify(left - right) == 0


# (LaTeX, plain text, the value built by constructors)
CASES = [
    # fractions
    (r"\frac{1}{2}", "((1)/(2))", half),
    (r"\dfrac{x}{2}", "((x)/(2))", sympy.Mul(half, x)),
    (r"\tfrac12", "((1)/(2))", half),
    (r"\frac{x+1}{x-1}", "((x+1)/(x-1))", (x + 1) / (x - 1)),
    (r"\frac{\frac{1}{2}}{3}", "((((1)/(2)))/(3))", sympy.Rational(1, 6)),
    # products
    (r"2 \cdot x", "2 * x", 2 * x),
    (r"3 \times 4", "3 * 4", sympy.Integer(12)),
    (r"x \div 2", "x / 2", x / 2),
    # brackets
    (r"\left( x + 1 \right)^{2}", "( x + 1 )^(2)", (x + 1) ** 2),
    (r"\bigl( x - 1 \bigr) y", "( x - 1 ) y", (x - 1) * y),
    (r"\Bigl(1+x\Bigr)\Bigl(1-x\Bigr)", "(1+x)(1-x)", (1 + x) * (1 - x)),
    (r"\left.x\right.", "x", x),
    # absolute values
    (r"\left|x\right|", "abs(x)", sympy.Abs(x)),
    (r"|x| + |y|", "abs(x) + abs(y)", sympy.Abs(x) + sympy.Abs(y)),
    (r"\lvert x - 1 \rvert", "abs( x - 1 )", sympy.Abs(x - 1)),
    (r"||x|-1|", "abs(abs(x)-1)", sympy.Abs(sympy.Abs(x) - 1)),
    (r"2|x|", "2 abs(x)", 2 * sympy.Abs(x)),
    # powers and transposes
    (r"e^{x}", "e^(x)", sympy.exp(x)),
    (r"x^{2}", "x^(2)", x**2),
    (r"x^2", "x^2", x**2),
    (r"e^{-x^2}", "e^(-x^2)", sympy.exp(-(x**2))),
    (r"x^-1", "x^(-1)", 1 / x),
    (r"\mathrm{e}^xy", "e^x y", sympy.exp(x) * y),
    (r"\mathrm{e}^{2x}", "e^(2x)", sympy.exp(2 * x)),
    (
        r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}^\top",
        "[[1], [2]]^T",
        sympy.ImmutableMatrix([[1, 2]]),
    ),
    (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}^{T}", "[[1], [2]]^T", sympy.ImmutableMatrix([[1, 2]])),
    (
        r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}^\intercal",
        "[[1], [2]]^T",
        sympy.ImmutableMatrix([[1, 2]]),
    ),
    (
        r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}^{\mathsf{T}}",
        "[[1], [2]]^T",
        sympy.ImmutableMatrix([[1, 2]]),
    ),
    # subscripts
    (r"x_1 + x_{2}", "x1 + x2", x1 + x2),
    (r"\theta_{12}", "theta12", theta12),
    (r"\theta_12 x_1", "theta12 x1", theta12 * x1),  # a run of digits is one subscript
    (r"x_1^2", "x1^2", x1**2),
    (r"x_1x_2", "x1 x2", x1 * x2),
    (r"\mathbf{x}_1", "x1", x1),
    # functions with parentheses
    (r"\sin(x)", "sin(x)", sympy.sin(x)),
    (r"\cos\left(x\right)", "cos(x)", sympy.cos(x)),
    (r"\tan(x)", "tan(x)", sympy.tan(x)),
    (r"\exp(x^2)", "exp(x^2)", sympy.exp(x**2)),
    (r"\ln(x)", "ln(x)", sympy.log(x)),
    (r"\log(x)", "log(x)", sympy.log(x)),
    (r"\arcsin(x)", "arcsin(x)", sympy.asin(x)),
    (r"\arccos(x)", "arccos(x)", sympy.acos(x)),
    (r"\arctan(x)", "arctan(x)", sympy.atan(x)),
    (r"\sinh(x)", "sinh(x)", sympy.sinh(x)),
    (r"\cosh(x)", "cosh(x)", sympy.cosh(x)),
    (r"\tanh(x)", "tanh(x)", sympy.tanh(x)),
    (r"\ln|x|", "ln(abs(x))", sympy.log(sympy.Abs(x))),
    # functions without parentheses: the factors that follow
    (r"\sin x", "sin(x)", sympy.sin(x)),
    (r"\cos 2x", "cos(2 x)", sympy.cos(2 * x)),
    (r"\cos 2x + 1", "cos(2 x) + 1", sympy.cos(2 * x) + 1),
    (r"\sin x \cos y", "sin(x) cos(y)", sympy.sin(x) * sympy.cos(y)),
    (r"\sin \frac{x}{2}", "sin(((x)/(2)))", sympy.sin(x / 2)),
    (r"\sin x^2", "sin(x^2)", sympy.sin(x**2)),
    (r"\sin 2\pi x", "sin(2 pi x)", sympy.sin(2 * sympy.pi * x)),
    (r"\sin x (x+1)", "sin(x) (x+1)", sympy.sin(x) * (x + 1)),
    (r"\ln x_1", "ln(x1)", sympy.log(x1)),
    (r"\exp{x}", "exp((x))", sympy.exp(x)),
    (r"\sqrt x", "sqrt(x)", sympy.sqrt(x)),
    # powers and inverses of functions, logarithm bases
    (r"\sin^2(x)", "(sin(x))^2", sympy.sin(x) ** 2),
    (r"\sin^{2} x", "(sin(x))^(2)", sympy.sin(x) ** 2),
    (r"\cos^2 x + \sin^2 x", "(cos(x))^2 + (sin(x))^2", sympy.Integer(1)),
    (r"\sin^{-1} x", "arcsin(x)", sympy.asin(x)),
    (r"\tan^{-1}(x)", "arctan(x)", sympy.atan(x)),
    (r"\log_2 x", "log(x, 2)", sympy.log(x, 2)),
    (r"\log_{10}(x)", "log(x, 10)", sympy.log(x, 10)),
    # roots
    (r"\sqrt{x}", "sqrt(x)", sympy.sqrt(x)),
    (r"\sqrt{x^2+1}", "sqrt(x^2+1)", sympy.sqrt(x**2 + 1)),
    (r"\sqrt[3]{x}", "((x)^(1/(3)))", sympy.Pow(x, sympy.Rational(1, 3))),
    (r"\sqrt[3]{x}^2", "((x)^(1/(3)))^2", sympy.Pow(x, sympy.Rational(2, 3))),
    # Greek letters and constants
    (r"\alpha + \beta", "alpha + beta", alpha + beta),
    (r"\pi", "pi", sympy.pi),
    (r"2\pi", "2 pi", 2 * sympy.pi),
    (r"\pi x", "pi x", sympy.pi * x),
    (r"\frac{\pi}{2}", "((pi)/(2))", sympy.pi / 2),
    (r"\varepsilon \eta", "epsilon eta", epsilon * eta),
    (r"\hat{y} - y", "yhat - y", yhat - y),
    # wrappers, spacing and ignored commands
    (r"\mathrm{e}^{x}", "e^(x)", sympy.exp(x)),
    (r"\operatorname{sin} x", "sin(x)", sympy.sin(x)),
    (r"\mathrm{sin}(x)", "sin(x)", sympy.sin(x)),
    (r"\boldsymbol{\alpha}", "alpha", alpha),
    (r"x\,y", "x y", x * y),
    (r"x\;y", "x y", x * y),
    (r"x\!y", "x y", x * y),
    (r"\alpha~\beta", "alpha beta", alpha * beta),
    (r"x \quad y", "x y", x * y),
    (r"\alpha & \beta", "alpha beta", alpha * beta),
    (r"\displaystyle \frac{1}{2}", "((1)/(2))", half),
    (r"$\frac{1}{2}$", "((1)/(2))", half),
    (r"\(x^2\)", "x^2", x**2),
    ("x^{2}\n+ 1", "x^(2) + 1", x**2 + 1),
    # matrices
    (
        r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}",
        "[[1, 2], [3, 4]]",
        sympy.ImmutableMatrix([[1, 2], [3, 4]]),
    ),
    (
        r"\begin{bmatrix} x & \frac{1}{2} \\ 0 & y \end{bmatrix}",
        "[[x, ((1)/(2))], [0, y]]",
        sympy.ImmutableMatrix([[x, half], [0, y]]),
    ),
    (r"\begin{matrix} 1 & 2 \end{matrix}", "[[1, 2]]", sympy.ImmutableMatrix([[1, 2]])),
    (r"\begin{Bmatrix} 1 \end{Bmatrix}", "[[1]]", sympy.ImmutableMatrix([[1]])),
    (r"\begin{smallmatrix} 1 \\ 2 \end{smallmatrix}", "[[1], [2]]", column(1, 2)),
    (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", "[[1], [2]]", column(1, 2)),
    (r"\begin{bmatrix} 1 \\ 2 \\ \end{bmatrix}", "[[1], [2]]", column(1, 2)),
    (
        r"\left(\begin{array}{cc} 1 & 2 \\ 3 & 4 \end{array}\right)",
        "([[1, 2], [3, 4]])",
        sympy.ImmutableMatrix([[1, 2], [3, 4]]),
    ),
    (r"\begin{vmatrix} 1 & 2 \\ 3 & 4 \end{vmatrix}", "det([[1, 2], [3, 4]])", sympy.Integer(-2)),
    (r"\begin{vmatrix} a & b \\ b & a \end{vmatrix}", "det([[a, b], [b, a]])", a**2 - b**2),
    (
        r"2\begin{pmatrix} 1 \\ x \end{pmatrix} + \begin{pmatrix} 0 \\ 1 \end{pmatrix}",
        "2[[1], [x]] + [[0], [1]]",
        column(2, 2 * x + 1),
    ),
]



def indicator(condition) -> sympy.Piecewise:
    return sympy.Piecewise((1, condition), (0, True))


CASES += [
    # max, min and relu
    (r"\max(0, x_1)", "max(0, x1)", sympy.Max(0, x1)),
    (r"\max\{0, x\}", "max(0, x)", sympy.Max(0, x)),
    (r"\max\left\{0, x\right\}", "max(0, x)", sympy.Max(0, x)),
    (r"\max\left(0, x\right)", "max(0, x)", sympy.Max(0, x)),
    (r"\min[a, b]", "min(a, b)", sympy.Min(a, b)),
    (r"\min(a, b, 1)", "min(a, b, 1)", sympy.Min(1, a, b)),
    (r"2\max(0, x - 1)", "2 max(0, x - 1)", 2 * sympy.Max(0, x - 1)),
    (r"\operatorname{ReLU}(x)", "ReLU(x)", sympy.Max(0, x)),
    (r"\mathrm{ReLU}(x)", "ReLU(x)", sympy.Max(0, x)),
    (r"\mathrm{relu}(x_1)", "relu(x1)", sympy.Max(0, x1)),
    (r"\text{ReLU}(x)", "ReLU(x)", sympy.Max(0, x)),
    (r"\text{ReLU} x", "ReLU(x)", sympy.Max(0, x)),
    (r"5\operatorname{relu}\left(x\right)", "5 relu(x)", 5 * sympy.Max(0, x)),
    # indicators
    (r"\mathbb{1}(x_1 > 0)", "𝟙(x1 > 0)", indicator(x1 > 0)),
    (r"\mathbb{1}_{x_1 > 0}", "𝟙(x1 > 0)", indicator(x1 > 0)),
    (r"\mathbb{1}_{\{x_1 > 0\}}", "𝟙(x1 > 0)", indicator(x1 > 0)),
    (r"\mathbb{1}\{x_1 > 0\}", "𝟙(x1 > 0)", indicator(x1 > 0)),
    (r"\mathbb{1}\left(x_1 > 0\right)", "𝟙(x1 > 0)", indicator(x1 > 0)),
    (r"\mathbf{1}[x_1 > 0]", "𝟙(x1 > 0)", indicator(x1 > 0)),
    (r"\mathbb{I}(x \ge 0)", "𝟙(x >= 0)", indicator(x >= 0)),
    (r"\mathds{1}(x > 0)", "𝟙(x > 0)", indicator(x > 0)),
    (r"\mathbb 1(x > 0)", "𝟙(x > 0)", indicator(x > 0)),
    (r"\bm{1}(x > 0)", "𝟙(x > 0)", indicator(x > 0)),
    (r"\boldsymbol{1}[x > 0]", "𝟙(x > 0)", indicator(x > 0)),
    (r"[x_1 > 0]", "[x1 > 0]", indicator(x1 > 0)),
    (r"\left[x_1 > 0\right]", "[x1 > 0]", indicator(x1 > 0)),
    (r"5\mathbb{1}(x > 0)", "5 𝟙(x > 0)", 5 * indicator(x > 0)),
    (r"x\,\mathbb{1}_{x > 0}", "x 𝟙(x > 0)", x * indicator(x > 0)),
    # and, or, not
    (r"\mathbb{1}(x > 0 \land y > 0)", "𝟙(x > 0 and y > 0)", indicator(sympy.And(x > 0, y > 0))),
    (r"\mathbb{1}_{x > 0 \wedge y > 0}", "𝟙(x > 0 and y > 0)", indicator(sympy.And(x > 0, y > 0))),
    (r"[x > 0 \lor y > 0]", "[x > 0 or y > 0]", indicator(sympy.Or(x > 0, y > 0))),
    (r"[x > 0 \vee \neg (y > 0)]", "[x > 0 or not (y > 0)]", indicator(sympy.Or(x > 0, y <= 0))),
    (r"[\lnot x > 0]", "[not x > 0]", indicator(x <= 0)),
    (r"5 \text{ if } x > 0 \text{ and } y > 0 \text{ else } 0", "5 if x > 0 and y > 0 else 0",
     sympy.Piecewise((5, sympy.And(x > 0, y > 0)), (0, True))),
    (r"\begin{cases} 5 & x > 0 \land y > 0 \\ 0 & \text{otherwise} \end{cases}",
     "piecewise(5, x > 0 and y > 0, 0)", sympy.Piecewise((5, sympy.And(x > 0, y > 0)), (0, True))),
    (r"\begin{cases} 5 & \text{if } x > 0 \text{ and } y > 0 \\ 0 & \text{otherwise} \end{cases}",
     "piecewise(5, x > 0 and y > 0, 0)", sympy.Piecewise((5, sympy.And(x > 0, y > 0)), (0, True))),
    (r"\begin{cases} 1 & x > 0 \text{ or } y > 0 \\ 0 & \text{otherwise} \end{cases}",
     "piecewise(1, x > 0 or y > 0, 0)", indicator(sympy.Or(x > 0, y > 0))),
]


@pytest.mark.parametrize(("latex", "plain", "value"), CASES, ids=[case[0] for case in CASES])
def test_latex_translates_to_plain_text(latex, plain, value):
    assert latex_to_plain(latex) == plain


@pytest.mark.parametrize(("latex", "plain", "value"), CASES, ids=[case[0] for case in CASES])
def test_translated_latex_has_the_constructed_value(latex, plain, value):
    answer = read_answer(latex, VARIABLES)
    assert isinstance(answer, Written), answer
    assert same(answer.value, value), (answer.value, value)
    assert answer.text == latex.strip()


# Forms that only make sense to read.py (sets, relations, words, ∞).
TEXT_ONLY = [
    (r"\{(\frac{\pi}{2}, 0)\}", "{(((pi)/(2)), 0)}"),
    (r"\left\{ (1, 2) \right\}", "{ (1, 2) }"),
    (r"\lbrace 1 \rbrace", "{ 1 }"),
    (r"0 < \eta \le \frac{1}{6}", "0 < eta <= ((1)/(6))"),
    (r"\eta \leq 1 \geq 0 \lt 2 \gt 3", "eta <= 1 >= 0 < 2 > 3"),
    (r"\eta \geqslant 0 \leqslant 1", "eta >= 0 <= 1"),
    (r"\eta \in (0, 1]", "eta in (0, 1]"),
    (r"\left[0, 1\right)", "[0, 1)"),
    (r"(0, \infty)", "(0, infinity)"),
    (r"-\infty", "-infinity"),
    (r"k \in \mathbb{Z}", "k in Z"),
    (r"\text{no solution}", "no solution"),
    (r"\textrm{ does  not exist }", "does not exist"),
    (r"\mbox{DNE}", "DNE"),
    (r"\emptyset", "∅"),
    (r"\varnothing", "∅"),
    (r"\theta^* = 2", "theta^* = 2"),
    (r"A^\top B", "A^T B"),
    (r"A^{T}", "A^T"),
    (r"\sin^2 \theta", "(sin(theta))^2"),
    (r"\Gamma + \Omega", "Gamma + Omega"),
    (r"\mathbb{1}", "1"),
    (r"\mathbb{I}", "I"),
    (r"\mathbf{1}^\top x", "1^T x"),
    (r"\mathbb{1} + x", "1 + x"),
    (r"\mathbb{R}", "R"),
]


@pytest.mark.parametrize(("latex", "plain"), TEXT_ONLY, ids=[case[0] for case in TEXT_ONLY])
def test_latex_translates_sets_relations_and_words(latex, plain):
    assert latex_to_plain(latex) == plain


ERRORS = [
    (r"\foo{x}", 0, r"\foo is not supported"),
    (r"x + \foo", 4, r"\foo is not supported"),
    (r"\input{/etc/passwd}", 0, r"\input is not supported"),
    (r"\def\x{1}", 0, r"\def is not supported"),
    (r"\newcommand{\a}{1}", 0, r"\newcommand is not supported"),
    (r"x \pm 1", 2, r"\pm is not supported"),
    (r"\| x \|", 0, r"\| is not supported"),
    (r"\frac{1}", 8, "needs an argument"),
    (r"\frac{1}{}", 8, "empty argument"),
    (r"{x", 2, "expected '}'"),
    (r"x}", 1, "unmatched '}'"),
    (r"\left( x", 8, "never closed"),
    (r"x \right)", 2, "unmatched"),
    (r"\left( x \right\}", 9, "closed by"),
    (r"|x", 2, "never closed"),
    (r"x_{1+2}", 4, "only letters and digits"),
    (r"(x+1)_1", 5, "must follow a name"),
    (r"\sin", 4, "needs an argument"),
    (r"\sin + 1", 5, "needs an argument"),
    (r"\begin{cases} 1 \end{cases}", 0, "not supported"),
    (r"\begin{pmatrix} 1 & 2 \\ 3 \end{pmatrix}", 25, "row 2 of the matrix has 1 entry"),
    (r"\begin{pmatrix} 1 & & 2 \end{pmatrix}", 20, "empty matrix entry"),
    (r"\begin{pmatrix} 1 \end{bmatrix}", 18, "closed by"),
    (r"\begin{pmatrix} 1", 0, "has no \\end"),
    (r"\end{pmatrix}", 0, "without a matching"),
    (r"1 \\ 2", 2, "only inside a matrix"),
    (r"x % comment", 2, "'%' is not supported"),
    ("\\", 0, "lone"),
    ("x\x00", 1, "U+0000"),
    ("x\u202e", 1, "U+202E"),
    (r"\left< x \right>", 5, "cannot be followed by"),
    (r"\hat{x+1}", 0, "applies to a name"),
    (r"\mathbb{1}_", 11, "needs an argument"),
    (r"\mathbb{1}(x_1 > 0", 18, "never closed"),
    (r"\max\{0, x", 10, "never closed"),
]


@pytest.mark.parametrize(("latex", "pos", "message"), ERRORS, ids=[case[0] for case in ERRORS])
def test_latex_errors_name_the_problem_and_its_position(latex, pos, message):
    with pytest.raises(LatexError) as caught:
        latex_to_plain(latex)
    assert message in caught.value.message
    assert caught.value.pos == pos


@pytest.mark.parametrize(("latex", "pos", "message"), [
    (r"\mathbb{1}(x_1)", 0, "needs a comparison"),
    (r"x + \mathbb{1}_{x}", 4, "needs a comparison"),
    (r"\mathbb{1}(x > 0, y > 0)", 16, "one condition"),
    (r"\max(x)", 0, "takes 2 to 16 arguments"),
    (r"\operatorname{ReLU}(x, y)", 0, "takes 1 argument"),
    (r"\begin{cases} 5 & x > 0 \land \\ 0 & \text{otherwise} \end{cases}", 0,
     "expected a condition after 'and'"),
])
def test_latex_indicators_and_max_errors_point_into_the_latex(latex, pos, message):
    answer = read_answer(latex, VARIABLES)
    assert not isinstance(answer, Written), answer
    assert message in answer.message
    assert answer.position == pos


def test_unknown_command_error_describes_itself():
    with pytest.raises(LatexError) as caught:
        latex_to_plain(r"x^2 + \weird{y}")
    assert caught.value.describe() == r"col 7: \weird is not supported"


def test_macro_commands_get_a_hint():
    with pytest.raises(LatexError) as caught:
        latex_to_plain(r"\input{/etc/passwd}")
    assert "never run" in caught.value.hint


def test_offsets_map_back_to_the_latex():
    translation = translate_latex(r"\frac{1}{q} + \theta_{1}")
    plain = translation.text
    assert plain == "((1)/(q)) + theta1"
    assert translation.source(plain.index("q")) == 9
    assert translation.source(plain.index("theta1")) == 14
    assert len(translation.origins) == len(plain) + 1


def test_length_and_nesting_gates():
    with pytest.raises(LatexError, match="limit is 2000"):
        latex_to_plain("x" * 2001)
    with pytest.raises(LatexError, match="nested more than"):
        latex_to_plain("{" * 60 + "x" + "}" * 60)
    with pytest.raises(LatexError, match="nested more than"):
        latex_to_plain(r"\frac{" * 60 + "1}{2}" * 60)


def test_not_a_string_is_a_programming_error():
    with pytest.raises(TypeError):
        latex_to_plain(3)


# LaTeX sets letters side by side as a product; plain text keeps them a name
JUXTAPOSED = [
    ("2xy", 2 * x * y),
    (r"\frac{ab}{2} + x", a * b / 2 + x),
    (r"2xy^{2} - bx_1", 2 * x * y**2 - b * x1),
    (r"e^{xy}", sympy.exp(x * y)),
    (r"\pi xy", sympy.pi * x * y),
]


@pytest.mark.parametrize(("latex", "value"), JUXTAPOSED)
def test_latex_letters_side_by_side_are_a_product(latex, value):
    answer = read_answer(latex if "\\" in latex else f"$ {latex} $", VARIABLES)
    assert isinstance(answer, Written), answer
    assert same(answer.value, value)


@pytest.mark.parametrize(("text", "message"), [
    ("2xy", "unknown name 'xy'"),  # plain text: a name, "did you mean x*y?"
    (r"\frac{1}{2} xq", "unknown name 'xq'"),  # q names nothing: no split
    (r"\frac{1}{2} + bay(x)", "unknown name 'bay'"),  # before a bracket: a call
])
def test_what_is_not_split_stays_unknown(text, message):
    answer = read_answer(text, VARIABLES)
    assert not isinstance(answer, Written)
    assert message in answer.message


def test_an_error_after_a_split_points_into_the_latex():
    text = r"\frac{xy}{2} + xq"
    answer = read_answer(text, VARIABLES)
    assert not isinstance(answer, Written)
    assert text[answer.position:].startswith("xq")


def test_words_of_special_answers_are_never_split():
    names = {name: symbol(name) for name in "nosluti"}
    answer = read_answer(r"\text{no solution}", names)
    assert not isinstance(answer, Written) and "no solution" in repr(answer).lower()


# a left-hand side naming the derivative, as a LaTeX answer to "compute the gradient" has it
@pytest.mark.parametrize("latex", [
    r"\nabla_x f = 2x\cos(x^2)",
    r"\nabla f(x) = 2x\cos(x^2)",
    r"\frac{\partial f}{\partial x} = 2x\cos(x^2)",
    r"\frac{df}{dx} = 2x \cos(x^{2})",
    r"\frac{d}{dx}\sin(x^2) = 2x\cos(x^2)",
    r"\frac{\mathrm{d} f}{\mathrm{d} x}=2x\cos(x^2)",
])
def test_a_derivative_on_the_left_of_the_answer_is_left_out(latex):
    answer = read_answer(latex, VARIABLES)
    assert isinstance(answer, Written), answer
    assert same(answer.value, 2 * x * sympy.cos(x**2))


@pytest.mark.parametrize(("latex", "at", "message"), [
    (r"\nabla_x f = 2x = y", "= y", "not an equation"),  # a second equation
    (r"\nabla_x f = \nabla g", r"\nabla g", r"\nabla is not supported"),
    (r"x^2 = \nabla f", r"\nabla f", r"\nabla is not supported"),  # a derivative on the right
])
def test_what_follows_the_left_hand_side_is_read_with_its_own_positions(latex, at, message):
    answer = read_answer(latex, VARIABLES)
    assert not isinstance(answer, Written)
    assert message in answer.message
    assert latex[answer.position:].startswith(at), latex[answer.position:]
