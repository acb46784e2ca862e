"""Optimisers from torch.optim, step by step: SGD with momentum, Nesterov momentum, Adagrad,
RMSprop and Adam on f(θ), from a start θ⁽⁰⁾ with learning rate η. Every state starts at 0;
g = ∇f(θ⁽ᵗ⁻¹⁾) at iteration t = 1, 2, …, and squares, roots and divisions are entrywise.

- ``momentum`` (torch.optim.SGD, dampening 0): v⁽ᵗ⁾ = μv⁽ᵗ⁻¹⁾ + g, θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − ηv⁽ᵗ⁾.
  Some textbooks write v⁽ᵗ⁾ = μv⁽ᵗ⁻¹⁾ − ηg, θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ + v⁽ᵗ⁾: that v is −η times
  PyTorch's, and the iterates are the same. The field ``momentum`` (μ) is required.
- ``nesterov`` (SGD with nesterov=True, PyTorch's form): the same v⁽ᵗ⁾, then
  θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − η(g + μv⁽ᵗ⁾); the gradient is taken at θ⁽ᵗ⁻¹⁾, not at a look-ahead point.
- ``adagrad``: G⁽ᵗ⁾ = G⁽ᵗ⁻¹⁾ + g², θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − η g/(√G⁽ᵗ⁾ + ε); ``eps`` 1e-10 by default.
- ``rmsprop``: s⁽ᵗ⁾ = βs⁽ᵗ⁻¹⁾ + (1 − β)g², θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − η g/(√s⁽ᵗ⁾ + ε); ``beta``
  (PyTorch's alpha) 0.99 and ``eps`` 1e-8 by default.
- ``adam``: m⁽ᵗ⁾ = β₁m⁽ᵗ⁻¹⁾ + (1 − β₁)g, v⁽ᵗ⁾ = β₂v⁽ᵗ⁻¹⁾ + (1 − β₂)g², the bias
  corrections m̂ = m⁽ᵗ⁾/(1 − β₁ᵗ), v̂ = v⁽ᵗ⁾/(1 − β₂ᵗ), θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − η m̂/(√v̂ + ε);
  ``beta1`` 0.9, ``beta2`` 0.999 and ``eps`` 1e-8 by default (ε added outside the root,
  as PyTorch does).

A table per iteration shows g, the state, the update u = θ⁽ᵗ⁻¹⁾ − θ⁽ᵗ⁾, θ⁽ᵗ⁾ and f(θ⁽ᵗ⁾).
Momentum and Nesterov stay exact; the adaptive methods keep a root exact where it is short
(√5) and carry the update and the iterates as 40-digit decimals (exact when they are
terminating decimals), shown with the part's ``digits`` (6 by default). The answer is θ⁽ᵀ⁾
for T = ``steps``; the named values are ``theta0`` …, ``loss0`` …, ``grad1`` …,
``update1`` … and the state: ``v1`` … (momentum, Nesterov), ``G1`` … (Adagrad), ``s1`` …
(RMSprop), ``m1``, ``v1``, ``mhat1``, ``vhat1`` … (Adam).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.momentum.mistakes import mistakes
from solver.kinds.momentum.read import MomentumInputs, read
from solver.kinds.momentum.rules import TEXTBOOK, Rules
from solver.kinds.momentum.solve import solve
from solver.kinds.newton_step import OBJECTIVE_FIELDS
from solver.kinds.newton_step.read import MAX_STEPS

KIND = Kind(
    name="momentum",
    summary="SGD with momentum, Nesterov, Adagrad, RMSprop or Adam as torch.optim computes "
            "them: per iteration the gradient, the state, the update, θ and the loss.",
    fields=OBJECTIVE_FIELDS + (
        Field("learning_rate", "the learning rate η > 0"),
        Field("method", "momentum (default), nesterov, adagrad, rmsprop or adam",
              required=False),
        Field("momentum", "μ for momentum and nesterov (required there)", required=False),
        Field("beta", "RMSprop's decay β (PyTorch's alpha), default 0.99", required=False),
        Field("beta1", "Adam's β₁, default 0.9", required=False),
        Field("beta2", "Adam's β₂, default 0.999", required=False),
        Field("eps", "ε added to the root: default 1e-10 (Adagrad), 1e-8 (RMSprop, Adam)",
              required=False),
        Field("steps", f"the number of iterations (default 1, at most {MAX_STEPS})",
              required=False),
    ),
    hint="a number or a vector [a, b]",
    mistakes=mistakes,
    carries="each iteration from the student's previous iterate and state: the gradient "
            "from their θ⁽ᵗ⁻¹⁾, the state from their previous state and gradient, m̂ and v̂ "
            "from their m and v, the update from their state, θ⁽ᵗ⁾ from their θ⁽ᵗ⁻¹⁾ and "
            "update",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: momentum, f: "x^2 + 3 y^2", wrt: [x, y], start: [1, 1], \
learning_rate: 0.1, method: momentum, momentum: 0.9, steps: 2}""",
)

__all__ = ["KIND", "TEXTBOOK", "MomentumInputs", "Rules", "read", "solve"]
