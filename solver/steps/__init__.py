"""Step trees: every solution is a tuple of frozen steps that store their own results."""

from solver.steps.base import Solved, Step, all_step_types

__all__ = ["Solved", "Step", "all_step_types"]
