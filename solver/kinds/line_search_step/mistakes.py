"""Typical mistakes in an exact line-search step, each re-solved through the kind's own
solve with the one value the mistake changes."""

from __future__ import annotations

from solver.answers import Named
from solver.exact import tidy_exact
from solver.kinds.given import Given
from solver.kinds.line_search_step.solve import solve
from solver.steps.optimization import ExactLineSearch


def mistakes(inputs, solved, found) -> None:
    """θ + λg (a step uphill: λ with its sign flipped) and λ = gᵀQg / gᵀg (inverted)."""
    if not isinstance(solved.answer, Named):
        return
    search = next(step for step in solved.walk() if isinstance(step, ExactLineSearch))
    uphill = _answer(inputs, -search.step)
    found.add("sign_error", "you stepped uphill: θ + λg instead of θ − λg",
              uphill["theta"], "theta")
    inverted = _answer(inputs, tidy_exact(search.gQg / search.gg))
    message = "your step is gᵀQg / gᵀg; the exact line search gives λ = gᵀg / gᵀQg"
    found.add("inverted_step", message, inverted["step"], "step")
    found.add("inverted_step", message, inverted["theta"], "theta")


def _answer(inputs, step) -> dict:
    """The answer's items when the step λ is ``step``."""
    return dict(solve(inputs, Given({"step": step})).answer.items)
