"""Symbolic proof: ``simplify(a − b) == 0`` or ``(a − b).equals(0)``.

The proof runs under the domain's assumptions, in a forked child under a hard time limit
(see ``limits``). It is attempted when sampling found fewer than ``MIN_POINTS`` points where
both sides are defined, or for every agreement when ``Policy.prove`` is set; when the proof
fails or times out, agreement at ``MIN_POINTS`` or more points still counts as equal
(``numeric``), fewer leaves the answer undecided (``equal=None``).

A proof that decided (proved, or finished without a proof) is remembered for the process,
with its time limit; one stopped by the time limit or by an error is not, so trying it
again may still decide it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import sympy

from solver.check.compare.compiler import free
from solver.check.compare.policy import ASSUMPTIONS, Comparison, Policy
from solver.check.compare.sampler import MIN_POINTS, Agreement
from solver.plural import plural
from solver.time_limits import OK, run_with_time_limit

REMEMBERED = 1024  # decided proofs remembered, the least recently used forgotten first
_decided: OrderedDict[tuple[Any, float], tuple[str, Any]] = OrderedDict()
_lock = threading.Lock()


def _proves_zero(difference) -> bool:
    """True when SymPy shows ``difference`` is identically zero."""
    if sympy.simplify(difference) == 0:
        return True
    return difference.equals(0) is True


def proof(difference, seconds: float) -> tuple[str, Any]:
    """``run_with_time_limit(_proves_zero, (difference,), seconds)``, remembered when it
    decided ("ok")."""
    key = (difference, seconds)
    with _lock:
        known = _decided.get(key)
        if known is not None:
            _decided.move_to_end(key)
            return known
    outcome = run_with_time_limit(_proves_zero, (difference,), seconds)
    if outcome[0] == OK:
        with _lock:
            _decided[key] = outcome
            while len(_decided) > REMEMBERED:
                _decided.popitem(last=False)
    return outcome


def remembered(difference, seconds: float) -> tuple[str, Any] | None:
    """The remembered outcome of a proof about ``difference`` within ``seconds``; None
    when there is none."""
    return _decided.get((difference, seconds))


def by_proof(expected, student, policy: Policy, agreement: Agreement) -> Comparison:
    """Equal when proved, else by the number of agreeing points (see the module docstring)."""
    constant = agreement.constant
    enough = constant or len(agreement.points) >= MIN_POINTS
    numeric = "tolerance" if agreement.loose else "numeric"
    if constant:
        sampled = "agree to 25 digits"
    else:
        sampled = f"agree at {plural(len(agreement.points), 'random point')}"
    if enough and not policy.prove:
        return Comparison(True, numeric, sampled, agreement.points)
    difference = _with_domain(expected - student, policy)
    status, proved = proof(difference, policy.proof_seconds)
    if status == "ok" and proved:
        return Comparison(True, "symbolic", "the difference simplifies to 0", agreement.points)
    failed = {"ok": "no proof found", "timeout": "the proof timed out",
              "error": "the proof failed"}[status]
    if enough:
        return Comparison(True, numeric, f"{sampled} ({failed})", agreement.points)
    return Comparison(None, "symbolic", f"undecided: only "
                      f"{plural(len(agreement.points), 'sampled point')} where both sides are "
                      f"defined, and {failed}", agreement.points)


def _with_domain(expr, policy: Policy):
    """expr with each symbol replaced by one of the same name with the domain's assumptions."""
    swap = {}
    for s in free(expr):
        kind = policy.kind_of(s)
        assumptions = dict(ASSUMPTIONS.get(kind.replace("_integer", ""), {}))
        if kind.endswith("integer"):
            assumptions["integer"] = True
        swap[s] = sympy.Symbol(s.name, **assumptions)
    return expr.xreplace(swap)
