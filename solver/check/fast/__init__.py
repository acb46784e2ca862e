"""Shortcuts of checking: verdicts known without building SymPy objects.

A shortcut decides only a class of answers whose verdict it knows to be exactly the one
the full path gives (status, score, reason, diagnosis, deciding strategy); for every other
answer it says nothing and the full path runs. ``ON`` switches them all (a test checks the
benchmark's answers with it off and on and compares every verdict).

- ``exact.rational_comparison`` — an answer written as exact rational numbers (a number, a
  list or list of rows of numbers, a LaTeX matrix of numbers; no decimals) against an
  answer of exact rationals: compared exactly, and its typical mistakes of exact rationals
  recognised (``exact.same_entries``), without reading the answer into SymPy.
- ``rational_functions.rational_matrix_agreement`` — a matrix of rational functions
  written as lists whose every entry equals the answer's, entry by entry, as the identity
  test finds it, told on the entries' syntax trees without reading them into SymPy.
- ``exact.same_values`` — whether a value of exact rationals the reader read equals a typical
  mistake's answer of exact rationals, told without comparing them in SymPy.
"""

from __future__ import annotations

from solver.check.fast.exact import rational_comparison, same_entries, same_values
from solver.check.fast.rational_functions import rational_matrix_agreement

ON = True

__all__ = ["ON", "rational_comparison", "rational_matrix_agreement", "same_entries",
           "same_values"]
