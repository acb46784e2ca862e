"""The rules a Taylor polynomial is worked with. A typical mistake is the same work with one
rule changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass
from math import factorial

DIVISORS = ("factorial", "k", "one")


@dataclass(frozen=True)
class Rules:
    """``divisor``: the k-th term is divided by k! (``k``: by k; ``one``: by nothing);
    ``at_point``: the derivatives are evaluated at a (False: f′, f″, … left as functions
    of x, f(a) still a value);
    ``shift_sign``: the term's factor is (x + shift_sign·a), −1 in the textbook;
    ``count_orderings``: a mixed partial D^αf of order k counts k!/α! times among the
    ordered derivatives (Hᵢⱼ and Hⱼᵢ in (x − a)ᵀH(x − a)); False: once."""

    divisor: str = "factorial"
    at_point: bool = True
    shift_sign: int = -1
    count_orderings: bool = True

    def divide_by(self, k: int) -> int:
        """What the k-th derivative is divided by."""
        return {"factorial": factorial(k), "k": max(k, 1), "one": 1}[self.divisor]


TEXTBOOK = Rules()
