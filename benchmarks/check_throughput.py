"""Answers checked per second, warm, next to a naive ``simplify(a - b) == 0`` checker.

    python benchmarks/check_throughput.py [--answers N] [--naive N] [--repetitions N]

The answer set is built from every key of problems/: each right answer in plain math, in
LaTeX, rearranged (expanded, factored) and (for numbers) as a rounded decimal, and a wrong
answer (negated) — expressions, vectors, matrices, decimals, intervals, parametric
families, point sets and special answers. Both checkers read the same
answers with the same parser; the naive one then calls ``simplify`` on every difference
(entry by entry for matrices), as checkers without a cheap-to-expensive cascade do. The
naive checker and the reader alone run on the distinct answers: reading is the floor under
any checker that reads with this parser, so it bounds the speed-up on distinct answers.

What is prepared before the timed sets (the answer set, the solved keys, their typical
mistakes) is then frozen (``gc.freeze``), as it is in a worker of ``hwsolver grade``, so that
no collection in the timed sets walks it.

The distinct answers are also checked with the checker's shortcuts off (lark alone parses,
every answer is read into SymPy and compared there) and on, in turn, several times: the
medians, the speed-up and how many answers the shortcuts decide without SymPy. Math-Verify's
``verify(parse(gold), parse(answer))`` runs on the same pairs, warm, when ``math_verify`` is
installed (``pip install -e '.[bench]'``; it is not a dependency of the checker).
"""

from __future__ import annotations  # noqa: I001 - solver first: it sizes SymPy's cache

import solver  # noqa: F401
import argparse
import gc
import itertools
import random
import statistics
import time
from pathlib import Path

import sympy
import sympy.core.cache as sympy_cache

import solver.check.latex as latex_translation
import solver.expr.parser as expression_parser
from solver import answers as A
from solver.check import fast
from solver.check.checker import (
    CheckRun,
    _read,
    _student_value,
    check_answer,
    expected_keys,
    shortcut_verdict,
)
from solver.check.fast import trees
from solver.check.read import read_answer
from solver.check.values import Written
from solver.expr.parser import _parse
from solver.render.printing import latex, plain
from solver.solving import solve_set
from solver.spec.load import load_spec

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATE = 2000
TARGET_SPEEDUP = 50
TARGET_DISTINCT = 4000  # distinct answers per second, shortcuts on
TARGET_VERSUS_MATH_VERIFY = 100  # times Math-Verify's answers per second on the same pairs


def answer_forms(expected) -> list:
    """Right and wrong answers for one key, as a student would type them."""
    answer = expected.answer
    symbolic_matrix = isinstance(answer, A.Value) and isinstance(
        answer.value, sympy.MatrixExpr) and not isinstance(answer.value, sympy.MatrixBase)
    if isinstance(answer, A.Value) and not symbolic_matrix and not isinstance(
            answer.value, sympy.logic.boolalg.Boolean):
        value = answer.value
        forms = [plain(value), latex(value)]
        if isinstance(value, sympy.Expr | sympy.MatrixBase):  # wrong: negated (a set is not)
            forms.append(plain(-value) if value != 0 else plain(value + 1))
        if isinstance(value, sympy.Expr) and value.free_symbols:  # rearranged, as typed
            forms += [plain(sympy.expand(value)), plain(sympy.factor(value))]
        if isinstance(value, sympy.Expr) and value.is_number and not value.is_Integer \
                and value.is_real is not False:
            forms.append(str(sympy.Float(value, 12) if value.is_Rational else sympy.N(value, 12)))
        return forms
    if isinstance(answer, A.Interval):
        return [f"{plain(answer.lower)} < {answer.variable} < {plain(answer.upper)}",
                f"0 < {answer.variable} < {plain(answer.upper / 2)}"]
    if isinstance(answer, A.InfinitelyMany):
        terms = " + ".join(f"{t} {plain(v)}" for t, v in zip(answer.parameters, answer.basis,
                                                              strict=True))
        return [f"x = {plain(answer.particular)} + {terms}", plain(answer.particular)]
    if isinstance(answer, A.PointSet) and answer.points:
        points = ", ".join("(" + ", ".join(plain(c) for c in p.coordinates) + ")"
                           for p in answer.points)
        return ["{" + points + "}", "(" + ", ".join(
            plain(c) for c in answer.points[0].coordinates) + ")"]
    if isinstance(answer, A.NoSolution):
        return ["no solution", "[1, 2]"]
    if isinstance(answer, A.Undefined):
        return ["undefined", "0"]
    return []


