"""Grade a generated class of 1,000 submissions with ``hwsolver grade``, next to a baseline.

    python benchmarks/grade_throughput.py [--students N] [--keep DIR] [--jobs-only]
                                          [--rounds N] [--cluster local:2]

The class comes from problems/: one spec with about 30 graded keys (the set with the most,
or, when no set has 25, the two sets whose keys add up closest to 30, their ``problems:``
lists joined in one spec). Each student answers every key, drawn from a seeded generator:
mostly right in varied forms (plain, LaTeX, rearranged, decimal; a classification such as
"strictly convex" in its words), typical mistakes (the answers the checker's mistake
generators produce, and negated answers, or another of a classification's options), some
keys left
out, some unreadable text and, in a few submissions, hostile answers (code, towers of
powers, huge powers, deep nesting). About 10% are LaTeX sheets with ``\\answer{key}{value}``,
the rest YAML or JSON; a few files are broken (empty, not UTF-8, duplicate keys, a YAML
alias bomb, an unclosed LaTeX group), a few are junk (``.DS_Store``, ``__MACOSX/``), and
two students share an id (``alice.yaml``, ``Alice.yaml``).

The class is graded by the command line as a user runs it, with ``--jobs 2`` and then
``--jobs 1`` into fresh output folders, five rounds of both in turn (``--rounds``); each
time shown is the median of its rounds, since one run on a shared machine can be 15%
slower than the next (single rounds' speed-ups range over a third of their median). The
speed-up is the median of the rounds' own (each round's ``--jobs 1`` time over its
``--jobs 2`` time, taken seconds apart): the machine's speed drifts from minute to minute,
and a round's two runs share its speed, where the two median times may come from rounds
far apart. The ratio of the median times is printed beside it.
``python -c 'import sympy'`` (what every process pays before any work) is timed in the
same run as the baseline. Before each run, what
earlier runs wrote is flushed to disk (``sync``, not timed), so that no run pays for
another's writing. Next to each time: the processor seconds the run and every process it
started used (``CPU s``, the median of the rounds) and how many cores that kept busy on
average (``cores``): a run's processor seconds change little from round to round, so a
slow round with as many of them was slowed by the machine, not by the run. The two runs'
grades.csv and results.json must be byte-identical. A
check of the verdicts against what each answer was generated to be follows the table.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import sympy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_throughput import answer_forms  # noqa: E402

from solver import answers as A  # noqa: E402
from solver.check.checker import CheckRun, Expected, check_answer, expected_keys  # noqa: E402
from solver.check.mistakes import mistakes  # noqa: E402
from solver.numbers import is_closed_form  # noqa: E402
from solver.render.printing import latex as latex_text  # noqa: E402
from solver.render.printing import plain  # noqa: E402
from solver.solving import solve_set  # noqa: E402
from solver.spec.load import load_spec  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "problems").glob("*.yaml"))
SEED = 20261123
TARGET_KEYS = 30
SINGLE_SET_KEYS = 25
TARGET_SECONDS = 60.0
SPEED_UP_TARGET = 1.5  # --jobs 2 against --jobs 1
CLUSTER_TARGET = 1.2  # --cluster local:2 may take at most this times --jobs 2
LATEX_SHARE = 0.10
HOSTILE_EVERY = 97  # one student in this many puts one hostile answer in
# "{x}" stands for a variable of the key the hostile answer goes to.
HOSTILE = ("__import__('os').system('echo hi')", "9^9^9^9", "({x}+1)^100000",
           "(" * 5000 + "{x}" + ")" * 5000)
INVALID = ("2x cos(", "sinx", "[[1, 2], [3", "x +* 2", "1/", "e^", "sqrt(x", "[1, 2]]")

# What an answer was generated to be, and the verdicts that agree with it.
RIGHT, UNREADABLE, MISTAKE, NEGATED, INVALID_TEXT, HOSTILE_TEXT, MISSING = (
    "right", "right, unreadable", "typical mistake", "wrong (negated)", "invalid text",
    "hostile", "missing")
AGREEING = {RIGHT: {"correct"}, UNREADABLE: {"invalid"}, MISTAKE: {"incorrect", "partial"},
            NEGATED: {"incorrect", "partial"}, INVALID_TEXT: {"invalid"},
            HOSTILE_TEXT: {"invalid", "incorrect", "undetermined"}, MISSING: {"missing"}}


class ClassError(Exception):
    """The class cannot be generated from problems/ as it stands."""


@dataclass(frozen=True)
class KeyAnswers:
    """What students write for one key: right forms (plain, LaTeX, and those the checker
    cannot read, which no student could get right), wrong ones."""

    expected: Expected
    right: tuple
    latex: tuple
    unreadable: tuple
    negated: tuple
    mistaken: tuple


@dataclass(frozen=True)
class ChosenSpec:
    path: Path
    sources: tuple[str, ...]
    keys: tuple[Expected, ...]


@dataclass
class GeneratedClass:
    """The files written and what every answer in them was generated to be."""

    submissions: int = 0
    answers: int = 0
    intended: dict[tuple[str, str], str] = field(default_factory=dict)
    broken: tuple[str, ...] = ()
    junk: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()
    formats: Counter = field(default_factory=Counter)
    unreadable: tuple[str, ...] = ()  # keys with right forms the checker cannot read


@dataclass(frozen=True)
class Run:
    label: str
    seconds: float  # the median of ``samples``
    returncode: int
    stdout: str
    stderr: str
    out: Path
    samples: tuple[float, ...] = ()
    processor: float = 0.0  # processor seconds of the run and every process it started


# --- the spec ---------------------------------------------------------------------------

def graded(path: Path) -> tuple[Expected, ...]:
    return tuple(e for e in expected_keys(solve_set(load_spec(path))) if e.graded)


def problems_block(text: str, file: str) -> tuple[str, str]:
    """A spec's text before its ``problems:`` line and the list after it, which must end
    the file (nothing at the top level follows)."""
    head, marker, block = text.partition("\nproblems:\n")
    if not marker:
        raise ClassError(f"{file}: no top-level 'problems:' line")
    for line in block.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            raise ClassError(f"{file}: '{line}' follows the problems list at the top level")
    return head, block


def choose_spec(folder: Path) -> ChosenSpec:
    """The set with the most graded keys if it has enough; else two sets joined."""
    counted = {path: graded(path) for path in SPECS}
    best = max(SPECS, key=lambda path: (len(counted[path]), path.name))
    if len(counted[best]) >= SINGLE_SET_KEYS:
        return ChosenSpec(best, (best.name,), counted[best])
    pairs = []
    for first, second in itertools.combinations(SPECS, 2):
        ids = [p.id for path in (first, second) for p in load_spec(path).problems]
        if len(ids) == len(set(ids)):
            total = len(counted[first]) + len(counted[second])
            pairs.append((abs(total - TARGET_KEYS), -total, first.name, second.name,
                          first, second))
    if not pairs:
        raise ClassError("no two sets of problems/ have distinct problem ids")
    *_, first, second = min(pairs)
    head, block = problems_block(first.read_text(encoding="utf-8"), first.name)
    second_head, more = problems_block(second.read_text(encoding="utf-8"), second.name)
    for line in second_head.splitlines():
        if line.strip() and not line.startswith(("#", "title:")):
            raise ClassError(f"{second.name}: '{line}' at the top level would be lost when "
                             f"its problems join {first.name}'s")
    if _indent(block) != _indent(more):
        raise ClassError(f"{first.name} and {second.name} indent their problems differently")
    title = f"{load_spec(first).title} + {load_spec(second).title}"
    head = "\n".join(f"title: {yaml_scalar(title)}" if line.startswith("title:") else line
                     for line in head.splitlines())
    path = folder / "class-spec.yaml"
    path.write_text(f"{head}\nproblems:\n{block.rstrip()}\n{more}", encoding="utf-8")
    return ChosenSpec(path, (first.name, second.name), graded(path))


def _indent(block: str) -> int:
    first = next(line for line in block.splitlines() if line.strip()
                 and not line.lstrip().startswith("#"))
    return len(first) - len(first.lstrip())


# --- the answers ------------------------------------------------------------------------

def key_answers(expected: Expected, run: CheckRun) -> KeyAnswers:
    """answer_forms' right and wrong answers for the key and its typical mistakes, each
    as the checker reads it (a form it cannot read at all is kept apart)."""
    forms = _distinct(answer_forms(expected))
    closed = isinstance(expected.answer, A.Value) and is_closed_form(expected.answer.value)
    if closed:  # written with the matrices' names: X^-T, 2 A x
        value = expected.answer.value
        right, wrong = [plain(value), latex_text(value)], [plain(-value)]
    elif isinstance(expected.answer, A.Value):
        wrong = answer_forms(expected)[2:3]  # none for a closed form or a truth value
        right = [f for f in forms if f not in wrong]
    elif isinstance(expected.answer, A.Word):  # a classification: the other options are wrong
        word = expected.answer.word
        right = [word, word.capitalize()]
        wrong = [option for option in expected.answer.options if option != word]
    else:
        right, wrong = forms[:1], forms[1:]
    entry = expected.entry
    mistaken = [plain(m.answer.value) if isinstance(m.answer, A.Value) else m.answer.word
                for m in mistakes(entry.part.kind, entry.part.inputs, entry.solved)
                if m.name == expected.name and isinstance(m.answer, A.Value | A.Word)]
    mistaken = [f for f in _distinct(mistaken) if f not in wrong]

    def readable(found) -> tuple:
        return tuple(f for f in map(_fixed, found)
                     if check_answer(expected, f, run).status != "invalid")

    typed = readable(right)
    unreadable = tuple(f for f in map(_fixed, right) if f not in typed)
    latex = tuple(f for f in typed if isinstance(f, str) and "\\" in f)
    return KeyAnswers(expected, tuple(f for f in typed if f not in latex), latex,
                      unreadable, readable(wrong), readable(mistaken))


def _distinct(forms) -> list:
    seen, kept = set(), []
    for form in forms:
        if repr(form) not in seen:
            seen.add(repr(form))
            kept.append(form)
    return kept


def _fixed(form):
    """A form as a student types it: a Python list printed inside text loses its quotes."""
    if isinstance(form, list):
        return [_fixed(item) for item in form]
    return form.replace("'", "") if "['" in form else form


def as_text(raw) -> str:
    """Nested lists as typed on one line: [[1, 2], [3, 4]]."""
    if isinstance(raw, list):
        return "[" + ", ".join(as_text(item) for item in raw) + "]"
    return raw


def draw_answer(forms: KeyAnswers, skill: float, latex_sheet: bool,
                draw: random.Random) -> tuple[str, object]:
    """One student's answer to one key: what it is meant to be and the answer (None:
    left out)."""
    if draw.random() < skill:
        if not forms.right and not forms.latex:
            return UNREADABLE, draw.choice(forms.unreadable)
        if forms.latex and draw.random() < (0.7 if latex_sheet else 0.2):
            return RIGHT, draw.choice(forms.latex)
        plain_forms = forms.right or forms.latex
        weights = [6, *[1] * (len(plain_forms) - 1)]
        return RIGHT, draw.choices(plain_forms, weights)[0]
    roll = draw.random()
    if forms.mistaken and (roll < 0.45 or (roll < 0.70 and not forms.negated)):
        return MISTAKE, draw.choice(forms.mistaken)
    if roll < 0.70 and forms.negated:
        return NEGATED, draw.choice(forms.negated)
    if roll < 0.88:
        return MISSING, None
    return INVALID_TEXT, draw.choice(INVALID)


# --- the files --------------------------------------------------------------------------

def yaml_scalar(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def yaml_value(raw) -> str:
    if isinstance(raw, list):
        return "[" + ", ".join(yaml_value(item) for item in raw) + "]"
    return yaml_scalar(raw)


def yaml_sheet(student: str | None, answers: dict) -> str:
    lines = [f"student: {yaml_scalar(student)}"] if student else []
    lines.append("answers:")
    lines += [f"  {key}: {yaml_value(raw)}" for key, raw in answers.items()]
    return "\n".join(lines) + "\n"


def json_sheet(student: str, answers: dict) -> str:
    return json.dumps({"student": student, "answers": answers}, indent=2) + "\n"


def latex_sheet(student: str, answers: dict) -> str:
    lines = ["\\documentclass{article}", "\\usepackage{hwanswers}", "", "\\begin{document}",
             f"\\student{{{student}}}", ""]
    lines += [f"\\answer{{{key}}}{{{as_text(raw)}}}" for key, raw in answers.items()]
    lines += ["", "\\end{document}"]
    return "\n".join(lines) + "\n"


def broken_files(keys: tuple[Expected, ...]) -> dict[str, bytes]:
    """Files no grader can read: each must come out as a file error."""
    first, second = keys[0].key, keys[1].key
    lols = ", ".join(["'lol'"] * 9)
    bomb = [f"a0: &a0 [{lols}]"]
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    bomb += ["student: bomb", "answers:", f"  {first}: *a8"]
    return {
        "broken-empty.yaml": b"",
        "broken-not-utf8.yaml": b"student: x\nanswers:\n  " + first.encode()
                                + b": '\xff\xfe caf\xe9'\n",
        "broken-duplicate-keys.yaml": yaml_sheet("dup", {first: "1"}).encode()
                                      + f"  {first}: '2'\n".encode(),
        "broken-alias-bomb.yaml": ("\n".join(bomb) + "\n").encode(),
        "broken-unclosed.tex": (f"\\answer{{{first}}}{{\\frac{{1}}{{2}}\n"
                                f"\\answer{{{second}}}{{3}}\n").encode(),
    }


JUNK = {".DS_Store": b"\x00\x00\x00\x01Bud1\x00\x00",
        "__MACOSX/._x.yaml": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X",
        "README.txt": b"Submissions downloaded from the course page.\n"}


def write_class(folder: Path, keys: tuple[Expected, ...], students: int) -> GeneratedClass:
    """The whole class in ``folder``, drawn from a generator seeded with SEED."""
    draw = random.Random(SEED)
    run = CheckRun()
    forms = [found for found in (key_answers(expected, run) for expected in keys)
             if found.right or found.latex or found.unreadable]  # a form to type
    made = GeneratedClass()
    width = len(str(students))
    latex_count = round(students * LATEX_SHARE)
    rest = students - latex_count
    kinds = ["tex"] * latex_count + ["yaml"] * (rest - rest // 2) + ["json"] * (rest // 2)
    draw.shuffle(kinds)
    hostile = itertools.cycle(HOSTILE)
    targets = [(e.key, min(symbol.name for symbol in e.answer.value.free_symbols)) for e in keys
               if isinstance(e.answer, A.Value) and isinstance(e.answer.value, sympy.Expr)
               and e.answer.value.free_symbols] or [(keys[0].key, "x")]
    for index, kind in enumerate(kinds, start=1):
        student = f"s{index:0{width}d}"
        file = f"{student}.{kind}"
        skill = draw.uniform(0.55, 0.98)
        answers = {}
        for key_forms in forms:
            meant, raw = draw_answer(key_forms, skill, kind == "tex", draw)
            made.intended[(file, key_forms.expected.key)] = meant
            if raw is None:
                continue
            if kind == "tex" or (isinstance(raw, list) and draw.random() < 0.4):
                raw = as_text(raw)
            answers[key_forms.expected.key] = raw
        if index % HOSTILE_EVERY == HOSTILE_EVERY // 2:
            key, variable = draw.choice(targets)
            answers[key] = next(hostile).replace("{x}", variable)
            made.intended[(file, key)] = HOSTILE_TEXT
        write = {"tex": latex_sheet, "yaml": yaml_sheet, "json": json_sheet}[kind]
        (folder / file).write_text(write(student, answers), encoding="utf-8")
        made.submissions += 1
        made.answers += len(answers)
        made.formats[kind] += 1
    for file in ("alice.yaml", "Alice.yaml"):  # the id is the file's stem: "alice" twice
        answers = {}
        for key_forms in forms:
            typed = key_forms.right or key_forms.latex
            made.intended[(file, key_forms.expected.key)] = RIGHT if typed else UNREADABLE
            answers[key_forms.expected.key] = (typed or key_forms.unreadable)[0]
        (folder / file).write_text(yaml_sheet(None, answers), encoding="utf-8")
        made.submissions += 1
        made.answers += len(answers)
        made.formats["yaml"] += 1
    for name, data in {**broken_files(keys), **JUNK}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    made.broken = tuple(sorted(broken_files(keys)))
    made.submissions += len(made.broken)
    made.junk = tuple(sorted(JUNK))
    made.duplicates = ("Alice.yaml", "alice.yaml")
    made.unreadable = tuple(f"{f.expected.key} ({len(f.unreadable)} of "
                            f"{len(f.unreadable) + len(f.right) + len(f.latex)} forms)"
                            for f in forms if f.unreadable)
    return made


# --- the runs ---------------------------------------------------------------------------

def time_command(command: list[str], repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def rounds(spec: Path, folder: Path, work: Path, configurations: list[tuple[int, str | None]],
           count: int) -> list[Run]:
    """Each configuration (jobs, cluster) run ``count`` times, in turn (a round runs each
    once), so that a slow spell of the machine falls on all of them alike; each Run is the
    last one, with the median time of all."""
    samples: list[list[float]] = [[] for _ in configurations]
    processor: list[list[float]] = [[] for _ in configurations]
    last: list[Run] = []
    for _ in range(count):
        last = []
        for index, (jobs, cluster) in enumerate(configurations):
            name = "graded-cluster" if cluster else f"graded-jobs-{jobs}"
            run = grade(spec, folder, work / name, jobs, cluster)
            samples[index].append(run.seconds)
            processor[index].append(run.processor)
            last.append(run)
    return [replace(run, seconds=statistics.median(times), samples=tuple(times),
                    processor=statistics.median(used))
            for run, times, used in zip(last, samples, processor, strict=True)]


def grade(spec: Path, folder: Path, out: Path, jobs: int, cluster: str | None = None) -> Run:
    """``hwsolver grade`` as a user runs it, into a fresh output folder: with ``--jobs``,
    or on ``--cluster`` (the time includes starting a ``local:N`` cluster)."""
    if out.exists():
        shutil.rmtree(out)
    how = ["--cluster", cluster] if cluster else ["--jobs", str(jobs)]
    command = [sys.executable, "-m", "solver", "grade", str(spec), str(folder), "-o", str(out),
               *how]
    os.sync()  # an earlier run's output is on disk: no run pays for another's writing
    before = _children_processor()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    return Run(f"hwsolver grade {' '.join(how)}", seconds, done.returncode, done.stdout,
               done.stderr, out, processor=_children_processor() - before)


def _children_processor() -> float:
    """User and system seconds of the processes this one waited for, and of theirs."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def peak_memory(run: Run) -> tuple[str, str]:
    """The run's peak resident memory in MB, of the driver and of its largest child, as
    its manifest.json records them."""
    try:
        peak = json.loads((run.out / "manifest.json").read_text())["peak_memory_mb"]
        return str(peak["driver"]), str(peak["largest_child"])
    except (OSError, ValueError, KeyError, TypeError):
        return "?", "?"


