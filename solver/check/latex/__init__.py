"""Translation of a LaTeX answer into the plain-math syntax of :mod:`solver.expr`.

``latex_to_plain(text)`` tokenizes the LaTeX (commands, single characters,
runs of white space) and translates it by recursive descent; nothing is
evaluated and no macro is expanded. ``translate_latex(text)`` does the same
and also returns, for every character of the result, the offset in the LaTeX
it came from, so errors found later can point into what the student wrote.

Rules::

    \\frac{a}{b}  \\dfrac  \\tfrac  \\cfrac      ((a)/(b)); one-token arguments too: \\frac12
    \\sqrt{x}   \\sqrt[3]{x}                   sqrt(x)   ((x)^(1/(3)))
    \\cdot  \\times  \\ast   \\div               *  /
    x^{2}  x^2  e^{x}  x^-1                 x^(2)  x^2  e^(x)  x^(-1)
    x^\\top  x^{T}  x^\\intercal  x^\\mathsf{T}   x^T
    x_1  x_{12}  \\theta_{1}                 x1  x12  theta1 (letters and digits only)
    \\alpha ... \\omega, \\pi, \\varepsilon ...  alpha ... omega, pi, epsilon ...
    \\sin \\cos \\tan \\arcsin \\arccos \\arctan \\sinh \\cosh \\tanh \\exp \\ln \\log \\det
    \\sec x  \\csc x  \\cot x  \\sec^2 x      (1/cos(x))  (1/sin(x))  (1/tan(x))  ((1/cos(x)))^2
    \\boxed{..}  \\fbox{..}                  what the box holds (in parentheses unless the box is
                                            the whole answer)
    \\max(0, z_1)  \\max\\{0, z\\}  \\min[a, b]            max(0, z1)  max(0, z)  min(a, b)
    \\operatorname{ReLU}(z)  \\mathrm{relu}(z)  \\text{ReLU}(z)   ReLU(z)  relu(z)  ReLU(z)
    \\sin^2(x)  \\sin^{2} x                   (sin(x))^2   (sin(x))^(2)
    \\sin^{-1} x                             arcsin(x)   (also \\cos, \\tan)
    \\log_{2} x                              log(x, 2)
    \\left( \\right) \\left[ \\bigl( \\Bigr] ...  the bracket itself; \\left. \\right. nothing
    \\{  \\}  \\lbrace  \\rbrace                  {  }   (sets of points)
    |x|  \\left|x\\right|  \\lvert x\\rvert       abs(x)
    \\mathrm{..} \\mathbf{..} \\mathit{..} \\mathsf{..} \\boldsymbol{..} \\bm{..}
    \\operatorname{..} \\vec{..}              the argument (a function name stays a function)
    \\mathbb{Z}  \\mathbb{R}                   Z  R
    \\text{..}  \\textrm{..}  \\mbox{..}        the words inside
    \\hat{y}                                 yhat
    \\le \\leq \\leqslant \\ge \\geq \\geqslant   <=  >=      \\lt \\gt  <  >      \\in  in
    \\land \\wedge  \\lor \\vee  \\lnot \\neg     and  or  not   (also \\text{and}, \\text{or})
    \\mathbb{1}(z_1 > 0)  \\mathbb{1}_{z_1 > 0}  \\mathbb{1}_{\\{z_1 > 0\\}}  \\mathbf{1}[z_1 > 0]
    \\mathbb{1}\\{z_1 > 0\\}  \\mathbb{I}(z > 0)  \\mathds{1}(z > 0)    𝟙(z1 > 0), the indicator
        (\\mathbb, \\mathds, \\mathbf, \\bm, \\boldsymbol of 1, and \\mathbb{I}, followed by a
        bracket or a subscript; otherwise they stay 1 and I)
    \\infty                                  infinity (an answer accepts it only as an interval end)
    \\emptyset  \\varnothing                  ∅
    \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}   [[1, 2], [3, 4]]
        (also bmatrix, Bmatrix, matrix, smallmatrix, array; vmatrix gives det([[...]]));
        brackets around a matrix are its own: \\left[\\begin{array}{cc} .. \\end{array}\\right]
        is the matrix, \\left| .. \\right| its determinant
    \\begin{cases} 5 & z_1 > 0 \\\\ 0 & \\text{otherwise} \\end{cases}   piecewise(5, z1 > 0, 0)
        (also dcases and \\left\\{ \\begin{array}{ll} ... \\end{array} \\right.; a condition may
        start with if, for, when or whenever and end with , . ;; the last case may
        say otherwise, else, elsewhere or True, or have no condition)
    {..}                                    (..)   a TeX group is a pair of parentheses
    \\, \\; \\: \\! \\quad \\qquad ~ and & outside a matrix   a space
    \\displaystyle \\textstyle $ \\( \\) \\[ \\]    nothing

A function written without parentheses (``\\sin x``, ``\\cos 2x``,
``\\sin \\frac{x}{2}``) takes as its argument the factors that follow it
directly: a number (only as the first factor), then names, Greek letters,
``\\frac``, ``\\sqrt``, TeX groups and matrices, each with an optional
subscript and power. The argument ends at the first operator, bracket,
relation, comma or function: ``\\sin 2x + 1`` is ``sin(2 x) + 1``,
``\\sin x \\cos y`` is ``sin(x) cos(y)``, ``\\sin x (x+1)`` is
``sin(x) (x+1)``. ``\\sin(x)`` and ``\\ln|x|`` take the bracket as argument.

Letters written next to each other stay one name, as in the plain syntax
(``xy`` is the name ``xy``, which the expression reader refuses with the hint
``x*y``); a command word is always separated from its neighbours
(``\\pi x`` is ``pi x``, ``2\\pi`` is ``2 pi``). A superscript without braces
is one character, as in TeX (``e^xy`` is ``e^x y``).

Any other command is a :class:`LatexError` naming it (``\\foo is not
supported``), at the offset of the command in the original text.

Plain text whose only LaTeX is subscripts (``W_12 x_1 + b_1``) is translated in one pass
by :mod:`.subscripts`, to the same result; the translator handles everything else.
"""

from __future__ import annotations

from solver.check.latex import subscripts
from solver.check.latex.pieces import join_pieces
from solver.check.latex.tokens import LatexError, check_depth, tokenize
from solver.check.latex.translator import Translator
from solver.check.translation import Translation
from solver.input_limits import MAX_LENGTH

QUICK = True  # plain text whose only LaTeX is subscripts in one pass (``subscripts``)


def latex_to_plain(text: str) -> str:
    """The plain-math text of a LaTeX answer; raises :class:`LatexError`."""
    return translate_latex(text).text


def translate_latex(text: str) -> Translation:
    """Like :func:`latex_to_plain`, with the source offset of every output character."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise LatexError(
            f"the answer is {len(text)} characters long; the limit is {MAX_LENGTH}",
            text=text,
            pos=MAX_LENGTH,
        )
    if QUICK:
        quick = subscripts.translation(text)
        if quick is not None:
            return quick
    tokens = tokenize(text)
    check_depth(text, tokens)
    try:
        pieces = Translator(text, tokens).translate()
    except RecursionError:
        raise LatexError("the answer is nested too deeply", text=text, pos=0) from None
    translation = join_pieces(pieces, len(text))
    stripped = translation.text.strip()
    start = len(translation.text) - len(translation.text.lstrip())
    return Translation(stripped, translation.origins[start : start + len(stripped) + 1])
