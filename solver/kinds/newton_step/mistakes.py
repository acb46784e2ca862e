"""Typical mistakes in Newton's method, each the kind's own solve with one rule changed and
kept at every iterate (a student who makes it once makes it each time)."""

from __future__ import annotations

from solver.answers import Value
from solver.kinds.newton_step.rules import Rules
from solver.kinds.newton_step.solve import solve

MISTAKES = (
    ("newton_sign", Rules(sign=1, check_descent=False),
     "you stepped θ + H⁻¹∇f; Newton's step solves H d = −∇f, so θ − H⁻¹∇f"),
    ("hessian_diagonal", Rules(direction="diagonal", check_descent=False),
     "you divided the gradient entrywise by the Hessian's diagonal; the Newton step solves "
     "the whole system H d = −∇f (the off-diagonal entries of H matter)"),
    ("gradient_step", Rules(direction="gradient", check_descent=False),
     "you took a plain gradient step θ − ∇f; Newton's step is θ − H⁻¹∇f"),
)


def mistakes(inputs, solved, found) -> None:
    """θ + H⁻¹∇f (the sign of the step), dᵢ = −gᵢ/Hᵢᵢ (the gradient divided by the
    Hessian's diagonal, the same as Newton only for a diagonal H) and θ − ∇f (a gradient step
    instead). H is symmetric for a twice continuously differentiable f, so a transposed H
    gives no other answer."""
    if not isinstance(solved.answer, Value):
        return
    for code, rules, message in MISTAKES:
        found.add(code, message, solve(inputs, rules=rules).answer)
