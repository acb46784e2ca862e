"""Gradient descent, exactly: θₖ₊₁ = θₖ − η ∇f(θₖ), with f and ∇f at every iterate, stopping
where f or ∇f is undefined or the exact entries grow too long. A symbolic η gives iterates
that are expressions in η, expanded and factored, and answers the part's questions about
η (``solver.kinds.gradient_descent.asks``)."""

from __future__ import annotations

import sympy

from solver.answers import Interval, Named, Undefined, Value
from solver.kinds.given import ANSWER, NOTHING, Given, NotCarried, expressions, numbers
from solver.kinds.gradient_descent.asks import converges, one_step
from solver.kinds.gradient_descent.read import GradientDescentInputs
from solver.plural import plural
from solver.render.printing import plain
from solver.steps import Solved
from solver.steps.optimization import (
    DescentGradient,
    DescentIteration,
    DescentStopped,
    DescentTooLarge,
)

MAX_DIGITS = 300
MAX_NODES = 400
_BAD = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)


def solve(inputs: GradientDescentInputs, given: Given = NOTHING) -> Solved:
    """The iterates θ₁ … θₖ; ``given`` may supply θⱼ (``theta1``, …), from which the later
    iterates and the answer θₖ (``ANSWER``) are computed."""
    xs = inputs.variables
    one = len(xs) == 1
    f, eta = inputs.f, inputs.learning_rate
    tidy = _in_rate if inputs.symbolic else (lambda value: value)
    partials = tuple(sympy.diff(f, x) for x in xs)
    steps: list = [DescentGradient(f=f, variables=xs, gradient=sympy.ImmutableMatrix(partials))]
    named: list[tuple[str, Value]] = []

    def shown(entries):
        return entries[0] if one else sympy.ImmutableMatrix(len(entries), 1, entries)

    def iterate(value):
        """A student's θ as the answer shows it (a number for one variable); with a
        symbolic η, expressions in η."""
        if inputs.symbolic:
            matrix = expressions(value, inputs.start.shape)
            if any(entry.free_symbols - eta.free_symbols for entry in matrix):
                raise NotCarried
        else:
            matrix = numbers(value, inputs.start.shape)
        return matrix[0, 0] if one else matrix

    def stop(step) -> Solved:
        steps.append(step)
        return Solved(tuple(steps), Undefined(_reason(step)), tuple(named))

    theta = tuple(inputs.start)
    theta_shown = shown(theta)
    named.append(("theta0", Value(theta_shown)))
    point = dict(zip(xs, theta, strict=True))
    loss = f.xreplace(point)
    if _bad(loss):
        return stop(_stopped(0, theta_shown, "loss", f, point))
    loss = tidy(loss)
    for k in range(inputs.steps):
        g = tuple(tidy(entry.xreplace(point)) for entry in partials)
        if any(_bad(entry) for entry in g):
            culprit = next(entry for entry, value in zip(partials, g, strict=True)
                           if _bad(value))
            named.append((f"loss{k}", Value(loss)))
            return stop(_stopped(k, theta_shown, "gradient", culprit, point))
        g_shown = shown(g)
        named.append((f"grad{k}", Value(g_shown)))
        named.append((f"loss{k}", Value(loss)))
        scaled = tuple(eta * entry for entry in g)
        theta_next = tuple(tidy(a - b) for a, b in zip(theta, scaled, strict=True))
        if any(_too_large(entry) for entry in theta_next):
            return stop(DescentTooLarge(index=k + 1, limit_digits=MAX_DIGITS))
        next_shown = shown(theta_next)
        point = dict(zip(xs, theta_next, strict=True))
        loss_next = f.xreplace(point)
        if not _bad(loss_next):
            loss_next = tidy(loss_next)
            last = k + 1 == inputs.steps
            name = ANSWER if last and not inputs.ask else f"theta{k + 1}"
            next_shown = given.take(name, next_shown,
                                    after=(f"theta{k}",), read=iterate)
            if given:  # θ may be the student's: f is evaluated there
                theta_next = (next_shown,) if one else tuple(next_shown)
                point = dict(zip(xs, theta_next, strict=True))
                loss_next = tidy(f.xreplace(point))
        named.append((f"theta{k + 1}", Value(next_shown)))
        undefined = _bad(loss_next)
        steps.append(DescentIteration(
            index=k, theta=theta_shown, gradient=g_shown, loss=loss, learning_rate=eta,
            scaled=shown(scaled), theta_next=next_shown,
            loss_next=None if undefined else loss_next))
        if undefined:
            return stop(_stopped(k + 1, next_shown, "loss", f, point))
        theta, theta_shown, loss = theta_next, next_shown, loss_next
    named.append((f"loss{inputs.steps}", Value(loss)))
    if not inputs.ask:
        return Solved(tuple(steps), Value(theta_shown), tuple(named))
    return _answer_asks(inputs, given, steps, named, theta_shown)


