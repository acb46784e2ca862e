"""Values sent between processes come back as they were built (``solver.pickled``)."""

from __future__ import annotations

import pickle
from pathlib import Path

import sympy
from sympy import Mul, Pow, Rational, Symbol

from solver import pickled
from solver.grade.ready import prepared_grader
from solver.grade.work import grader_from_text
from solver.render.document import render
from solver.render.printing import latex
from solver.time_limits import OK, run_with_time_limit

ROOT = Path(__file__).resolve().parent.parent
a, x = Symbol("alpha"), Symbol("x")
FACTORED = Mul(4, 28 * a**2 - 10 * a + 1, evaluate=False)
BUILT = (FACTORED, Pow(Rational(1, 2), 2, evaluate=False),
         sympy.Matrix([[FACTORED, x], [Mul(2, x + 1, evaluate=False), 0]]))


def test_plain_pickling_evaluates_again_and_ours_does_not():
    assert latex(pickle.loads(pickle.dumps(FACTORED))) != latex(FACTORED)
    for value in BUILT:
        copy = pickled.loads(pickled.dumps(value))
        assert latex(copy) == latex(value) and sympy.srepr(copy) == sympy.srepr(value)


def test_a_copy_is_taken_only_with_the_structure_it_was_sent_with():
    data = pickled.dumps(FACTORED)
    assert pickled.copy_back(data, pickled.fingerprint(FACTORED)) == FACTORED
    assert pickled.copy_back(data, pickled.fingerprint(sympy.expand(FACTORED))) is None
    assert pickled.copy_back(data, None) is None
    assert pickled.fingerprint([1, 2]) == pickled.fingerprint([1, 2])
    loop: list = []
    loop.append(loop)
    assert pickled.fingerprint(loop) is None


def _factored():
    return FACTORED


def test_a_value_from_a_time_limited_child_prints_as_built():
    status, value = run_with_time_limit(_factored, (), 10)
    assert status == OK and latex(value) == latex(FACTORED)


def test_a_set_solved_in_two_processes_renders_as_in_one():
    spec = ROOT / "problems" / "dl-optimisation-and-layers.yaml"
    one = grader_from_text(spec.read_text(), str(spec), 60)
    two = prepared_grader(spec.read_text(), str(spec), 60, 2)
    for fmt in ("markdown", "latex"):
        assert render(one.solved, fmt) == render(two.solved, fmt)
    assert one.spec_sha256 == two.spec_sha256
