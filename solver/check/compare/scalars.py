"""Two scalars, from cheap to expensive: identical, exact, identity, sampling, proof.

1. exact — two numbers are compared exactly; a number the student wrote in decimals is
   judged by the policy (``decimals``).
2. identity — rational functions with rational coefficients (both sides built from
   symbols, rationals, +, × and integer powers, within size guards) are decided exactly by
   evaluation modulo a 61-bit prime at seeded random points (see ``identity``): a
   constant term off by 1 beside terms of size 10^13 is seen. Decimals judged by a
   tolerance are left to sampling.
3. numeric — sampling at seeded random points (``sampler``); one point that differs
   refutes, with a counterexample. Agreement at ``MIN_POINTS`` or more points is accepted as
   equality (``decided_by="numeric"``): a symbolic proof costs 10–1000 times more than
   sampling, and the checker has to keep up with thousands of answers per second.
4. symbolic — a proof under a time limit (``proofs``), when sampling found too few points
   or the policy asks for one.
"""

from __future__ import annotations

import sympy

from solver.check import identity
from solver.check.compare.compiler import free
from solver.check.compare.counterexamples import simple_points
from solver.check.compare.decimals import decimal_rules
from solver.check.compare.policy import Comparison, Policy
from solver.check.compare.proofs import by_proof
from solver.check.compare.sampler import by_sampling
from solver.check.compare.shown import fmt, show

Rational = sympy.Rational
IDENTICAL = "equal: identical expressions"


def compare_scalars(expected, student, policy: Policy, decimals: bool,
                    significant: int | None) -> Comparison:
    """Compare two scalar expressions (see the module docstring); ``significant``: the
    figures the student wrote."""
    expected, student = _unify_symbols(expected, student)
    if expected == student and not decimals:
        return Comparison(True, "exact", IDENTICAL)
    verdict = _by_exact(expected, student, policy, decimals, significant)
    if verdict is not None:
        return verdict
    identical = _by_identity(expected, student, policy, decimals)
    if identical is True and not policy.prove:
        return Comparison(True, "exact", "equal as rational functions")
    sampled = by_sampling(expected, student, policy, decimals)
    if isinstance(sampled, Comparison):
        return sampled
    if identical is False:
        return _exact_counterexample(expected, student, policy, decimals)
    return by_proof(expected, student, policy, sampled)


def _unify_symbols(expected, student):
    """Read the student's symbols as the engine's symbols of the same name."""
    mine, theirs = free(expected), free(student)
    if not mine or not theirs or theirs <= mine:
        return expected, student
    by_name = {s.name: s for s in mine}
    swap = {s: by_name[s.name] for s in theirs if s.name in by_name and by_name[s.name] != s}
    return expected, (student.xreplace(swap) if swap else student)


def _by_exact(expected, student, policy: Policy, decimals: bool,
              significant: int | None) -> Comparison | None:
    """Two numbers without symbols: exactly, or by the policy when written in decimals."""
    if free(expected) or free(student):
        return None
    if decimals or (policy.sigfigs is not None and student.is_Integer and expected != student):
        return decimal_rules(expected, student, policy, significant)  # 1170 is 3 figures too
    if expected.is_Rational and student.is_Rational:
        if expected == student:
            return Comparison(True, "exact", "equal")
        return _different_numbers(expected, student)
    return None


def exact_numbers(expected: sympy.Rational, student: sympy.Rational) -> Comparison:
    """What ``compare_scalars`` finds for two rationals when the student wrote no decimals
    and no significant figures are asked for: identical, or different."""
    if expected == student:
        return Comparison(True, "exact", IDENTICAL)
    return _different_numbers(expected, student)


def _different_numbers(expected, student) -> Comparison:
    return Comparison(False, "exact", f"expected {show(expected)}, got {show(student)}")


def _by_identity(expected, student, policy: Policy, decimals: bool) -> bool | None:
    """Rational functions with rational coefficients, decided exactly (see ``identity``);
    None for other answers, and for decimals judged by a tolerance."""
    if decimals and not policy.exact:
        return None
    if not (free(expected) or free(student)) or not identity.applies(expected, student):
        return None
    return identity.identical(expected, student, _sorted_symbols(expected, student),
                              policy.seed)


def _sorted_symbols(expected, student) -> tuple:
    return tuple(sorted(free(expected) | free(student), key=lambda s: (s.name, s.sort_key())))


def _exact_counterexample(expected, student, policy: Policy, decimals: bool) -> Comparison:
    """Two rational functions that differ where sampling saw them agree (terms far larger
    than their difference): exact values at the simplest point where they differ."""
    symbols = _sorted_symbols(expected, student)
    kinds = tuple(policy.kind_of(s) for s in symbols)
    for point in simple_points(kinds):
        ints = tuple(int(v) for v in point)
        want = identity.exact_value(expected, symbols, ints)
        got = identity.exact_value(student, symbols, ints)
        if want is None or got is None or want == got:
            continue
        at = {s.name: v for s, v in zip(symbols, ints, strict=True)}
        where = ", ".join(f"{name} = {fmt(v, 6)}" for name, v in at.items())
        shown = [show(Rational(v.numerator, v.denominator), decimals) for v in (want, got)]
        return Comparison(False, "exact", f"differs at {where}: expected {shown[0]}, got "
                          f"{shown[1]}", (tuple(at.items()),),
                          counterexample={"at": at, "expected": shown[0], "got": shown[1]})
    return Comparison(False, "exact", "the difference is not the zero rational function")