def build(count: int) -> list[tuple]:
    pool = []
    for spec in sorted((ROOT / "problems").glob("*.yaml")):
        for expected in expected_keys(solve_set(load_spec(spec))):
            pool.extend((expected, form) for form in answer_forms(expected))
    return list(itertools.islice(itertools.cycle(pool), max(count, len(pool))))


def naive_check(expected, raw) -> bool:
    names = {s.name: s for s in getattr(expected.answer, "value", sympy.S(0)).free_symbols} \
        if isinstance(expected.answer, A.Value) else {}
    student = read_answer(raw, names)
    if not isinstance(student, Written) or not isinstance(expected.answer, A.Value):
        return False
    a, b = expected.answer.value, student.value
    if isinstance(a, sympy.MatrixBase):
        if not isinstance(b, sympy.MatrixBase) or a.shape != b.shape:
            return False
        return all(sympy.simplify(x - y) == 0 for x, y in zip(a, b, strict=True))
    if isinstance(b, sympy.MatrixBase):
        return False
    return sympy.simplify(a - b) == 0


def rate(function, items) -> tuple[float, float]:
    """Answers per second and seconds; a full garbage collection first, so that one does
    not fall inside one set's timing and not another's."""
    gc.collect()
    start = time.perf_counter()
    for expected, raw in items:
        function(expected, raw)
    seconds = time.perf_counter() - start
    return len(items) / seconds, seconds


def a_class(items: list[tuple], students: int) -> list[tuple]:
    """Every student answers every key, mostly right (as typed, in LaTeX, rearranged),
    sometimes wrong: forms drawn with fixed weights from a seeded generator."""
    forms: dict[str, list] = {}
    keys = {}
    for expected, raw in items:
        keys.setdefault(expected.key, expected)
        if raw not in forms.setdefault(expected.key, []):
            forms[expected.key].append(raw)
    draw = random.Random(20261122)
    answers = []
    for _ in range(students):
        for key, expected in keys.items():
            choices = forms[key]
            weights = [6, 2, 2, 1, 1, 1][: len(choices)]
            answers.append((expected, draw.choices(choices, weights)[0]))
    return answers


