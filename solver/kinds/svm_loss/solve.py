"""The SVM loss: scores (s = Wx when W is given), margins, per-example losses, the loss
over the batch, and its gradients by the scores and by W, every named value taken through
``given``."""

from __future__ import annotations

import sympy

from solver.answers import Named, Value
from solver.exact import sign_of
from solver.kinds.given import NOTHING, Given, NotCarried, numbers
from solver.kinds.svm_loss.read import SvmInputs
from solver.kinds.svm_loss.rules import TEXTBOOK, Rules
from solver.kinds.svm_loss.steps import (
    HingeExample,
    HingeMargins,
    SvmBatchLoss,
    SvmExample,
    SvmGradientRow,
    SvmMargins,
    SvmMarginTerm,
    SvmScoreGradient,
    SvmScores,
    SvmWeightGradient,
)
from solver.steps import Solved

Matrix = sympy.ImmutableMatrix
DETAILED = 6  # examples and classes shown term by term up to this many


def _positive(value) -> bool:
    return sign_of(value) > 0


def solve(inputs: SvmInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """The loss and its gradient; ``given`` may supply scores, margins, losses, loss,
    grad_scores and grad_W."""
    steps: list = []
    named: list = []

    def take(name, rows: Matrix, after=()) -> Matrix:
        """A value with a row per example, taken as the part shows it."""
        shown = inputs.show(rows)
        taken = given.take(name, shown, after=after, read=lambda value: inputs.show(
            _rows(inputs, value, rows.shape)))
        return rows if taken is shown else inputs.rows(taken)

    if inputs.from_weight:
        scores = take("scores", Matrix(inputs.samples * inputs.weight))
        steps.append(SvmScores(weight=inputs.written_weight, samples=inputs.samples,
                               scores=inputs.show(scores), layout=inputs.layout,
                               batch=inputs.examples > 1))
        named.append(("scores", Value(inputs.show(scores))))
    else:
        scores = inputs.scores
    margin_step = (_hinge if inputs.binary else _multiclass)(inputs, scores, rules)
    margins = take("margins", margin_step.margins, after=("scores",))
    steps.append(margin_step)
    named.append(("margins", Value(inputs.show(margins))))
    per_example = _losses(inputs, margins, rules)
    if inputs.examples > 1:
        per_example = take("losses", per_example, after=("margins",))
        named.append(("losses", Value(inputs.show(per_example))))
    loss_step = _batch_loss(inputs, per_example)
    loss = given.take("loss", loss_step.loss, after=("losses", "margins"), read=_number)
    if inputs.examples > 1 or inputs.reg is not None:  # else L is the example's loss, shown
        steps.append(loss_step)
    gradient_step = _score_gradient(inputs, margins, rules, _kink(margin_step))
    grad_scores = take("grad_scores", gradient_step.gradient, after=("margins",))
    steps.append(gradient_step)
    answer = [("loss", Value(loss))]
    if not inputs.from_weight:
        answer.append(("grad_scores", Value(inputs.show(grad_scores))))
        return Solved(tuple(steps), Named(tuple(answer)), tuple(named))
    named.append(("grad_scores", Value(inputs.show(grad_scores))))
    weight_step = _weight_gradient(inputs, grad_scores, rules)
    grad_w = given.take("grad_W", weight_step.gradient, after=("grad_scores",),
                        read=lambda value: _weight_shaped(inputs, value))
    steps.append(weight_step)
    answer.append(("grad_W", Value(grad_w)))
    return Solved(tuple(steps), Named(tuple(answer)), tuple(named))


def _rows(inputs: SvmInputs, value, shape) -> Matrix:
    rows = inputs.rows(numbers(value))
    if rows.shape != shape:
        raise NotCarried
    return rows


def _number(value):
    matrix = numbers(value)
    if matrix.shape != (1, 1):
        raise NotCarried
    return matrix[0, 0]


def _weight_shaped(inputs: SvmInputs, value):
    matrix = numbers(value)
    if inputs.unwritten(matrix) is None:
        raise NotCarried
    return matrix


def _multiclass(inputs: SvmInputs, scores: Matrix, rules: Rules) -> SvmMargins:
    """Each margin sⱼ − s_y + Δ, clamped at 0; the correct class's is 0 (or Δ, wrongly)."""
    delta = inputs.margin
    examples, rows = [], []
    for i, label in enumerate(inputs.labels):
        correct = scores[i, label]
        terms, row = [], []
        for j in range(scores.cols):
            raw = scores[i, j] - correct + delta
            value = sympy.Max(0, raw) if rules.clamped else raw
            counted = j != label or rules.label_term
            terms.append(SvmMarginTerm(j, scores[i, j], raw, value, counted))
            row.append(value if counted else sympy.Integer(0))
        examples.append(SvmExample(i, label, correct, tuple(terms), sum(row, sympy.Integer(0))))
        rows.append(row)
    detailed = inputs.examples <= DETAILED and scores.cols <= DETAILED
    return SvmMargins(examples=tuple(examples), margin=delta, first=inputs.first,
                      clamped=rules.clamped, margins=Matrix(rows), detailed=detailed)


def _hinge(inputs: SvmInputs, scores: Matrix, rules: Rules) -> HingeMargins:
    """max(0, Δ − y s) for each example."""
    delta = inputs.margin
    examples = []
    for i, label in enumerate(inputs.labels):
        raw = delta - label * scores[i, 0]
        value = sympy.Max(0, raw) if rules.clamped else raw
        examples.append(HingeExample(i, label, scores[i, 0], raw, value))
    return HingeMargins(examples=tuple(examples), margin=delta, clamped=rules.clamped,
                        margins=Matrix([[example.value] for example in examples]))


def _counted(inputs: SvmInputs, rules: Rules, i: int, j: int) -> bool:
    return inputs.binary or j != inputs.labels[i] or rules.label_term


def _losses(inputs: SvmInputs, margins: Matrix, rules: Rules) -> Matrix:
    """Lᵢ = the sum of example i's counted margins."""
    return Matrix([[sum((margins[i, j] for j in range(margins.cols)
                         if _counted(inputs, rules, i, j)), sympy.Integer(0))]
                   for i in range(margins.rows)])


def _batch_loss(inputs: SvmInputs, per_example: Matrix) -> SvmBatchLoss:
    n = inputs.examples
    total = sum(per_example, sympy.Integer(0))
    data_loss = total / n if inputs.reduction == "mean" else total
    squares = reg_loss = None
    loss = data_loss
    if inputs.reg is not None:
        squares = sum((w**2 for w in inputs.weight), sympy.Integer(0))
        reg_loss = inputs.reg * squares
        loss = data_loss + reg_loss
    return SvmBatchLoss(losses=tuple(per_example), reduction=inputs.reduction,
                        data_loss=data_loss, reg=inputs.reg, squares=squares,
                        reg_loss=reg_loss, loss=loss)


def _kink(step) -> bool:
    """A counted term sⱼ − s_y + Δ (binary Δ − ys) of exactly 0."""
    if isinstance(step, HingeMargins):
        return step.clamped and any(sign_of(ex.raw) == 0 for ex in step.examples)
    return step.clamped and any(t.counted and sign_of(t.raw) == 0
                                for ex in step.examples for t in ex.terms)


def _score_gradient(inputs: SvmInputs, margins: Matrix, rules: Rules,
                    kink: bool) -> SvmScoreGradient:
    """1 for each positive counted margin (every counted term when not clamped), −count at
    the correct class; binary −y; divided by N for the mean."""
    n = inputs.examples
    scale = sympy.Rational(1, n) if inputs.reduction == "mean" else sympy.Integer(1)
    rows, matrix = [], []
    for i, label in enumerate(inputs.labels):
        if inputs.binary:
            active = not rules.clamped or _positive(margins[i, 0])
            entry = -label if active else 0
            rows.append(SvmGradientRow(i, label, (0,) if active else (), int(active),
                                       (sympy.Integer(entry),)))
            matrix.append([scale * entry])
            continue
        positive = []
        for j in range(margins.cols):
            if not _counted(inputs, rules, i, j):
                continue
            if not rules.clamped or _positive(margins[i, j]):
                positive.append(j)
        entries = [sympy.Integer(0)] * margins.cols
        for j in positive:
            entries[j] += 1
            if rules.label_gradient:
                entries[label] -= 1
        count = sum(1 for j in positive if j != label)
        rows.append(SvmGradientRow(i, label, tuple(j for j in positive if j != label), count,
                                   tuple(entries)))
        matrix.append([scale * entry for entry in entries])
    return SvmScoreGradient(rows=tuple(rows), binary=inputs.binary, first=inputs.first,
                            reduction=inputs.reduction, examples=n, kink=kink,
                            label_gradient=rules.label_gradient, gradient=Matrix(matrix))


def _weight_gradient(inputs: SvmInputs, grad_scores: Matrix, rules: Rules) -> SvmWeightGradient:
    """∂L/∂W (D × C) = Xᵀ ∂L/∂S (+ 2λW), shown in the shape W was written in."""
    product = Matrix(inputs.samples.T * grad_scores)
    penalty = None
    gradient = product
    if inputs.reg is not None:
        penalty = Matrix(rules.reg_factor * inputs.reg * inputs.weight)
        gradient = Matrix(product + penalty)
    return SvmWeightGradient(
        layout=inputs.layout, samples=inputs.samples, grad_rows=grad_scores,
        product=inputs.written(product), reg=inputs.reg, reg_factor=rules.reg_factor,
        weight=inputs.written_weight,
        penalty=None if penalty is None else inputs.written(penalty),
        gradient=inputs.written(gradient))
