"""The rules A = QR is worked with. A typical mistake is the same work with one rule
changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass, field

from solver.kinds.gram_schmidt import TEXTBOOK as GRAM_SCHMIDT_TEXTBOOK
from solver.kinds.gram_schmidt import Rules as GramSchmidtRules


@dataclass(frozen=True)
class Rules:
    """``gram_schmidt``: the rules of the process that gives Q; ``normalize``: Q's columns
    are the q's (False: the orthogonal u's); ``product``: R = QᵀA entry by entry above the
    diagonal (``QtA``), or the whole product QA or QAᵀ."""

    gram_schmidt: GramSchmidtRules = field(default=GRAM_SCHMIDT_TEXTBOOK)
    normalize: bool = True
    product: str = "QtA"


TEXTBOOK = Rules()
