"""Shapes and parameter counts of convolutional stacks: conv, pool and dense layers.

Shapes are tuples of whole numbers (height, width, channels), or (units,) for a flat
vector (the output of a dense layer, or a vector input); parameter counts are SymPy integers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class WindowCount(Step):
    """out = ⌊(n + 2p − k)/s⌋ + 1: a window of width k starts at 0, s, 2s, … while
    start + k ≤ n + 2p. When s does not divide n + 2p − k the window does not tile the
    input: the last (n + 2p − k) mod s rows (or columns) of the padded input are not covered
    (the floor of PyTorch and Keras drops them; CS231n calls such hyper-parameters invalid)."""

    axis: str  # height | width
    size: int  # n
    window: int  # k
    stride: int  # s
    padding: int  # p
    span: int  # n + 2p − k
    uncovered: int  # (n + 2p − k) mod s
    result: int


@dataclass(frozen=True, kw_only=True)
class ConvLayerShape(Step):
    """Conv: H_out × W_out × F, with H_out and W_out counted by window positions; parameters
    k_h·k_w·C_in·F weights + F biases (no biases when the layer has none)."""

    index: int
    input_shape: tuple[int, ...]
    height: WindowCount
    width: WindowCount
    filters: int
    bias: bool
    output_shape: tuple[int, ...]
    weights: Any
    biases: Any
    parameters: Any


@dataclass(frozen=True, kw_only=True)
class PoolLayerShape(Step):
    """Pool: H_out × W_out × C, counted by window positions; the channels are kept and the
    layer has no learnable parameters."""

    index: int
    input_shape: tuple[int, ...]
    height: WindowCount
    width: WindowCount
    output_shape: tuple[int, ...]
    parameters: Any


@dataclass(frozen=True, kw_only=True)
class DenseLayerShape(Step):
    """Dense: an H × W × C input is flattened to n = H·W·C entries (a vector input has its
    n entries already); n·units weights + units biases; the output is a vector of units
    entries."""

    index: int
    input_shape: tuple[int, ...]
    inputs: int  # n after flattening
    units: int
    bias: bool
    output_shape: tuple[int, ...]
    weights: Any
    biases: Any
    parameters: Any


@dataclass(frozen=True, kw_only=True)
class WindowTooLarge(Step):
    """A window fits a dimension only if k ≤ n + 2p; otherwise ⌊(n + 2p − k)/s⌋ + 1 < 1 and
    the layer has no output."""

    index: int
    layer: str  # conv | pool
    input_shape: tuple[int, ...]
    window: tuple[int, int]
    padding: tuple[int, int]
    padded: tuple[int, int]  # (H + 2p_h, W + 2p_w)


@dataclass(frozen=True, kw_only=True)
class WindowDoesNotTile(Step):
    """Exact tiling: a window tiles a dimension only if s divides n + 2p − k, so that
    (n + 2p − k)/s + 1 is a whole number; otherwise the layer's hyper-parameters are invalid
    and the layer has no output."""

    index: int
    layer: str  # conv | pool
    input_shape: tuple[int, ...]
    window: tuple[int, int]
    stride: tuple[int, int]
    counts: tuple[WindowCount, ...]  # the dimensions the window does not tile


@dataclass(frozen=True, kw_only=True)
class StackParameterTotal(Step):
    """The learnable parameters of a stack are the sum of those of its layers."""

    counts: tuple[Any, ...]
    result: Any


@dataclass(frozen=True, kw_only=True)
class TargetShapeCheck(Step):
    """The stack reaches a target shape iff its last output equals it entry by entry."""

    output_shape: tuple[int, ...]
    target: tuple[int, ...]
    result: Any  # sympy.true | sympy.false
