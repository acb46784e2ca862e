"""Step trees: every solution is a tuple of frozen steps that store their own results."""

from solver.steps.base import Solved, Step

__all__ = ["Solved", "Step"]
