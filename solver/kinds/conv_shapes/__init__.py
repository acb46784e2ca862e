"""Output shapes and parameter counts of a stack of conv, pool and dense layers.

Each conv or pool layer counts window positions per dimension,
out = ⌊(in + 2·padding − size)/stride⌋ + 1. When the stride does not divide
in + 2·padding − size the window does not tile the input: with ``tiling: floor`` (the
default) the count is rounded down as PyTorch and Keras do; with ``tiling: exact`` (the
CS231n rule) the layer is invalid. A conv layer has size_h·size_w·C_in·filters weights and
one bias per filter, a pool layer keeps the channels and has no parameters, a dense layer
flattens its input. The input is [height, width, channels], or [n] for a vector that only
dense layers take. A window larger than its padded input, or one that does not tile it
under ``exact``, ends the stack: the answer says where it breaks.
"""

from solver.kinds.base import Field, Kind
from solver.kinds.conv_shapes.mistakes import mistakes
from solver.kinds.conv_shapes.read import ConvShapesInputs, Layer, read
from solver.kinds.conv_shapes.solve import solve

KIND = Kind(
    name="conv_shapes",
    summary="Output shape and learnable parameter count of every layer of a conv/pool/dense "
            "stack (or of dense layers on a vector), the total, whether it reaches a target "
            "shape; a window that does not fit, or does not tile its input under tiling: "
            "exact, is an answer saying where the stack breaks.",
    fields=(Field("input", "input shape [height, width, channels], or [n] for a vector input "
                           "(dense layers only)"),
            Field("layers", "list of {type: conv, size, filters, stride: 1, padding: 0, "
                            "bias: true}, {type: pool, size, stride: size, padding: 0} or "
                            "{type: dense, units, bias: true}; size, stride and padding are a "
                            "number or [height, width]"),
            Field("target", "shape the stack should reach, [height, width, channels] "
                            "(or [units] after a dense layer)", required=False),
            Field("tiling", "when the stride does not divide n + 2·padding − size: floor "
                            "(default; round down and drop the last rows, as PyTorch and "
                            "Keras) or exact (the layer is invalid, as CS231n)",
                  required=False)),
    hint="a shape [H, W, C] or [n], a count, or 'undefined' (a stack that breaks)",
    mistakes=mistakes,
    carries="each layer's output shape from the student's shape of the layer before it "
            "(the input for the first), each layer's parameter count from their input shape "
            "of that layer, the total from their per-layer counts",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: conv_shapes, input: [32, 32, 3], target: [4, 4, 64], layers: [
    {type: conv, size: 5, filters: 8}, {type: pool, size: 2, stride: 2},
    {type: conv, size: 5, filters: 32}, {type: pool, size: 2},
    {type: conv, size: 2, filters: 64}]}""",
)

__all__ = ["KIND", "ConvShapesInputs", "Layer", "read", "solve"]