def _answer_asks(inputs, given: Given, steps: list, named: list, theta_shown) -> Solved:
    """The iterate and the answers to the part's questions about η, as named answers."""
    answers = [(f"theta{inputs.steps}", Value(theta_shown))]
    if "reaches_minimiser" in inputs.ask:
        theta1 = dict(named)["theta1"].value
        step, answer = one_step(inputs, theta1)
        steps.append(step)
        answers.append(("reaches_minimiser", _carried(given, "reaches_minimiser", answer,
                                                      ("theta1",))))
    if "converges" in inputs.ask:
        step, answer, bound_named = converges(inputs, given)
        steps.append(step)
        named.extend((name, value) for name, value in bound_named
                     if name not in dict(named))
        after = tuple(name for name, _ in bound_named)
        answers.append(("converges", _carried(given, "converges", answer, after)))
    return Solved(tuple(steps), Named(tuple(answers)), tuple(named))


def _carried(given: Given, name: str, answer, after: tuple[str, ...]):
    """An asked answer through ``given``: a value or a range follows from the student's
    earlier values; an answer saying none exists carries nothing."""
    if isinstance(answer, Value):
        return Value(given.take(name, answer.value, after=after))
    if isinstance(answer, Interval):
        return given.take(name, answer, after=after)
    return answer


def _in_rate(value):
    """An expression in the symbolic η, expanded, then factored with each factor written to
    start with its constant term where that keeps the sign in front positive: 3(1 − 2η)."""
    value = sympy.expand(value)
    if not value.free_symbols:
        return value
    try:
        coefficient, factors = sympy.factor_list(value)
    except sympy.PolynomialError:
        return value
    odd = [index for index, (base, exponent) in enumerate(factors)
           if exponent % 2 and base.as_coeff_add()[0].is_negative]
    if len(odd) % 2 and coefficient.is_positive:
        odd = odd[:-1]  # an odd number of sign changes would put a minus sign in front
    powers = []
    for index, (base, exponent) in enumerate(factors):
        if index in odd or (exponent % 2 == 0 and base.as_coeff_add()[0].is_negative):
            base = -base
            coefficient *= (-1) ** exponent
        powers.append(base**exponent)
    if len(powers) == 1 and coefficient == 1:
        return powers[0]
    if coefficient == 1:
        return sympy.Mul(*powers, evaluate=False)
    return sympy.Mul(coefficient, *powers, evaluate=False)


def _bad(value) -> bool:
    """True when a value is not a finite real number (zoo, nan, ±oo, or complex)."""
    value = sympy.sympify(value)
    if value.is_Rational:
        return False
    if value.has(*_BAD) or value.has(sympy.I):
        return True
    return value.is_extended_real is False or value.is_finite is False


def _too_large(value) -> bool:
    """True when an exact value has too many nodes or a number with too many digits."""
    limit_bits = int(MAX_DIGITS * 3.33)
    if value.is_Rational:
        return max(int(value.p).bit_length(), int(value.q).bit_length()) > limit_bits
    for count, node in enumerate(sympy.preorder_traversal(value)):
        if count > MAX_NODES:
            return True
        if isinstance(node, sympy.Rational) and \
                max(int(node.p).bit_length(), int(node.q).bit_length()) > limit_bits:
            return True
    return False


def _stopped(index: int, theta, part: str, expression, point: dict) -> DescentStopped:
    """Locate the innermost subexpression that leaves the domain at ``point``."""
    culprit, value = expression, expression.xreplace(point)
    for sub in sympy.postorder_traversal(expression):
        if sub.is_Atom or not (sub.free_symbols & point.keys()):
            continue
        sub_value = sub.xreplace(point)
        if _bad(sub_value):
            culprit, value = sub, sub_value
            break
    cause, argument = "infinite" if value.has(*_BAD) else "not_real", None
    if isinstance(culprit, sympy.log):
        argument = culprit.args[0].xreplace(point)
        if argument.is_zero:
            cause = "log_zero"
        elif argument.is_negative:
            cause = "log_negative"
    elif isinstance(culprit, sympy.Pow):
        argument = culprit.base.xreplace(point)
        exponent = culprit.exp
        if argument.is_zero and exponent.is_negative:
            cause = "division_by_zero"
        elif argument.is_negative and exponent.is_integer is False:
            cause = "root_negative"
    return DescentStopped(index=index, theta=theta, part=part, expression=culprit, value=value,
                          argument=argument, cause=cause)


_CAUSES = {
    "division_by_zero": "it divides by zero",
    "log_zero": "it takes the logarithm of 0",
    "log_negative": "it takes the logarithm of a negative number",
    "root_negative": "it takes an even root of a negative number",
    "not_real": "its value is not a real number",
    "infinite": "its value is infinite",
}


def _reason(step) -> str:
    if isinstance(step, DescentTooLarge):
        return (f"gradient descent stops before iterate {step.index}: its exact entries grow "
                f"beyond {MAX_DIGITS} digits (or too long an expression); ask for at most "
                f"{plural(step.index - 1, 'step')}")
    what = "f" if step.part == "loss" else "the gradient of f"
    return (f"gradient descent stops at iterate {step.index}: at θ = {_plain(step.theta)}, "
            f"{what} is undefined because {plain(step.expression)} is undefined there "
            f"({_CAUSES[step.cause]})")


def _plain(value) -> str:
    text = plain(value)
    if isinstance(text, list):
        return "(" + ", ".join(row[0] for row in text) + ")"
    return text
