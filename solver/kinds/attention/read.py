"""Reading an attention part: Q, K, V (a row per position), or X with W_Q, W_K, W_V; the
optional mask (``causal`` or a 0/1 matrix, 1 where a query may look) and ``scaled``."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.kinds.forward_pass.read import read_samples
from solver.render.printing import SIGNIFICANT
from solver.spec.reader import PartReader
from solver.spec.yamlsource import YScalar

Matrix = sympy.ImmutableMatrix
LARGEST = 12  # positions or features shown entry by entry


@dataclass(frozen=True)
class AttentionInputs:
    """Queries, keys and values (a row per position), or X and the three projections
    (then Q, K, V are X W_Q, X W_K, X W_V); the mask as a 0/1 matrix (None: no mask;
    ``causal``: it was written so); whether the scores are divided by √d_k."""

    Q: Matrix | None
    K: Matrix | None
    V: Matrix | None
    X: Matrix | None = None
    W_Q: Matrix | None = None
    W_K: Matrix | None = None
    W_V: Matrix | None = None
    mask: Matrix | None = None
    causal: bool = False
    scaled: bool = True

    @property
    def projected(self) -> bool:
        return self.X is not None


def read(r: PartReader) -> AttentionInputs:
    direct = [name for name in ("Q", "K", "V") if r.has(name)]
    projected = [name for name in ("X", "W_Q", "W_K", "W_V") if r.has(name)]
    if direct and projected:
        raise r.error(projected[0], "give either Q, K and V, or X with W_Q, W_K and W_V, "
                                    "not both")
    if projected:
        X = read_samples(r, "X")
        weights = {name: _matrix(r, name) for name in ("W_Q", "W_K", "W_V")}
        for name, W in weights.items():
            if W.rows != X.cols:
                raise r.error(name, f"{name} is {W.rows}×{W.cols} but X has {X.cols} "
                                    f"features per row", "X W needs one row of W per column "
                                                         "of X")
        if weights["W_Q"].cols != weights["W_K"].cols:
            raise r.error("W_K", f"W_Q gives queries of {weights['W_Q'].cols} entries but "
                                 f"W_K keys of {weights['W_K'].cols}",
                          "queries and keys need the same width d_k")
        Q = K = V = None
        n = m = X.rows
        inputs = dict(X=X, **weights)
    else:
        Q, K, V = (read_samples(r, name) if r.has(name) else _missing(r, name)
                   for name in ("Q", "K", "V"))
        if K.cols != Q.cols:
            raise r.error("K", f"Q has rows of {Q.cols} entries but K of {K.cols}",
                          "each key needs the width d_k of the queries")
        if V.rows != K.rows:
            raise r.error("V", f"V has {V.rows} rows but K has {K.rows}",
                          "one value per key, a row each: [[1], [2]] for one number per key")
        n, m = Q.rows, K.rows
        inputs = {}
    if max(n, m) > LARGEST:
        raise r.error("X" if projected else "Q", f"a worked attention shows up to {LARGEST} "
                                                 f"positions, found {max(n, m)}")
    mask, causal = _mask(r, n, m)
    if r.digits is None:
        r.digits = SIGNIFICANT
    return AttentionInputs(Q, K, V, mask=mask, causal=causal, scaled=r.flag("scaled", True),
                           **inputs)


def _missing(r: PartReader, name: str):
    raise r.error(None, f"missing field '{name}'",
                  "give Q, K and V (a row per position), or X with W_Q, W_K and W_V")


def _matrix(r: PartReader, name: str) -> Matrix:
    if not r.has(name):
        raise r.error(None, f"missing field '{name}'", "with X, give W_Q, W_K and W_V")
    return r.matrix(name)


def _mask(r: PartReader, n: int, m: int) -> tuple[Matrix | None, bool]:
    """The mask as a 0/1 matrix, n × m: 1 where query i may attend to key j."""
    if not r.has("mask"):
        return None, False
    node = r.get("mask")
    if isinstance(node, YScalar) and node.type == "str" and node.text not in r.given:
        if node.text.lower() != "causal":
            raise r.error("mask", f"expected causal or a 0/1 matrix, found {node.text!r}")
        if n != m:
            raise r.error("mask", f"a causal mask needs as many queries as keys, found {n} "
                                  f"and {m}")
        return Matrix([[1 if j <= i else 0 for j in range(m)] for i in range(n)]), True
    mask = r.matrix("mask")
    if mask.shape != (n, m):
        raise r.error("mask", f"the mask is {mask.rows}×{mask.cols}, the scores are {n}×{m}",
                      "one entry per query (row) and key (column)")
    if any(entry not in (0, 1) for entry in mask):
        raise r.error("mask", "entries must be 0 (masked) or 1 (attended)")
    return mask, False
