"""Typical mistakes in a least-squares fit, each re-solved through the kind's own solve with
the one input, value or rule the mistake changes."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Named, Value
from solver.kinds.changes import negated
from solver.kinds.given import Given, NotCarried
from solver.kinds.least_squares.rules import Rules
from solver.kinds.least_squares.solve import solve


def mistakes(inputs, solved, found) -> None:
    """XXᵀ for XᵀX and Xy for Xᵀy (square X), Xθ = y solved on its first n rows, λ added to
    every entry of XᵀX, and the residual taken as ŷ − y."""
    if not isinstance(solved.answer, Named):
        return
    X, y = inputs.X, inputs.y
    if X.is_square:
        _theta(found, "outer_gram", "you formed XXᵀ; the normal equations use the Gram matrix "
               "XᵀX (the columns of X dotted with each other)",
               lambda: solve(inputs, Given({"XtX": sympy.ImmutableMatrix(X * X.T)})))
        _theta(found, "untransposed_Xty", "your right-hand side is Xy; the normal equations "
               "have Xᵀy (each column of X dotted with y)",
               lambda: solve(inputs, Given({"Xty": sympy.ImmutableMatrix(X * y)})))
    if X.rows > X.cols and X[:X.cols, :].det() != 0:
        n = X.cols
        square = replace(inputs, X=sympy.ImmutableMatrix(X[:n, :]),
                         y=sympy.ImmutableMatrix(y[:n, :]), ridge=sympy.Integer(0))
        _theta(found, "dropped_rows", f"you solved Xθ = y on its first {n} rows only; least "
               "squares uses every observation, through XᵀXθ = Xᵀy", lambda: solve(square))
    if inputs.ridge != 0 and X.cols > 1:
        _theta(found, "ridge_on_every_entry", "you added λ to every entry of XᵀX; the ridge "
               "adds λ to the diagonal only: XᵀX + λI",
               lambda: solve(inputs, rules=Rules(ridge_on_every_entry=True)))
    found.add("residual_sign", "your residual is ŷ − y; the residual is r = y − ŷ",
              Value(negated(solved.answer["residual"].value)), "residual")


def _theta(found, code: str, message: str, resolve) -> None:
    """The θ (and the fit) the mistaken solve gives, when it gives one."""
    try:
        solved = resolve()
    except NotCarried:  # the mistaken normal equations have no solution
        return
    if isinstance(solved.answer, Named):
        for name in ("theta", "fitted"):
            found.add(code, message, solved.answer[name], name)
