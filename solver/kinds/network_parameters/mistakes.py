"""Typical mistakes in counting a network's parameters, each the kind's own count re-solved
with the biases left out or with one rule changed."""

from __future__ import annotations

from dataclasses import replace

from solver.answers import Named
from solver.kinds.network_parameters.rules import Rules
from solver.kinds.network_parameters.solve import solve

RULES = (
    ("forgot_input_channels", Rules(input_channels=False), "conv",
     "each filter spans all input channels: a conv layer has k × k × C_in × filters weights, "
     "not k × k × filters"),
    ("batchnorm_running_stats", Rules(batchnorm_buffers=True), "batchnorm",
     "batch norm learns only γ and β (2 per feature); its running mean and variance are "
     "buffers, updated by averaging, not trained parameters"),
    ("attention_full_heads", Rules(full_heads=True), "attention",
     "each head projects to d_model/heads features, so the heads' query, key and value "
     "projections together are d_model × d_model each, not d_model × d_model per head"),
)


def mistakes(inputs, solved, found) -> None:
    """Every bias left out; conv weights without the input channels; batch norm's running
    statistics counted; each attention head's projections taken d_model × d_model."""
    if not isinstance(solved.answer, Named):
        return
    types = {layer.type for layer in inputs.layers}
    unbiased = replace(inputs, layers=tuple(replace(layer, bias=False)
                                            for layer in inputs.layers))
    _add(found, "forgot_bias", "you left out the biases: each unit of a dense layer, each "
                               "filter of a conv layer and each projection output of "
                               "attention has one", solve(unbiased))
    for code, rules, kind, message in RULES:
        if kind in types:
            _add(found, code, message, solve(inputs, rules=rules))


def _add(found, code: str, message: str, mistaken) -> None:
    """The mistaken total, and each layer's count the mistake changes."""
    if not isinstance(mistaken.answer, Named):
        return
    found.add_items(code, message, [(name, item) for name, item in mistaken.answer.items
                                    if name == "parameters" or name.startswith("params")])
