"""The loss of a forward pass, L = scale · Σ terms (``solver.nn.losses``).

cross_entropy takes the log of probabilities p = softmax of its logits (z⁽ᴸ⁾ under a
softmax output, else the outputs ŷ, whose softmax is the named value ``p``). From the
logits it is evaluated as −Σ t(z − log Σ e^z); from a student's own p (or softmax output ŷ)
as −Σ t log p, which needs every p with t ≠ 0 positive.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.kinds.forward_pass.taken import Taken
from solver.kinds.given import NotCarried
from solver.nn.activations import Activation
from solver.nn.losses import Loss, cross_entropy_of_probabilities, probability_term
from solver.nn.network import Network, activate, logits_of
from solver.steps.network import LossValue

Matrix = sympy.ImmutableMatrix
SOFTMAX = Activation("softmax")


@dataclass(frozen=True)
class Probabilities:
    """What cross_entropy takes the log of: ``P`` with a row per sample (exact), whether it
    is the softmax of the ``logits`` (``own``) or the student's, and p as shown (None under a
    softmax output, whose ŷ are the probabilities)."""

    logits: Matrix
    P: Matrix
    own: bool
    shown: object = None


def probabilities(network: Network, Z: Matrix, Y: Matrix, taken: Taken,
                  output: str = "yhat", named: bool = True) -> Probabilities:
    """p = softmax of the logits; ``named``: p is the value ``p`` taken after ``output``."""
    logits = logits_of(network, Z, Y)
    exact = activate(SOFTMAX, logits)
    if network.layers[-1].activation.vector:
        own = output not in taken.supplied
        return Probabilities(logits, exact if own else Y, own)
    settled = network.settle(exact)
    P = taken.rows("p", settled, after=(output,)) if named else settled
    own = P is settled
    return Probabilities(logits, exact if own else P, own, network.show(P))


def loss_value(network: Network, loss: Loss, Y: Matrix, T: Matrix,
               probabilities: Probabilities | None, label: str = "") -> LossValue:
    """The loss of outputs Y; ``undefined`` says why when bce leaves its domain."""
    n = Y.rows * Y.cols
    shown = None
    if probabilities is not None:
        shown = probabilities.shown
        if probabilities.own:
            parts = loss.evaluate(probabilities.logits, T)
            value, scale = parts.value, parts.scale
            terms = parts.terms
            if network.layers[-1].activation.vector:
                terms = tuple(probability_term(Y.row(i), T.row(i)) for i in range(T.rows))
        else:
            P = probabilities.P
            value = cross_entropy_of_probabilities(P, T)
            if value is None:
                raise NotCarried
            scale = loss.scale(n)
            terms = tuple(probability_term(P.row(i), T.row(i)) for i in range(T.rows))
    else:
        problem = loss.domain_problem(Y, T)
        if problem is not None:
            return LossValue(loss=loss, label=label, outputs=network.show(Y),
                             targets=network.show(T), probabilities=None, n=n, terms=(),
                             scale=loss.scale(n), value=None, undefined=problem)
        parts = loss.evaluate(Y, T)
        value, scale, terms = parts.value, parts.scale, parts.terms
    return LossValue(loss=loss, label=label, outputs=network.show(Y), targets=network.show(T),
                     probabilities=shown, n=n,
                     terms=tuple(network.settle(term) for term in terms), scale=scale,
                     value=network.settle(value), undefined=None)
