"""Shortcuts of checking: verdicts known without building SymPy objects.

A shortcut decides only a class of answers whose verdict it knows to be exactly the one
the full path gives (status, score, reason, diagnosis, deciding strategy); for every other
answer it says nothing and the full path runs. ``ON`` switches them all (a test checks the
benchmark's answers with it off and on and compares every verdict).

- ``exact.same_rationals`` — an answer written as exact rational numbers (a number, a list
  or list of rows of numbers, a LaTeX matrix of numbers; no decimals) equal to an answer of
  exact rationals.
- ``exact.same_values`` — whether a value of exact rationals equals another (a typical
  mistake's answer), told without comparing them in SymPy.
"""

from __future__ import annotations

from solver.check.fast.exact import same_rationals, same_values

ON = True

__all__ = ["ON", "same_rationals", "same_values"]