def folder_megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def run_problems(run: Run) -> list[str]:
    """What went wrong with the command itself: exit code, internal errors, no outputs."""
    found = []
    if run.returncode not in (0, 1):
        found.append(f"exit code {run.returncode}")
    for marker in ("Traceback", "internal error"):
        if marker in run.stderr:
            found.append(f"'{marker}' on standard error")
    for name in ("grades.csv", "results.json"):
        if not (run.out / name).is_file():
            found.append(f"no {name} written")
    return found


def identical(first: Run, second: Run, name: str) -> bool:
    a, b = first.out / name, second.out / name
    return a.is_file() and b.is_file() and a.read_bytes() == b.read_bytes()


# --- the checks -------------------------------------------------------------------------

def check_results(results: dict, made: GeneratedClass) -> list[str]:
    """Every way the verdicts disagree with what the class was generated to be."""
    problems = []
    rows = {row["file"]: row for row in results["submissions"]}
    if len(rows) != made.submissions:
        problems.append(f"{len(rows)} submissions in results.json, {made.submissions} written")
    for file in made.broken:
        status = rows.get(file, {}).get("status")
        if status != "file_error":
            problems.append(f"{file}: status {status}, expected file_error")
    for file in made.duplicates:
        flags = rows.get(file, {}).get("flags", [])
        if "duplicate-student" not in flags:
            problems.append(f"{file}: flags {flags}, expected duplicate-student")
    skipped = {entry["file"] for entry in results["skipped"]}
    for name in made.junk:
        if name not in skipped and name.split("/")[0] + "/" not in skipped:
            problems.append(f"{name}: not listed as skipped")
    for file, row in sorted(rows.items()):
        if file not in made.broken and row["status"] != "graded":
            problems.append(f"{file}: status {row['status']} ({row['error']})")
    return problems


