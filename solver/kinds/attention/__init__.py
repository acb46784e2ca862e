"""Scaled dot-product attention, Attention(Q, K, V) = softmax(QKᵀ/√d_k) V.

Q (n × d_k) holds a query per row, K (m × d_k) a key per row and V (m × d_v) a value per
row; or X (a row per position) is projected, Q = X W_Q, K = X W_K, V = X W_V. The scores
S = QKᵀ (n × m) are the dot products qᵢ · kⱼ; they are divided by √d_k (``scaled: false``
leaves them as they are). A mask (``causal``: query i sees keys 1, …, i; or a 0/1 matrix,
1 where query i may attend to key j) sets the masked scores to −∞ before the softmax. The
softmax runs along each row, aᵢⱼ = e^{xᵢⱼ}/Σₖ e^{xᵢₖ}, so each query's weights sum to 1
and a masked key gets e^{−∞} = 0; the output A V (n × d_v) averages the values with
them. The scores stay exact (√d_k kept as a root); the weights and the output are carried
as 40-digit decimals (exact when rational) and shown with the part's ``digits``. A query
whose every key is masked has no softmax: the answer says so. The named values are
``scores``, ``scaled``, ``weights`` and ``output`` (and ``Q``, ``K``, ``V`` when X is
given).
"""

from __future__ import annotations

from solver.kinds.attention.mistakes import mistakes
from solver.kinds.attention.read import AttentionInputs, read
from solver.kinds.attention.rules import VASWANI, Rules
from solver.kinds.attention.solve import solve
from solver.kinds.base import Field, Kind

KIND = Kind(
    name="attention",
    summary="Scaled dot-product attention softmax(QKᵀ/√d_k) V step by step: the scores, "
            "the scaling, the mask, the row-wise softmax with each row's exponentials, the "
            "weighted sum of the values, and the shape at each step.",
    fields=(
        Field("Q", "the queries, a row per position (n × d_k)", required=False),
        Field("K", "the keys, a row per position (m × d_k)", required=False),
        Field("V", "the values, a row per key (m × d_v)", required=False),
        Field("X", "instead of Q, K, V: the inputs, a row per position", required=False),
        Field("W_Q", "with X: the query projection (features × d_k)", required=False),
        Field("W_K", "with X: the key projection (features × d_k)", required=False),
        Field("W_V", "with X: the value projection (features × d_v)", required=False),
        Field("mask", "causal (query i sees keys 1 … i), or a 0/1 matrix n × m with 1 where "
                      "query i may attend to key j", required=False),
        Field("scaled", "divide the scores by √d_k (default true)", required=False),
    ),
    hint="a matrix [[a, b], [c, d]] (weights and output as decimals), or 'undefined'",
    mistakes=mistakes,
    carries="Q, K, V from X (none of them from each other), the scores from the student's Q "
            "and K, the scaled scores from their scores, the weights from their scaled "
            "scores (their scores when unscaled), the output from their weights and V",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: attention, Q: [[1, 0], [0, 1]], K: [[1, 0], [1, 1]],
 V: [[1, 2], [3, 4]]}""",
)

__all__ = ["KIND", "VASWANI", "AttentionInputs", "Rules", "read", "solve"]
