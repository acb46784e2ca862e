"""The comparison's parts: proofs remembered only when decided, undefined points told from
bugs, decimals read from text in one place, and modules of a readable size."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from solver import answers as A
from solver.check.compare import compare, proofs
from solver.check.compare.compiler import float_value, mp_value
from solver.check.compare.decimals import has_decimals, written_decimals
from solver.check.compare.policy import Policy
from solver.check.values import Written
from solver.time_limits import run_with_time_limit

PACKAGE = Path(__file__).resolve().parent.parent / "solver" / "check" / "compare"


def test_a_timed_out_proof_is_not_remembered():
    u = sympy.Symbol("u_layout", real=True)
    difference = (u**2 - 1) / (u - 1) - (u + 1)
    assert proofs.proof(difference, 0.0) == ("timeout", None)
    assert proofs.remembered(difference, 0.0) is None
    assert proofs.proof(difference, 10.0) == ("ok", True)
    assert proofs.remembered(difference, 10.0) == ("ok", True)


def test_a_timed_out_proof_is_tried_again_and_a_decided_one_is_not(monkeypatch):
    w = sympy.Symbol("w_layout", real=True)
    difference = sympy.sin(w) ** 2 + sympy.cos(w) ** 2 - 1
    calls = []

    def counting(function, args, seconds):
        calls.append(seconds)
        return run_with_time_limit(function, args, seconds)

    monkeypatch.setattr(proofs, "run_with_time_limit", counting)
    assert proofs.proof(difference, 0.0)[0] == proofs.proof(difference, 0.0)[0] == "timeout"
    assert proofs.proof(difference, 10.0) == proofs.proof(difference, 10.0) == ("ok", True)
    assert calls == [0.0, 0.0, 10.0]


def test_a_comparison_whose_proof_timed_out_falls_back_to_sampling():
    v = sympy.Symbol("v_layout")
    expected, student = A.Value(v + 1), Written((v**2 - 1) / (v - 1), "(v^2 - 1)/(v - 1)")
    hurried = compare(expected, student, Policy(prove=True, proof_seconds=0.0))
    assert (hurried.equal, hurried.decided_by) == (True, "numeric")
    assert "timed out" in hurried.reason
    patient = compare(expected, student, Policy(prove=True, proof_seconds=10.0))
    assert (patient.equal, patient.decided_by) == (True, "symbolic")


def test_an_undefined_point_is_none():
    x = sympy.Symbol("x")
    assert float_value(1 / x, (x,), (0.0,)) is None
    assert float_value(sympy.log(x), (x,), (-1.0,)) is None
    assert float_value(sympy.exp(x), (x,), (1e6,)) is None
    assert mp_value(1 / x, (x,), (0.0,)) is None
    assert mp_value(sympy.sqrt(x), (x,), (-1.0,)) is None


def test_a_bug_in_an_evaluator_is_raised_not_read_as_undefined():
    x = sympy.Symbol("x")

    def broken(*point):
        raise AttributeError("'Kit' object has no attribute 'number'")

    with pytest.raises(AttributeError):
        float_value(x, (x,), (1.0,), broken)


def test_decimals_are_read_from_text_in_one_place():
    assert has_decimals("0.5 < x") and has_decimals(".5") and not has_decimals("1/2")
    assert written_decimals("(0.2930, 12.5, 3)") == [(4, 4), (3, 1)]
    assert written_decimals("1e-3") == []


def test_every_module_of_the_comparison_is_short():
    lengths = {path.name: len(path.read_text().splitlines())
               for path in PACKAGE.glob("*.py")}
    assert lengths and max(lengths.values()) <= 400, lengths
