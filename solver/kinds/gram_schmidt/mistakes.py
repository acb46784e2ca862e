"""Typical mistakes in Gram–Schmidt, each the kind's own solve with one input or rule
changed."""

from __future__ import annotations

from dataclasses import replace

from solver.answers import Named
from solver.kinds.gram_schmidt.rules import Rules
from solver.kinds.gram_schmidt.solve import solve

RULES = (
    ("projected_onto_originals", Rules(onto_orthogonal=False),
     "you subtracted the projections onto the original vectors v_j; Gram-Schmidt projects onto "
     "the orthogonalised u_j found so far"),
    ("projection_sign", Rules(sign=1),
     "you added the projections; u_k = v_k MINUS the projections of v_k onto u_1, ..., u_(k-1)"),
)


def mistakes(inputs, solved, found) -> None:
    """Projections onto the original vectors, projections added instead of subtracted,
    q's left un-normalised (the orthogonal u's given as the orthonormal q's), and the dot
    product used instead of the inner product given by M."""
    if not isinstance(solved.answer, Named):
        return
    for code, rules, message in RULES:
        found.add_items(code, message, solve(inputs, rules=rules).answer.items)
    if inputs.normalize:
        plain = solve(replace(inputs, normalize=False)).answer
        found.add_items("not_normalised", "your vectors are orthogonal but not unit vectors: "
                        "divide each u_k by its norm, q_k = u_k / ||u_k||",
                        ((name.replace("u", "q"), item) for name, item in plain.items))
    if inputs.inner is not None:
        found.add_items("dot_product_used", "you used the dot product x^T y; the inner product "
                        "here is <x, y> = x^T M y", solve(replace(inputs, inner=None)).answer.items)
