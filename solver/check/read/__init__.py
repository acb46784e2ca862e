"""Reading a student's answer into a :mod:`solver.check.values` value.

``read_answer(raw, variables, extra_names=(), expect=None)`` takes what an
answer file holds for one part — a string (plain math or LaTeX), an int, a
decimal number given as its source text, or a nested list — and returns a
``Written``, ``Says``, ``Family``, ``Range`` or ``Points``, or an
``Invalid`` with a message, the offset in the text and a hint. Nothing
raises except programming errors; nothing is evaluated as Python: scalars go
through :func:`solver.expr.parse` and :func:`solver.expr.to_sympy`, vectors
and matrices are built entry by entry with SymPy constructors.

Text is LaTeX when it holds a backslash, ``$``, ``^{`` or a subscript such as
``x_1``; it is then
translated by :mod:`solver.check.latex`. Plain text is normalised first:
``−`` ``·`` ``×`` ``÷`` ``≤`` ``≥`` ``∈`` ``ℤ`` ``ℝ``, Greek letters
(``η`` → ``eta``; ``θ1`` → ``theta1``), ``π``, ``∞`` (and the words ``oo``,
``inf``, ``infty``) → ``infinity``, superscripts (``x²``, ``x⁻¹``, ``Aᵀ``),
``√x`` and ``√(x)`` → ``sqrt(x)``, ``|x|`` → ``abs(x)``, ``sin^2(x)`` →
``(sin(x))^2`` and ``sin^-1(x)`` → ``arcsin(x)``; ``sin x``, ``cos 2x`` (a function, a
space, then a name or a number and a name, closed by an operator, a bracket, another
function or the end) → ``sin(x)``, ``cos(2x)``; ``sec(x)`` ``csc(x)`` ``cot(x)`` →
``(1/cos(x))`` ``(1/sin(x))`` ``(1/tan(x))``; ``(a, b)'`` → ``(a, b)^T``; ``H(x)`` is the
unit step ``heaviside(x)`` unless ``H`` is a name of the problem.

Piecewise values: ``5 step(z1)`` (also ``heaviside``, ``Heaviside``, ``H``),
``5 if z1 > 0 else 0``, ``piecewise(5, z1 > 0, 0)``,
``Piecewise((5, z1 > 0), (0, True))`` as SymPy prints it, and LaTeX
``\\begin{cases} 5 & z_1 > 0 \\\\ 0 & \\text{otherwise} \\end{cases}``. A text
with ``if`` outside brackets is a value, never a range.

What the text is read as, in this order:

1. a special answer in words, case and surrounding punctuation ignored:
   ``no solution`` ``inconsistent`` → ``no_solution``; ``undefined``
   ``does not exist`` ``dne`` → ``undefined``; ``no bound`` ``no learning
   rate`` ``diverges for every eta`` → ``no_bound``; ``no critical points``
   → ``none``; ``infinitely many (solutions)`` → ``infinitely_many`` (a family
   without the family). ``none``, ``∅`` and ``{}`` mean ``none`` when a point set is
   expected, ``no_bound`` when a range is, else ``no_solution``;
2. a trailing clause ``for integer k`` / ``k ∈ ℤ`` / ``where k is an
   integer`` (integer parameters) or ``t ∈ ℝ`` / ``for any real t`` is set
   aside, then a leading ``x =``, ``theta^* =``, ``f'(x) =`` or ``(x1, x2) =``
   is dropped;
3. a relation — ``0 < eta < 1/6``, ``eta <= 1/6``, ``eta > 0``,
   ``eta in (0, 1/6]``, a side linear in the variable (``-x > -1`` is ``x < 1``,
   ``0 < 6 eta < 1``) and two inequalities joined by ``and`` (``eta > 0 and
   eta < 1/6``) — is a ``Range``; so is an interval ``(0, 1/6]`` when
   its brackets differ, an end is infinite or ``expect == "range"``;
4. a point set — ``{(pi/2, 0)}``, ``(pi/2 + k pi, 0)``,
   ``{(a, b), (c, d)}`` — is ``Points`` when ``expect == "points"``, when it
   is in braces, or (with no expectation) when it lists several tuples or
   uses an integer parameter. ``k``, ``m`` and ``n`` (unless declared) and
   the names of an integer clause are integer symbols;
5. anything else is an expression: a parenthesised tuple ``(1, 2)`` is the
   column vector ``[1, 2]``, and so are ``(1, 2)^T`` and ``[1, 2]^T`` (a list written in
   a line and transposed, as the LaTeX row ``\\begin{bmatrix} 1 & 2 \\end{bmatrix}^\\top``;
   inside a product of matrices, ``[1, 2]^T [3, 4]``, ^T transposes the column); a
   sum of vectors some of which are multiplied by one undeclared parameter each
   (``[1, 0] + t [-2, 1]``, ``(1/3, 0) + t(-2, 1) + s(0, 1)``) is a ``Family``;
   otherwise the value
   is ``Written``, scalar or ``ImmutableMatrix``, with ``decimals`` set when
   the text has a decimal point and ``significant`` the number of significant
   digits of a lone decimal number (``0.131`` → 3). Scientific notation
   (``1.3e-4``) is read only as a lone number: inside an expression ``e`` is
   the constant, so ``2e-1`` is 2e − 1.

Lists: a flat list is a column vector and a list of lists a matrix by rows
(with ``expect == "points"``, each row is a point); every entry is read as a
scalar on its own. Size gates come before any algebra: 2,000 characters,
lists nested at most two deep (a list nested deeper than three is refused on
sight), at most 50 rows and 50 columns, and the expression parser's own gates
for every scalar.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sympy

from solver.check.read.reader import Reader
from solver.check.read.text import Refused
from solver.check.values import Invalid, StudentValue

EXPECTATIONS = frozenset({"points", "range", "family", "vector"})


def read_answer(
    raw: Any,
    variables: Mapping[str, sympy.Symbol],
    *,
    extra_names: Iterable[str] = (),
    expect: str | None = None,
) -> StudentValue | Invalid:
    """Read one answer; ``expect`` ("points", "range", "family", "vector") settles ambiguity."""
    if expect is not None and expect not in EXPECTATIONS:
        raise ValueError(f"expect must be one of {sorted(EXPECTATIONS)} or None, not {expect!r}")
    reader = Reader(variables, extra_names, expect)
    try:
        return reader.answer(raw)
    except Refused as refusal:
        return refusal.invalid
    except RecursionError:
        return Invalid("the answer is nested too deeply")


def is_blank(raw: Any) -> bool:
    """Whether an answer was left blank: None, text of white space only, or lists (of
    lists) of such entries, as a template left untouched holds."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return all(is_blank(entry) for entry in raw)
    return False