def measured(label: str, items: list[tuple], sample: int) -> tuple:
    """hwsolver with a fresh run (every answer read and compared anew; the typical-mistake
    answers of each part, generated once per class and timed on their own, come ready), then
    the naive checker and the reader alone on an evenly spaced sample of the same answers."""
    _read.cache_clear()
    _parse.cache_clear()
    run = CheckRun()
    for expected, _ in items:
        run.of(expected.entry)
    answers_per_second, seconds = rate(lambda e, r: check_answer(e, r, run), items)
    sampled = items[:: max(1, len(items) // sample)][:sample]
    naive, _ = rate(naive_check, sampled)
    _read.cache_clear()
    _parse.cache_clear()
    reading, _ = rate(lambda e, r: _student_value(e, r), sampled)
    return label, len(items), seconds, answers_per_second, naive, reading


def shortcuts(on: bool) -> None:
    """Every shortcut of checking on or off (see ``solver.check.fast``)."""
    expression_parser.QUICK = on
    latex_translation.QUICK = on
    fast.ON = on


def with_and_without(items: list[tuple], found: CheckRun, repetitions: int) -> tuple:
    """Median answers/s with the shortcuts off and on, measured in turn, each time with
    fresh caches and a fresh run (the typical mistakes come ready)."""
    rates: dict[bool, list[float]] = {False: [], True: []}
    try:
        for _ in range(repetitions):
            for on in (False, True):
                shortcuts(on)
                _read.cache_clear()
                _parse.cache_clear()
                run = found.fresh()
                rates[on].append(rate(lambda e, r, run=run: check_answer(e, r, run), items)[0])
    finally:
        shortcuts(True)
    return statistics.median(rates[False]), statistics.median(rates[True])


def without_sympy_values(distinct: list[tuple], run: CheckRun) -> int:
    """How many answers the shortcuts decide without reading any part of them into SymPy
    (a wrong matrix of rational functions reads its first wrong entry, for the
    counterexample): counted with that reading refused."""
    def refused(*_args, **_kwargs):
        raise trees.Outside("counting the answers decided without SymPy")

    reading, trees.to_sympy = trees.to_sympy, refused
    try:
        return sum(shortcut_verdict(e, r, run, None) is not None for e, r in distinct)
    finally:
        trees.to_sympy = reading


def math_verify_rate(items: list[tuple]) -> float | None:
    """Math-Verify's verify(parse(gold), parse(answer)) per second on the same pairs (the
    gold in LaTeX); None when math_verify is not installed."""
    try:
        from math_verify import parse as mv_parse
        from math_verify import verify
    except ImportError:
        return None
    pairs = []
    for expected, raw in items:
        answer = expected.answer
        gold = latex(answer.value) if isinstance(answer, A.Value) else str(answer)
        pairs.append((f"${gold}$", raw if isinstance(raw, str) else str(raw)))

    def one(gold, given):
        try:
            verify(mv_parse(gold), mv_parse(given))
        except Exception:  # noqa: BLE001 - a failure is an answer it could not check
            pass
    for gold, given in pairs[:20]:  # warm: its parsers built, its caches filled
        one(gold, given)
    return rate(one, pairs)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1200)
    parser.add_argument("--students", type=int, default=100,
                        help="class size for the class line (every student answers every key)")
    parser.add_argument("--naive", type=int, default=500,
                        help="answers of each set given to the naive checker and to the reader")
    parser.add_argument("--repetitions", type=int, default=3,
                        help="runs of the distinct answers with the shortcuts off and on")
    args = parser.parse_args()
    items = build(args.answers)
    warm = CheckRun()  # warm the process (imports, parser tables, SymPy's own caches)
    for expected, raw in items:
        check_answer(expected, raw, warm)
    distinct = list({(e.key, repr(r)): (e, r) for e, r in items}.values())
    start = time.perf_counter()
    run = CheckRun()
    for entry in {id(e.entry): e.entry for e, _ in items}.values():
        run.of(entry)
    mistakes_seconds = time.perf_counter() - start
    gc.freeze()  # as a grading worker checks: what was prepared before it is frozen (pool.py)
    rows = [measured("every answer distinct", distinct, args.naive),
            measured(f"mixed set ({len(items)} answers)", items, args.naive),
            measured(f"a class of {args.students} students",
                     a_class(items, args.students), args.naive)]
    kinds = {type(e.answer).__name__ for e, _ in items}
    print(f"SymPy's cache: {sympy_cache.SYMPY_CACHE_SIZE} results per cached function "
          "(hwsolver's size; SYMPY_CACHE_SIZE sets another)")
    print(f"answer set: {len(items)} answers over {len({e.key for e, _ in items})} keys "
          f"({', '.join(sorted(kinds))}); {len(distinct)} distinct")
    print(f"typical mistakes of all parts generated in {mistakes_seconds:.2f} s "
          "(once per class, not included below)")
    print("answers/s on one core; the naive simplify(a - b) == 0 checker and the reader alone "
          f"run on up to {args.naive} answers of the same set")
    print(f"{'answer set':<32} {'answers':>8} {'seconds':>8} {'hwsolver':>9} {'naive':>7} "
          f"{'vs naive':>9} {'reading':>8} {'bound':>7}")
    for label, count, seconds, per_second, naive, reading in rows:
        print(f"{label:<32} {count:8d} {seconds:8.2f} {per_second:9.0f} {naive:7.0f} "
              f"{per_second / naive:8.0f}x {reading:8.0f} {reading / naive:6.1f}x")
    print("bound: reading alone / naive. Without remembering verdicts of repeated answers, a "
          "checker that reads\nevery answer with this reader beats the naive one by at most this "
          "on a set (the shortcuts\nread some answers without it).")
    off, on = with_and_without(distinct, run, args.repetitions)
    decided = sum(shortcut_verdict(e, r, run, None) is not None for e, r in distinct)
    unread = without_sympy_values(distinct, run)
    verifying = math_verify_rate(distinct)
    print()
    print(f"distinct answers, shortcuts off and on in turn ({args.repetitions} runs each, "
          f"medians): {off:.0f} and {on:.0f} answers/s, {on / off:.2f}x; "
          f"{decided} of {len(distinct)} decided by the shortcuts, {unread} of them without "
          "reading any part of the answer into SymPy")
    print("Math-Verify verify(parse(gold), parse(answer)) on the same pairs: "
          + ("not installed" if verifying is None else
             f"{verifying:.0f} answers/s; hwsolver {on / verifying:.0f}x"))
    print()
    print(f"every answer distinct: >= {TARGET_DISTINCT} answers/s with the shortcuts "
          f"{'met' if on >= TARGET_DISTINCT else 'NOT met'}")
    if verifying is not None:
        print(f"every answer distinct: >= {TARGET_VERSUS_MATH_VERIFY}x Math-Verify "
              f"{'met' if on >= TARGET_VERSUS_MATH_VERIFY * verifying else 'NOT met'}")
    for label, _, _, per_second, naive, _ in rows:
        print(f"{label}: >= {TARGET_RATE} answers/s "
              f"{'met' if per_second >= TARGET_RATE else 'NOT met'}; >= {TARGET_SPEEDUP}x "
              f"the naive checker {'met' if per_second / naive >= TARGET_SPEEDUP else 'NOT met'}")


if __name__ == "__main__":
    main()
