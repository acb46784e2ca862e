"""The rules scaled dot-product attention follows. A typical mistake is the same work with
one rule changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``divisor``: the scores are divided by ``sqrt`` √d_k (or by ``d_k`` itself);
    ``over``: softmax normalises ``rows`` (each query's weights sum to 1) or ``columns``;
    ``transpose_keys``: the scores are QKᵀ (False: QK); ``mask_first``: the mask sets
    scores to −∞ before the softmax (False: the weights are zeroed after it)."""

    divisor: str = "sqrt"
    over: str = "rows"
    transpose_keys: bool = True
    mask_first: bool = True


VASWANI = Rules()
