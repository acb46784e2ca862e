"""Backpropagation: the forward pass, the loss, the δ terms and gradients from the output
back, and optionally one gradient-descent step with the new outputs and loss."""

from __future__ import annotations

from dataclasses import replace

from solver.answers import Named, Undefined, Value
from solver.kinds.backprop.backward import backward
from solver.kinds.backprop.decay import decayed_loss
from solver.kinds.backprop.loss import loss_value, probabilities
from solver.kinds.backprop.read import BackpropInputs
from solver.kinds.backprop.update import update
from solver.kinds.forward_pass.solve import forward, forward_values
from solver.kinds.forward_pass.steps import forward_steps
from solver.kinds.forward_pass.taken import Taken
from solver.kinds.given import NOTHING, Given
from solver.nn.network import run
from solver.steps import Solved


def solve(inputs: BackpropInputs, given: Given = NOTHING) -> Solved:
    """The gradients; ``given`` may supply every forward value, p, the loss, each δ, each
    gradient, each new parameter, yhat_new and loss_new."""
    network, X, T, loss = inputs.network, inputs.samples, inputs.targets, inputs.loss
    taken = Taken(network, given)
    result = forward(network, X, taken)
    steps: list = list(forward_steps(network, X, result))
    intermediates: list = forward_values(network, result)
    count = len(network.layers)
    intermediates.insert(-1, (f"a{count}", Value(network.show(result.output))))
    seen = probabilities(network, result.pre[-1], result.output, taken) \
        if loss.on_logits else None
    value = loss_value(network, loss, result.output, T, seen)
    value = replace(value, data=inputs.weight_decay is not None)
    steps.append(value)
    if value.probabilities is not None:
        intermediates.append(("p", Value(value.probabilities)))
    if value.undefined is not None:
        return Solved(tuple(steps), Undefined(f"the loss is undefined: {value.undefined}"),
                      tuple(intermediates))
    total = value.value
    if inputs.weight_decay is not None:
        decayed = decayed_loss(network, inputs.weight_decay, value.value)
        steps.append(decayed)
        intermediates.extend((("data_loss", Value(value.value)),
                              ("penalty", Value(decayed.penalty))))
        total = decayed.total
    given.take("loss", total, after=("yhat", "p") if value.probabilities is not None
               else ("yhat",))
    intermediates.append(("loss", Value(total)))
    back = backward(network, loss, X, T, result, seen, taken, inputs.weight_decay)
    steps.extend(back.steps)
    for number in range(count, 0, -1):
        intermediates.append((f"delta{number}",
                              Value(network.show(back.deltas[number - 1]))))
    named: list = [("loss", Value(total))]
    for number, layer in enumerate(network.layers, start=1):
        named.append((f"W{number}", Value(layer.written(back.weight_gradients[number - 1]))))
        if layer.bias is not None:
            named.append((f"b{number}",
                          Value(layer.written(back.bias_gradients[number - 1], bias=True))))
    if inputs.learning_rate is not None:
        new_network, update_steps = update(network, back, inputs.learning_rate, taken)
        steps.extend(update_steps)
        parameters: list = []
        for number, layer in enumerate(new_network.layers, start=1):
            named.append((f"W{number}_new", Value(layer.written_weight)))
            parameters.append(f"W{number}_new")
            if layer.bias is not None:
                named.append((f"b{number}_new", Value(layer.written_bias)))
                parameters.append(f"b{number}_new")
        new_result = run(new_network, X)
        outputs = taken.rows("yhat_new", new_result.output, after=tuple(parameters))
        new_seen = probabilities(new_network, new_result.pre[-1], outputs, taken,
                                 output="yhat_new", named=False) if loss.on_logits else None
        new_value = replace(loss_value(new_network, loss, outputs, T, new_seen, label="new"),
                            data=inputs.weight_decay is not None)
        steps.append(new_value)
        intermediates.append(("yhat_new", Value(network.show(outputs))))
        new_total = new_value.value
        if new_value.undefined is None and inputs.weight_decay is not None:
            decayed = decayed_loss(new_network, inputs.weight_decay, new_total, label="new")
            steps.append(decayed)
            new_total = decayed.total
        if new_value.undefined is None:
            given.take("loss_new", new_total, after=("yhat_new",))
        named.append(("loss_new", Value(new_total) if new_value.undefined is None
                      else Undefined(f"the new loss is undefined: {new_value.undefined}")))
    return Solved(tuple(steps), Named(tuple(named)), tuple(intermediates))