def agreement(results: dict, made: GeneratedClass) -> dict[str, Counter]:
    """For each kind of generated answer, the statuses its verdicts got."""
    table: dict[str, Counter] = {}
    for row in results["submissions"]:
        for verdict in row["verdicts"]:
            meant = made.intended.get((row["file"], verdict["key"]))
            if meant is not None:
                table.setdefault(meant, Counter())[verdict["status"]] += 1
    return table


# --- main -------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000,
                        help="students in the generated class (default: 1000; broken files "
                             "and the two students sharing an id come on top)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the spec, the class (DIR/class) and the outputs "
                             "(DIR/graded-jobs-N) there and keep them; these are replaced "
                             "on every run")
    parser.add_argument("--jobs-only", action="store_true",
                        help="grade with --jobs 2 only (no --jobs 1 run, no comparison)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="times each run is repeated, in turn; the median counts "
                             "(default: 5)")
    parser.add_argument("--cluster", metavar="ADDRESS",
                        help="also grade on this Dask cluster (local:2 for two worker "
                             "processes here) and compare it with --jobs 2")
    args = parser.parse_args()
    if args.students < 2:
        parser.error("--students must be at least 2")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    try:
        if args.keep is None:
            with tempfile.TemporaryDirectory(prefix="grade-throughput-") as folder:
                benchmark(Path(folder), args.students, args.jobs_only, args.cluster,
                          args.rounds)
        else:
            args.keep.mkdir(parents=True, exist_ok=True)
            benchmark(args.keep.resolve(), args.students, args.jobs_only, args.cluster,
                      args.rounds)
    except ClassError as error:
        sys.exit(f"grade_throughput: {error}")


