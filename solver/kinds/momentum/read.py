"""Reading an optimiser part: the objective, η > 0, the method and the hyper-parameters it
takes (PyTorch's defaults where PyTorch has one), and the number of steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.kinds.newton_step.read import MAX_STEPS, Objective, read_objective
from solver.render.printing import plain
from solver.spec.reader import PartReader

METHODS = ("momentum", "nesterov", "adagrad", "rmsprop", "adam")
HYPER_PARAMETERS = ("momentum", "beta", "beta1", "beta2", "eps")
TAKES = {"momentum": ("momentum",), "nesterov": ("momentum",), "adagrad": ("eps",),
         "rmsprop": ("beta", "eps"), "adam": ("beta1", "beta2", "eps")}
DEFAULTS = {  # torch.optim: Adagrad eps 1e-10; RMSprop alpha 0.99, eps 1e-8; Adam betas
    ("adagrad", "eps"): sympy.Rational(1, 10**10),  # (0.9, 0.999), eps 1e-8
    ("rmsprop", "beta"): sympy.Rational(99, 100),
    ("rmsprop", "eps"): sympy.Rational(1, 10**8),
    ("adam", "beta1"): sympy.Rational(9, 10),
    ("adam", "beta2"): sympy.Rational(999, 1000),
    ("adam", "eps"): sympy.Rational(1, 10**8),
}


@dataclass(frozen=True)
class MomentumInputs(Objective):
    """The objective, η, the method and its hyper-parameters (None where it takes none)."""

    learning_rate: Any = None
    method: str = "momentum"
    momentum: Any = None
    beta: Any = None
    beta1: Any = None
    beta2: Any = None
    eps: Any = None
    steps: int = 1

    @property
    def adaptive(self) -> bool:
        """Adagrad, RMSprop and Adam divide by a root of squared gradients."""
        return self.method in ("adagrad", "rmsprop", "adam")

    @property
    def eps_shown(self):
        """ε as a course writes it: 10⁻⁸ rather than 0.00000001."""
        eps = self.eps
        if eps is not None and eps.is_Rational and eps.p == 1 and eps.q > 1:
            power = len(str(eps.q)) - 1
            if eps.q == 10**power:
                return sympy.Pow(10, sympy.UnevaluatedExpr(-power), evaluate=False)
        return eps


def read(r: PartReader) -> MomentumInputs:
    objective = read_objective(r)
    eta = r.number("learning_rate")
    if eta.is_positive is not True:
        raise r.error("learning_rate", f"must be a positive number, found {plain(eta)}")
    method = r.choice("method", METHODS, "momentum")
    values: dict[str, Any] = {}
    for name in HYPER_PARAMETERS:
        if name not in TAKES[method]:
            if r.has(name):
                raise r.error(name, f"method {method} takes no '{name}' (it takes "
                                    f"{', '.join(TAKES[method])})")
            continue
        if not r.has(name) and (method, name) not in DEFAULTS:
            raise r.error(None, f"missing field '{name}': method {method} needs its "
                                f"momentum μ", "e.g. momentum: 0.9")
        value = r.number(name, DEFAULTS.get((method, name)))
        if name == "eps":
            if value.is_negative is not False:
                raise r.error(name, f"must be 0 or a small positive number, found {plain(value)}")
        elif not (value.is_nonnegative and (value - 1).is_negative):
            raise r.error(name, f"must be at least 0 and less than 1, found {plain(value)}")
        values[name] = value
    steps = r.integer("steps", default=1, minimum=1, maximum=MAX_STEPS)
    return MomentumInputs(objective.f, objective.wrt, objective.start, eta, method,
                          steps=steps, **values)
