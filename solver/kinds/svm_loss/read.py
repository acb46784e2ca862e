"""Reading an SVM-loss part: the scores (one example as a flat list, a batch as rows) or a
weight W and the examples x, the labels, the margin Δ, the loss (multiclass or binary
hinge), how the batch is reduced and an optional L2 penalty λ‖W‖²."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.kinds.forward_pass.read import read_block, read_samples
from solver.nn.network import compact
from solver.render.printing import plain
from solver.spec.reader import PartReader
from solver.spec.yamlsource import YScalar, YSeq

Matrix = sympy.ImmutableMatrix
LOSSES = ("multiclass", "hinge")
REDUCTIONS = ("mean", "sum")
LAYOUTS = ("Wx", "xW")
MAX_EXAMPLES = 20


@dataclass(frozen=True)
class SvmInputs:
    """Scores are worked as a matrix with one row per example (N × C; N × 1 for the binary
    hinge). ``weight`` is W as inputs × classes (D × C) when the part gives W and x;
    ``written_weight`` is W as written. ``columns``: values per example are shown as
    columns (one example, or the ``Wx`` layout), else as rows. ``labels`` count from 0
    (``first`` is the number the part gives the first class)."""

    scores: Matrix | None
    weight: Matrix | None
    written_weight: Matrix | None
    samples: Matrix | None
    labels: tuple[int, ...]
    margin: Any = sympy.Integer(1)
    loss: str = "multiclass"
    reduction: str = "mean"
    reg: Any = None
    layout: str = "Wx"
    first: int = 0
    columns: bool = False
    flat: bool = False

    @property
    def binary(self) -> bool:
        return self.loss == "hinge"

    @property
    def examples(self) -> int:
        return len(self.labels)

    @property
    def classes(self) -> int:
        if self.weight is not None:
            return self.weight.cols
        return self.scores.cols

    @property
    def from_weight(self) -> bool:
        return self.weight is not None

    def show(self, rows: Matrix):
        """A value with a row per example as the part shows it (a column per example when
        ``columns``), 1×1 as a number."""
        return compact(Matrix(rows.T) if self.columns else rows)

    def rows(self, shown) -> Matrix:
        """The inverse of :meth:`show`."""
        matrix = shown if isinstance(shown, sympy.MatrixBase) else Matrix([[shown]])
        return Matrix(matrix.T) if self.columns else Matrix(matrix)

    def written(self, gradient: Matrix) -> Matrix:
        """A D × C gradient in the shape W was written in."""
        return Matrix(gradient) if self.flat or self.layout == "xW" else Matrix(gradient.T)

    def unwritten(self, value: Matrix) -> Matrix | None:
        """A value shaped like W as written, as D × C; None for another shape."""
        if value.shape != self.written_weight.shape:
            return None
        return Matrix(value) if self.flat or self.layout == "xW" else Matrix(value.T)


def _labels(r: PartReader, field: str, count: int, binary: bool, first: int) -> tuple[int, ...]:
    node = r.get(field)
    items = node.items if isinstance(node, YSeq) else (node,)
    labels = []
    for item in items:
        if not (isinstance(item, YScalar) and item.type == "int"):
            raise r.error(field, f"expected whole numbers (class indices), found "
                                 f"{item.text if isinstance(item, YScalar) else 'a list'!r}",
                          line=item.line)
        labels.append(int(item.text))
    if len(labels) != count:
        raise r.error(field, f"expected one label per example ({count}), found {len(labels)}")
    if binary:
        if any(label not in (-1, 1) for label in labels):
            raise r.error(field, "the binary hinge loss takes labels +1 and -1",
                          "for classes 0, 1, … use loss: multiclass")
        return tuple(labels)
    return tuple(label - first for label in labels)


def _check_classes(r: PartReader, field: str, labels, classes: int, first: int) -> None:
    for label in labels:
        if not 0 <= label < classes:
            raise r.error(field, f"label {label + first} is not a class: the scores have "
                                 f"{classes} classes, numbered {first} to {classes - 1 + first}",
                          "classes count from 1 here? set first_class: 1" if first == 0
                          and label == classes else None)


def _read_weight(r: PartReader, layout: str, features: int, binary: bool):
    """W as D × C and as written: Wx writes W as classes × features, xW as features ×
    classes; a flat list is the weight vector of a single output (the binary hinge)."""
    value, form = read_block(r, "W", r.get("W"))
    if form == "scalar":
        value, form = Matrix([[value]]), "flat"
    if form == "flat":
        if not binary:
            raise r.error("W", "a flat list is one weight vector: the multiclass loss needs a "
                               "matrix with a row of weights per class" if layout == "Wx"
                          else "a column of weights per class", "or use loss: hinge")
        weight = Matrix(value)
    else:
        weight = Matrix(value.T) if layout == "Wx" else Matrix(value)
    if weight.rows != features:
        axes = "classes × features" if layout == "Wx" else "features × classes"
        raise r.error("W", f"W is {value.rows}×{value.cols} ({axes} in the {layout} layout) "
                           f"but each example has {features} features")
    if binary and weight.cols != 1:
        raise r.error("W", "the binary hinge loss has one score per example: W is one weight "
                           "vector", "write it as a flat list")
    return weight, Matrix(value), form == "flat"


def read(r: PartReader) -> SvmInputs:
    loss = r.choice("loss", LOSSES, "multiclass")
    binary = loss == "hinge"
    reduction = r.choice("reduction", REDUCTIONS, "mean")
    first = r.integer("first_class", 0, 0, 1)
    if r.has("scores") == r.has("W"):
        raise r.error(None, "give either 'scores' or 'W' with 'x'",
                      "scores: [3.2, 5.1, -1.7] for one example, or W and x for s = Wx")
    if r.has("label") and r.has("labels"):
        raise r.error("labels", "give 'label' or 'labels', not both")
    label_field = "label" if r.has("label") else "labels"
    if not r.has(label_field):
        raise r.error(None, "missing field 'labels'", "the correct class of each example")
    weight = written = samples = scores = None
    flat = False
    layout = r.choice("layout", LAYOUTS, "Wx")
    if r.has("scores"):
        for field in ("x", "reg"):
            if r.has(field):
                raise r.error(field, f"'{field}' goes with W; the part gives the scores")
        value, form = read_block(r, "scores", r.get("scores"))
        if form == "scalar":
            value, form = Matrix([[value]]), "flat"
        if binary:
            if form != "flat":
                raise r.error("scores", "the binary hinge loss has one score per example: "
                                        "write them as a flat list")
            scores, columns = Matrix(value), False
        else:
            scores = Matrix(value.T) if form == "flat" else Matrix(value)
            columns = form == "flat"
            if scores.cols < 2:
                raise r.error("scores", "the multiclass loss needs at least two classes")
    else:
        if not r.has("x"):
            raise r.error(None, "missing field 'x'", "the examples: one as a flat list, a "
                                                     "batch as rows")
        samples = read_samples(r, "x")
        weight, written, flat = _read_weight(r, layout, samples.cols, binary)
        columns = layout == "Wx" and not flat
        if not binary and weight.cols < 2:
            raise r.error("W", "the multiclass loss needs at least two classes")
    examples = scores.rows if scores is not None else samples.rows
    if examples > MAX_EXAMPLES:
        raise r.error("scores" if scores is not None else "x",
                      f"at most {MAX_EXAMPLES} examples, found {examples}")
    labels = _labels(r, label_field, examples, binary, first)
    if not binary:
        _check_classes(r, label_field, labels, scores.cols if scores is not None
                       else weight.cols, first)
    margin = r.number("margin", sympy.Integer(1))
    if not margin.is_real or margin.is_negative:
        raise r.error("margin", f"the margin Δ is a number ≥ 0, found {plain(margin)}")
    reg = None
    if r.has("reg"):
        reg = r.number("reg")
        if not reg.is_real or reg.is_negative:
            raise r.error("reg", f"the regularisation strength λ is a number ≥ 0, found "
                                 f"{plain(reg)}")
    return SvmInputs(scores, weight, written, samples, labels, margin, loss, reduction, reg,
                     layout, first, columns, flat)
