"""Shortcuts of checking: verdicts, or the reader's values, worked out on a shorter path.

A shortcut decides only a class of answers whose verdict it knows to be exactly the one
the full path gives (status, score, reason, diagnosis, deciding strategy), or reads only
answers whose value it knows to be exactly the reader's; for every other answer it says
nothing and the full path runs. ``ON`` switches them all (a test checks the
benchmark's answers with it off and on and compares every verdict).

- ``exact.rational_comparison`` — an answer written as exact rational numbers (a number, a
  list or list of rows of numbers, a LaTeX matrix of numbers; no decimals) against an
  answer of exact rationals: compared exactly, and its typical mistakes of exact rationals
  recognised (``exact.same_entries``), without reading the answer into SymPy.
- ``rational_functions.rational_matrix`` — a matrix written out (lists, or a text read as
  a matrix literal) against a matrix of rational functions: every entry told equal or not
  by the identity test on its syntax tree (``trees``), only the first wrong entry read into
  SymPy for its counterexample; typical mistakes of rational functions told the same way.
- ``decimal_matrices.latex_decimal_matrix`` — a LaTeX matrix of decimal numbers read into
  the reader's own value without the LaTeX translator and the parser (then compared on
  the full path).
- ``exact.same_values`` — whether a value of exact rationals the reader read equals a typical
  mistake's answer of exact rationals, told without comparing them in SymPy.
"""

from __future__ import annotations

from solver.check.fast.decimal_matrices import latex_decimal_matrix
from solver.check.fast.exact import rational_comparison, same_entries, same_values
from solver.check.fast.rational_functions import RationalMatrix, rational_matrix

ON = True

__all__ = ["ON", "RationalMatrix", "latex_decimal_matrix", "rational_comparison",
           "rational_matrix", "same_entries", "same_values"]
