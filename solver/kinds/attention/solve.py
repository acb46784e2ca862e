"""Scaled dot-product attention, Attention(Q, K, V) = softmax(QKᵀ/√d_k) V, with the
mask's −∞ before the softmax; the scores stay exact, the softmax weights are carried as
40-digit decimals (exact when they are rational)."""

from __future__ import annotations

import sympy

from solver.answers import Named, Undefined, Value
from solver.exact import tidy_exact
from solver.kinds.attention.read import AttentionInputs
from solver.kinds.attention.rules import VASWANI, Rules
from solver.kinds.attention.steps import (
    AttentionMask,
    AttentionOutput,
    AttentionProjections,
    AttentionRowMasked,
    AttentionScaling,
    AttentionScores,
    AttentionSoftmax,
    AttentionSoftmaxRow,
)
from solver.kinds.given import NOTHING, Given, NotCarried, numbers
from solver.nn.network import CARRIED_DIGITS
from solver.steps import Solved, Step

Matrix = sympy.ImmutableMatrix
GUARD = 5  # digits carried beyond CARRIED_DIGITS while a row's sum is formed


def solve(inputs: AttentionInputs, given: Given = NOTHING, rules: Rules = VASWANI) -> Solved:
    """The attention; ``given`` may supply Q, K, V (from X), scores, scaled, weights and
    output."""
    steps: list[Step] = []
    named: list[tuple[str, Value]] = []
    Q, K, V = inputs.Q, inputs.K, inputs.V
    if inputs.projected:
        X = inputs.X
        Q, K, V = (given.take(name, _exact(X * W), read=_reader((X.rows, W.cols)))
                   for name, W in (("Q", inputs.W_Q), ("K", inputs.W_K), ("V", inputs.W_V)))
        steps.append(AttentionProjections(X=X, W_Q=inputs.W_Q, W_K=inputs.W_K,
                                          W_V=inputs.W_V, Q=Q, K=K, V=V))
        named += [("Q", Value(Q)), ("K", Value(K)), ("V", Value(V))]
    keys = Matrix(K.T) if rules.transpose_keys else K
    scores = given.take("scores", _exact(Q * keys), after=("Q", "K"),
                        read=_reader((Q.rows, keys.cols)))
    steps.append(AttentionScores(Q=Q, K=K, keys=keys, transposed=rules.transpose_keys,
                                 scores=scores))
    before = "scores"
    scaled = scores
    if inputs.scaled:
        d_k = Q.cols
        divisor = sympy.sqrt(d_k) if rules.divisor == "sqrt" else sympy.Integer(d_k)
        scaled = given.take("scaled", scores.applyfunc(lambda s: sympy.expand(s / divisor)),
                            after=("scores",),
                            read=_reader(scores.shape))
        steps.append(AttentionScaling(d_k=d_k, by=rules.divisor, divisor=divisor,
                                      scores=scores, scaled=scaled))
        named.append(("scaled", Value(scaled)))
        before = "scaled"
    mask = inputs.mask
    if mask is not None:
        masked = Matrix(scaled.rows, scaled.cols,
                        lambda i, j: scaled[i, j] if mask[i, j] or not rules.mask_first
                        else -sympy.oo)
        steps.append(AttentionMask(mask=mask, causal=inputs.causal, first=rules.mask_first,
                                   masked=masked))
    else:
        masked = scaled
    softmax = _softmax(masked, mask, rules)
    if isinstance(softmax, AttentionRowMasked):
        steps.append(softmax)
        reason = (f"every key of query {softmax.index} is masked, so its softmax is 0/0"
                  if softmax.line == "row" else
                  f"every entry of column {softmax.index} is masked, so its softmax is 0/0")
        return Solved(tuple(steps), Undefined(reason), tuple(named))
    weights = given.take("weights", softmax.weights, after=(before,),
                         read=_reader(softmax.weights.shape))
    steps.append(softmax)
    output = given.take("output", _settled(weights * V), after=("weights", "V"),
                        read=_reader((weights.rows, V.cols)))
    steps.append(AttentionOutput(weights=weights, V=V, output=output))
    answer = Named((("scores", Value(scores)), ("weights", Value(weights)),
                    ("output", Value(output))))
    return Solved(tuple(steps), answer, tuple(named))


def _softmax(masked: Matrix, mask: Matrix | None,
             rules: Rules) -> AttentionSoftmax | AttentionRowMasked:
    """Softmax along each row (each column under ``over: columns``); with the mask applied
    after it, the masked weights are set to 0 afterwards."""
    by_rows = rules.over == "rows"
    line = "row" if by_rows else "column"
    lines = masked if by_rows else Matrix(masked.T)
    keep = None if mask is None or rules.mask_first else (mask if by_rows else Matrix(mask.T))
    worked = []
    for i in range(lines.rows):
        entries = tuple(lines.row(i))
        exps = tuple(sympy.Integer(0) if x == -sympy.oo else sympy.exp(x) for x in entries)
        total = sympy.Add(*exps)
        if total == 0:
            return AttentionRowMasked(line=line, index=i + 1)
        zeroed = tuple(keep is not None and not keep[i, j] for j in range(lines.cols))
        decimals = tuple(_decimal(e) for e in exps)
        whole = sympy.Add(*decimals)
        shares = tuple(sympy.Integer(0) if cut else _share(e, total, d, whole)
                       for e, d, cut in zip(exps, decimals, zeroed, strict=True))
        worked.append(AttentionSoftmaxRow(line=line, index=i + 1, entries=entries,
                                          exps=tuple(_settled(d) for d in decimals),
                                          total=_settled(whole), weights=shares,
                                          zeroed=zeroed))
    weights = Matrix([list(row.weights) for row in worked])
    return AttentionSoftmax(over=rules.over, rows=tuple(worked),
                            weights=weights if by_rows else Matrix(weights.T))


def _exact(matrix) -> Matrix:
    return Matrix(matrix).applyfunc(tidy_exact)


def _decimal(value):
    """A rational value as it is; any other number with a few guard digits."""
    return value if value.is_Rational else value.evalf(CARRIED_DIGITS + GUARD)


def _share(exp, total, decimal, whole):
    """e/Σ: exact when the quotient is rational (equal scores), else from the decimals."""
    exact = exp / total
    return exact if exact.is_Rational else _settled(decimal / whole)


def _settled(value):
    """A rational value as it is; any other number as a 40-digit decimal."""
    if isinstance(value, sympy.MatrixBase):
        return Matrix(value).applyfunc(_settled)
    if value.is_Rational or not value.is_number:
        return value
    return sympy.Float(value, CARRIED_DIGITS) if value.is_Float else value.evalf(CARRIED_DIGITS)


def _reader(shape: tuple[int, int]):
    """A student's matrix of ``shape`` (a number for 1×1)."""

    def read(value) -> Matrix:
        matrix = numbers(value)
        if matrix.shape != shape:
            raise NotCarried
        return matrix

    return read
