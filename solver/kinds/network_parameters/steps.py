"""The steps of a parameter count: one per layer, its output shape and its weights and
biases, then the total. Shapes are tuples: (n,) a vector, (T, d) a sequence of T positions
with d features, (C, H, W) an image; counts are SymPy integers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step
from solver.steps.convolution import WindowCount


@dataclass(frozen=True, kw_only=True)
class CountDense(Step):
    """Dense: every unit has one weight per input feature and one bias, n·units + units.
    An image is flattened to n = C·H·W first; on a sequence the same layer acts on each of
    the T positions (the weights are shared), so the count does not depend on T."""

    index: int
    input_shape: tuple[int, ...]
    flattened: bool  # an image flattened first
    inputs: int  # n, the features each unit sees
    units: int
    bias: bool
    output_shape: tuple[int, ...]
    weights: Any
    biases: Any
    parameters: Any


@dataclass(frozen=True, kw_only=True)
class CountConv(Step):
    """Conv on C × H × W: F × H_out × W_out with H_out = ⌊(H + 2p − k)/s⌋ + 1 (W_out alike);
    each of the F filters spans all C input channels, k_h·k_w·C·F weights + F biases.
    (``channels`` False: the count k_h·k_w·F a typical mistake gives.)"""

    index: int
    input_shape: tuple[int, ...]
    height: WindowCount
    width: WindowCount
    filters: int
    bias: bool
    channels: bool
    output_shape: tuple[int, ...]
    weights: Any
    biases: Any
    parameters: Any


@dataclass(frozen=True, kw_only=True)
class CountPool(Step):
    """Pool on C × H × W: C × H_out × W_out, counted as for a conv layer; a pool layer has
    nothing to learn."""

    index: int
    input_shape: tuple[int, ...]
    height: WindowCount
    width: WindowCount
    output_shape: tuple[int, ...]
    parameters: Any


@dataclass(frozen=True, kw_only=True)
class CountNorm(Step):
    """Batch norm: a scale γ and a shift β per feature (a vector's n entries, an image's C
    channels, a sequence's d features), 2·features trainable; its running mean and
    variance are buffers, updated by averaging, not trained. Layer norm: γ and β per entry
    it normalises (n, d, or C·H·W), no buffers. (``buffers_counted``: the running
    statistics counted as parameters, a typical mistake.)"""

    index: int
    norm: str  # batchnorm | layernorm
    input_shape: tuple[int, ...]
    features: int
    buffers: Any  # running mean and variance: 2·features for batch norm, 0 for layer norm
    buffers_counted: bool
    output_shape: tuple[int, ...]
    weights: Any  # γ
    biases: Any  # β
    parameters: Any


@dataclass(frozen=True, kw_only=True)
class CountEmbedding(Step):
    """Embedding: a table of one d-vector per token of the vocabulary, vocab·d weights and
    no bias; T token indices give a T × d sequence."""

    index: int
    input_shape: tuple[int, ...]
    vocab: int
    dim: int
    output_shape: tuple[int, ...]
    weights: Any
    biases: Any
    parameters: Any


@dataclass(frozen=True, kw_only=True)
class CountAttention(Step):
    """Multi-head attention on T × d (PyTorch's nn.MultiheadAttention): h heads of width
    d_k = d/h; each head's query, key and value projections are d × d_k, so together the
    three are d × d each, 3d² weights + 3d biases, and the output projection d × d adds
    d² + d: 4d² + 4d. The output is T × d. (``head_width`` d instead of d/h: every head's
    projections counted d × d, the typical mistake.)"""

    index: int
    input_shape: tuple[int, ...]
    heads: int
    width: int  # d
    head_width: int  # d_k
    bias: bool
    output_shape: tuple[int, ...]
    projection: Any  # the weights of one of W_Q, W_K, W_V: d · h·d_k
    output_projection: Any  # h·d_k · d
    weights: Any
    biases: Any
    parameters: Any


@dataclass(frozen=True, kw_only=True)
class CountReshape(Step):
    """Flatten: C × H × W (or T × d) becomes one vector of all its entries; no parameters."""

    index: int
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    parameters: Any


@dataclass(frozen=True, kw_only=True)
class CountNoParameters(Step):
    """An activation or dropout acts entry by entry: the shape is kept and nothing is
    learned (dropout's rate is a hyper-parameter)."""

    index: int
    layer: str  # activation | dropout
    name: str  # the function, or the rate as written
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    parameters: Any


@dataclass(frozen=True, kw_only=True)
class CountWindowTooLarge(Step):
    """A window fits only if k ≤ n + 2p in each dimension; otherwise the layer has no
    output and the network breaks there."""

    index: int
    layer: str  # conv | pool
    input_shape: tuple[int, ...]
    window: tuple[int, int]
    padded: tuple[int, int]


@dataclass(frozen=True, kw_only=True)
class CountHeadsDoNotDivide(Step):
    """Multi-head attention splits d features into h heads of d/h each: h must divide d,
    and a stated d_model must be the width of its input."""

    index: int
    input_shape: tuple[int, ...]
    heads: int
    width: int
    d_model: int | None
