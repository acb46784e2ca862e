"""Error carried forward: a later result recomputed from the student's own earlier value.

When a part sets ``ecf: true`` and a student's earlier value is wrong, a later answer that
follows correctly from it earns its credit. Each kind with a chain of values says how to
resume from one of them:

- gradient_descent: θₖ₊ⱼ from the student's θₖ is j more steps from θₖ;
- forward_pass: the layers after l, run on the student's aₗ.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

import sympy

from solver.answers import Value
from solver.kinds import KINDS
from solver.steps.network import Network, compact, run

_INDEXED = re.compile(r"([a-z]+)(\d+)")


def carried(kind: str, inputs, name: str | None, earlier: Mapping[str, object]):
    """(the value ``name`` takes when computed from the student's ``earlier`` values, and
    the name it was carried from), or None when the kind has no chain or nothing applies."""
    if kind == "gradient_descent":
        return _descent(inputs, name, earlier)
    if kind == "forward_pass":
        return _forward(inputs, name, earlier)
    return None


def _descent(inputs, name: str | None, earlier):
    target = inputs.steps if name is None else _index(name, "theta")
    if target is None:
        return None
    for step in range(target - 1, 0, -1):
        value = earlier.get(f"theta{step}")
        if value is None:
            continue
        start = value if isinstance(value, sympy.MatrixBase) else sympy.ImmutableMatrix([value])
        if start.shape != inputs.start.shape:
            return None
        resumed = replace(inputs, start=sympy.ImmutableMatrix(start), steps=target - step)
        answer = KINDS["gradient_descent"].solve(resumed).answer
        return (answer.value, f"theta{step}") if isinstance(answer, Value) else None
    return None


def _forward(inputs, name: str | None, earlier):
    network: Network = inputs.network
    count = len(network.layers)
    if name is None:
        return None
    layer = count if name == "yhat" else _index(name, "z") or _index(name, "a")
    if layer is None:
        return None
    for source in range(layer - 1, 0, -1):
        value = earlier.get(f"a{source}")
        if value is None:
            continue
        rows = value if isinstance(value, sympy.MatrixBase) else sympy.ImmutableMatrix([[value]])
        if network.layout == "Wx":
            rows = rows.T
        rest = Network(network.layers[source:], network.layout)
        if rows.cols != rest.layers[0].matrix.rows:
            return None
        result = run(rest, sympy.ImmutableMatrix(rows))
        position = layer - source - 1
        values = result.pre if name.startswith("z") else result.post
        return compact(network.show(values[position])), f"a{source}"
    return None


def _index(name: str, prefix: str) -> int | None:
    match = _INDEXED.fullmatch(name)
    return int(match.group(2)) if match and match.group(1) == prefix else None
