"""Reading a loss_gradient part: the loss and K, the number of outputs."""

from __future__ import annotations

from dataclasses import dataclass

from solver.kinds.activation_derivative import read_size
from solver.nn import losses
from solver.spec.reader import PartReader


@dataclass(frozen=True)
class LossGradientInputs:
    loss: losses.Loss
    size: int
    hessian: bool = False


def read(r: PartReader) -> LossGradientInputs:
    text = r.text("loss")
    if text is None:
        raise r.error(None, "missing field 'loss'", "one of " + ", ".join(losses.NAMES))
    try:
        loss = losses.parse(text)
    except losses.LossError as error:
        raise r.error("loss", error.message, error.hint) from None
    hessian = r.flag("hessian")
    if hessian and not loss.on_logits:
        raise r.error("hessian", "the Hessian is offered for cross_entropy (by the logits z)",
                      "remove 'hessian', or use the hessian kind with the loss as f")
    return LossGradientInputs(loss, read_size(r), hessian)
