"""The rules a parameter count follows. A typical mistake is the same count with one rule
changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``input_channels``: a conv filter spans every input channel (False: k·k·F weights);
    ``batchnorm_buffers``: batch norm's running mean and variance counted as parameters;
    ``full_heads``: every attention head's projections taken d × d instead of d × d/h."""

    input_channels: bool = True
    batchnorm_buffers: bool = False
    full_heads: bool = False


PYTORCH = Rules()
