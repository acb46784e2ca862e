"""Time solving and rendering every set in problems/, next to baselines measured in the same run.

    python benchmarks/solve_all.py [--repeat N] [--pdf]

Cold: a fresh process running ``hwsolver solve problems/*.yaml --format tex`` (what a user
waits for), compared with a bare interpreter and with ``import sympy`` alone (the floor
no SymPy program can beat); "first run" is the same with an empty cache of compiled
templates (``HWSOLVER_CACHE_DIR``), as on a machine where hwsolver has not run yet. Warm:
load + solve + render of each set inside one process.
``--pdf`` also times the whole of problems/ to PDF, TeX included. The two decimal networks
of tests/fixtures/networks/ (Mazur's 2-2-2 sigmoid walkthrough and a 3-layer tanh/sigmoid
network on a batch of 6 with an update) are timed cold in the same run, with their figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from solver.plural import noun

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "problems").glob("*.yaml"))
FIXTURES = ROOT / "tests" / "fixtures" / "networks"
NETWORKS = {"Mazur 2-2-2 sigmoid walkthrough": FIXTURES / "mazur-walkthrough.yaml",
            "tanh/sigmoid 3 layers, batch 6": FIXTURES / "tanh-sigmoid-batch6.yaml"}
TARGET_COLD_SECONDS = 3.0
TARGET_PDF_SECONDS = 10.0
TARGET_NETWORK_SECONDS = 5.0


def time_command(command: list[str], repeat: int, first_run: bool = False) -> float:
    """The median time of ``command``; with ``first_run``, each time with an empty cache
    of compiled templates (as on a machine where hwsolver has not run yet)."""
    samples = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="hwsolver-cache-") as cache:
            env = {**os.environ, "HWSOLVER_CACHE_DIR": cache} if first_run else None
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def warm_per_set(repeat: int) -> dict[str, float]:
    from solver.render.document import render
    from solver.solving import solve_set
    from solver.spec.load import load_spec

    for spec in SPECS:  # first pass pays for imports and caches
        render(solve_set(load_spec(spec)), "latex")
    timings = {}
    for spec in SPECS:
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            render(solve_set(load_spec(spec)), "latex")
            samples.append(time.perf_counter() - start)
        timings[spec.stem] = statistics.median(samples)
    return timings


def warm_per_kind(repeat: int) -> dict[str, tuple[int, float]]:
    """Solve time of every part in problems/, summed by kind: (parts, seconds per pass)."""
    from solver.kinds import KINDS
    from solver.spec.load import load_spec

    parts = [part for spec in SPECS for problem in load_spec(spec).problems
             for part in problem.parts]
    totals: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    for part in parts:
        counts[part.kind] = counts.get(part.kind, 0) + 1
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            KINDS[part.kind].solve(part.inputs)
            samples.append(time.perf_counter() - start)
        totals.setdefault(part.kind, []).append(statistics.median(samples))
    missing = sorted(set(KINDS) - set(counts))
    if missing:
        print(f"  (kinds with no part in problems/: {', '.join(missing)})")
    return {kind: (counts[kind], sum(times)) for kind, times in sorted(totals.items())}


def network_figures() -> None:
    """Each network's loss before and after its update, and the warm solve and
    typical-mistake times."""
    from solver.check.mistakes import mistakes
    from solver.kinds import KINDS
    from solver.nn.network import CARRIED_DIGITS
    from solver.render.printing import plain
    from solver.spec.load import load_spec

    print(f"\ndecimal networks (carried at {CARRIED_DIGITS} digits, shown at the part's digits):")
    for name, path in NETWORKS.items():
        part = load_spec(path).problems[0].parts[0]
        start = time.perf_counter()
        solved = KINDS[part.kind].solve(part.inputs)
        solve = time.perf_counter() - start
        start = time.perf_counter()
        found = mistakes(part.kind, part.inputs, solved)
        check = time.perf_counter() - start
        answer = solved.answer
        figures = ", ".join(f"{key} = {plain(answer[key].value, True, part.digits)}"
                            for key in ("loss", "loss_new"))
        print(f"  {name:<34} {figures}; solve {solve * 1000:.0f} ms, "
              f"{len(found)} typical mistakes {check * 1000:.0f} ms")
        if path.stem.startswith("mazur"):
            outs = [plain(v, True, part.digits) for v in dict(solved.intermediates)["a1"].value]
            outs += [plain(v, True, part.digits) for v in dict(solved.intermediates)["a2"].value]
            print(f"  {'':<34} out_h1, out_h2, out_o1, out_o2 = {', '.join(outs)}; "
                  f"dE/dw5 = {plain(answer['W2'].value[0, 0], True, part.digits)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also time PDF output")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as out:
        solve = [python, "-m", "solver", "solve", *map(str, SPECS), "-o", out]
        rows = [
            ("baseline: python -c pass", time_command([python, "-c", "pass"], args.repeat)),
            ("baseline: python -c 'import sympy'",
             time_command([python, "-c", "import sympy"], args.repeat)),
            ("hwsolver --help", time_command([python, "-m", "solver", "--help"], args.repeat)),
            (f"cold: all {len(SPECS)} sets to .tex",
             time_command([*solve, "--format", "tex"], args.repeat)),
            (f"first run: all {len(SPECS)} sets to .tex",
             time_command([*solve, "--format", "tex"], args.repeat, first_run=True)),
        ]
        if args.pdf:
            rows.append((f"cold: all {len(SPECS)} sets to .pdf (TeX included)",
                         time_command([*solve, "--format", "pdf"], args.repeat)))
        networks = [(f"cold: {name} to .tex",
                     time_command([python, "-m", "solver", "solve", str(path), "-o", out,
                                   "--format", "tex"], args.repeat))
                    for name, path in NETWORKS.items()]
        rows.extend(networks)
    print(f"{'measurement':<48} {'seconds':>8}")
    for name, seconds in rows:
        print(f"{name:<48} {seconds:8.3f}")
    print(f"\nwarm, per set (load + solve + render .tex), median of {args.repeat}:")
    for stem, seconds in warm_per_set(args.repeat).items():
        print(f"  {stem:<46} {seconds * 1000:8.1f} ms")
    print(f"\nwarm, per kind (solve only, all its parts in problems/), median of {args.repeat}:")
    for kind, (count, seconds) in warm_per_kind(args.repeat).items():
        print(f"  {kind:<28} {count:3d} {noun(count, 'part'):<5} {seconds * 1000:10.1f} ms")
    network_figures()
    print()
    for how in ("cold", "first run"):
        seconds = rows[3 if how == "cold" else 4][1]
        print(f"target: all sets to .tex {how} < {TARGET_COLD_SECONDS} s: "
              f"{'met' if seconds < TARGET_COLD_SECONDS else 'NOT met'} ({seconds:.2f} s)")
    if args.pdf:
        pdf = rows[5][1]
        print(f"target: all sets to .pdf cold < {TARGET_PDF_SECONDS} s: "
              f"{'met' if pdf < TARGET_PDF_SECONDS else 'NOT met'} ({pdf:.2f} s)")
    for name, seconds in networks:
        print(f"target: {name.removeprefix('cold: ')} < {TARGET_NETWORK_SECONDS} s: "
              f"{'met' if seconds < TARGET_NETWORK_SECONDS else 'NOT met'} ({seconds:.2f} s)")


if __name__ == "__main__":
    main()