def benchmark(work: Path, students: int, jobs_only: bool, cluster: str | None = None,
              count: int = 3) -> None:
    chosen = choose_spec(work)
    folder = work / "class"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    start = time.perf_counter()
    made = write_class(folder, chosen.keys, students)
    generated = time.perf_counter() - start
    print(f"spec: {' + '.join(chosen.sources)} ({len(chosen.keys)} graded keys)"
          + (f", joined in {chosen.path.name}" if len(chosen.sources) > 1 else ""))
    formats = ", ".join(f"{n} {kind}" for kind, n in sorted(made.formats.items()))
    print(f"class: {made.submissions} submissions ({formats}, {len(made.broken)} broken), "
          f"{made.answers} answers, {len(made.junk)} junk files; generated in "
          f"{generated:.1f} s in {folder}")
    if made.unreadable:
        print(f"right answers the checker cannot read (as printed by the engine): "
              f"{', '.join(made.unreadable)}")
    baseline = time_command([sys.executable, "-c", "import sympy"])
    configurations = [(2, None), *([] if jobs_only else [(1, None)]),
                      *([(2, cluster)] if cluster else [])]
    done = rounds(chosen.path, folder, work, configurations, count)
    runs, on_cluster = (done[:-1], done[-1]) if cluster else (done, None)
    print()
    print(f"{'run':<34} {'submissions':>11} {'answers':>8} {'seconds':>8} "
          f"{'submissions/s':>13} {'answers/s':>9} {'driver MB':>9} {'worker MB':>9} "
          f"{'output MB':>9} {'CPU s':>6} {'cores':>5}")
    print(f"{'baseline: python -c import sympy':<34} {'':>11} {'':>8} {baseline:8.2f}")
    shown = [*runs, on_cluster] if on_cluster else runs
    for run in shown:
        driver, worker = peak_memory(run)
        print(f"{run.label:<34} {made.submissions:11d} {made.answers:8d} {run.seconds:8.2f} "
              f"{made.submissions / run.seconds:13.1f} {made.answers / run.seconds:9.0f} "
              f"{driver:>9} {worker:>9} {folder_megabytes(run.out):9.0f} "
              f"{run.processor:6.1f} {run.processor / run.seconds:5.2f}")
    if count > 1:
        print(f"(seconds: the median of {count} rounds, each running every row once in turn: "
              + "; ".join(f"{run.label.removeprefix('hwsolver grade ')} "
                          + ", ".join(f"{t:.2f}" for t in run.samples) for run in shown) + ")")
    print()
    for run in shown:
        summary = run.stdout.strip().splitlines()[:1] or ["(nothing on standard output)"]
        print(f"{run.label}: exit {run.returncode}; {summary[0]}")
        for problem in run_problems(run):
            print(f"  PROBLEM: {problem}")
        for line in run.stderr.strip().splitlines()[-5:]:
            print(f"  stderr: {line}")
    if len(runs) == 2:
        paired = [one / two for two, one in zip(runs[0].samples, runs[1].samples, strict=True)]
        speed_up = statistics.median(paired)
        print(f"speed-up of --jobs 2 over --jobs 1 (the median of the rounds'): "
              f"{speed_up:.2f}x (target: at least {SPEED_UP_TARGET}x: "
              f"{'met' if speed_up >= SPEED_UP_TARGET else 'NOT met'})"
              + (f"; round by round: {', '.join(f'{r:.2f}x' for r in paired)}; the medians' "
                 f"times give {runs[1].seconds / runs[0].seconds:.2f}x" if count > 1 else ""))
    met = runs[0].seconds < TARGET_SECONDS and not run_problems(runs[0])
    print(f"target: the whole class in under {TARGET_SECONDS:.0f} s with --jobs 2: "
          f"{'met' if met else 'NOT met'} ({runs[0].seconds:.1f} s)")
    if len(runs) == 2:
        for name in ("grades.csv", "results.json"):
            print(f"{name} byte-identical across --jobs 2 and --jobs 1: "
                  f"{'yes' if identical(runs[0], runs[1], name) else 'no'}")
    if on_cluster:
        ratio = on_cluster.seconds / runs[0].seconds
        verdict = "met" if ratio <= CLUSTER_TARGET else "NOT met"
        print(f"--cluster {cluster} against --jobs 2: {ratio:.2f}x the time "
              f"(target: at most {CLUSTER_TARGET}x: {verdict})")
        for name in ("grades.csv", "results.json"):
            print(f"{name} byte-identical across --cluster and --jobs 2: "
                  f"{'yes' if identical(runs[0], on_cluster, name) else 'no'}")
    results_file = runs[0].out / "results.json"
    if not results_file.is_file():
        return
    results = json.loads(results_file.read_text(encoding="utf-8"))
    print("\nverdicts by what each answer was generated to be (--jobs 2 run):")
    for meant, statuses in sorted(agreement(results, made).items()):
        total = sum(statuses.values())
        agreeing = sum(n for status, n in statuses.items() if status in AGREEING[meant])
        spread = ", ".join(f"{status} {n}" for status, n in statuses.most_common())
        print(f"  {meant:<16} {total:6d}  as expected {100 * agreeing / total:5.1f}%  ({spread})")
    echoed = any(line.strip() == "hi" for run in runs
                 for line in (run.stdout + run.stderr).splitlines())
    print(f"hostile code run by the grader: {'YES' if echoed else 'no'}")
    problems = check_results(results, made)
    print(f"files graded as expected (broken: file_error, duplicates flagged, junk skipped, "
          f"the rest graded): {'yes' if not problems else 'no'}")
    for problem in problems[:20]:
        print(f"  PROBLEM: {problem}")
    if len(problems) > 20:
        print(f"  ... and {len(problems) - 20} more")


if __name__ == "__main__":
    main()
