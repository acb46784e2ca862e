"""The ``hwsolver`` command line: thin commands over the library; errors become words here.

Exit codes: 0 fine, 2 bad input (spec errors), 1 anything else. Kept whole (about 500
lines): every command and its options in one place, each a few lines over the library.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

FORMATS = {"pdf": ".pdf", "tex": ".tex", "md": ".md", "json": ".json"}


SOLVE_LIMIT = 60.0  # seconds per part, as solver.solve_limits (not imported: --help stays light)


def _solve_limit_option(command):
    return click.option(
        "--solve-limit", type=click.FloatRange(min=0.1), default=SOLVE_LIMIT,
        show_default=True,
        help="Seconds solving one part may take; past it the part's answer says it could "
             "not be solved within the limit, and the other parts go on.")(command)


class InputProblem(click.ClickException):
    """Bad input (a spec error): exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hwsolver")
def cli() -> None:
    """Solve machine-learning maths problem sets exactly, step by step.

    \b
    Example:
      hwsolver solve problems/*.yaml -o out          # worked solutions as PDF
      hwsolver solve problems/week4.yaml --format json
      hwsolver validate problems/*.yaml
      hwsolver kinds
    """


def _load_all(specs):
    """Load every spec; return the loaded sets and the error text of the others."""
    from solver.errors import SpecErrors
    from solver.spec.load import load_spec

    loaded, errors = [], []
    for spec in specs:
        try:
            loaded.append(load_spec(spec))
        except SpecErrors as error:
            errors.append(str(error))
    return loaded, errors


@cli.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the output files (default: out; JSON goes to stdout "
                   "without it).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="pdf",
              show_default=True, help="Output format.")
@click.option("--answers-only", is_flag=True, help="Write an answer key without the steps.")
@click.option("--engine", type=click.Choice(["latexmk", "pdflatex"]), default=None,
              help="TeX engine for PDF (default: pdflatex, run until references settle).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Sets solved at once, each in its own process (default: one per core).")
@_solve_limit_option
def solve(specs, output, fmt, answers_only, engine, jobs, solve_limit) -> None:
    """Solve problem sets and write worked solutions, one file per set.

    \b
    Example:
      hwsolver solve problems/in5400-week4.yaml -o out
      hwsolver solve problems/*.yaml --format md --answers-only -o key
      hwsolver solve problems/in5400-week4.yaml --format json > answers.json
    """
    import os

    from solver.errors import RenderError
    from solver.grade.background import in_processes
    from solver.render.json_out import solved_json
    from solver.solving import solve_set

    loaded, errors = _load_all(specs)
    processes = jobs or max(1, os.cpu_count() or 1)
    failures = []
    if fmt == "json" and output is None:
        documents = in_processes(lambda spec: solved_json(solve_set(spec, solve_limit)),
                                 loaded, processes, _parts)
        if documents:
            payload = documents[0] if len(documents) == 1 else documents
            click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        output = output or Path("out")
        output.mkdir(parents=True, exist_ok=True)

        def written(spec) -> tuple[Path, str | None]:
            """The set solved and written: its file, or why it could not be written."""
            target = output / f"{spec.stem}{'-key' if answers_only else ''}{FORMATS[fmt]}"
            try:
                _write(solve_set(spec, solve_limit), fmt, target, answers_only, engine)
            except RenderError as error:
                return target, f"{spec.file}: {error}"
            return target, None

        for target, failure in in_processes(written, loaded, processes, _parts):
            if failure is None:
                click.echo(f"wrote {target}", err=True)
            else:
                failures.append(failure)
    for message in errors + failures:
        click.echo(message, err=True)
    if errors:
        raise SystemExit(2)
    if failures:
        raise SystemExit(1)


def _parts(problem_set) -> int:
    """How many parts a set has: what solving and writing it costs, roughly."""
    return sum(len(problem.parts) for problem in problem_set.problems)


def _write(solved, fmt: str, target: Path, answers_only: bool, engine) -> None:
    from solver.render.document import render
    from solver.render.json_out import solved_json
    from solver.render.pdf import compile_pdf

    if fmt == "json":
        target.write_text(json.dumps(solved_json(solved), indent=2, ensure_ascii=False) + "\n",
                          encoding="utf-8")
    elif fmt == "md":
        target.write_text(render(solved, "markdown", answers_only), encoding="utf-8")
    elif fmt == "tex":
        target.write_text(render(solved, "latex", answers_only), encoding="utf-8")
    else:
        compile_pdf(render(solved, "latex", answers_only), target, engine)


@cli.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(specs) -> None:
    """Load and check problem sets without solving them.

    A set that varies per student is checked on version A's variant (its
    requirements met by a draw).

    \b
    Example:
      hwsolver validate problems/*.yaml
    """
    from solver.errors import SpecErrors
    from solver.plural import plural
    from solver.variants import load_variant, varies

    errors = []
    for name in specs:
        try:
            spec = load_variant(name, "A") if varies(name) else None
        except SpecErrors as error:
            errors.append(str(error))
            continue
        loaded, found = _load_all([name]) if spec is None else ([spec], [])
        errors += found
        for spec in loaded:
            parts = sum(len(problem.parts) for problem in spec.problems)
            note = "; varies per student, version A drawn" if spec.variant else ""
            click.echo(f"ok: {spec.file} ({plural(len(spec.problems), 'problem')}, "
                       f"{plural(parts, 'part')}{note})")
    if errors:
        raise InputProblem("\n".join(errors))


@cli.command()
@click.argument("name", required=False)
def kinds(name) -> None:
    """List every kind of part with its fields and an example.

    \b
    Example:
      hwsolver kinds
      hwsolver kinds linear_system
    """
    from solver.kinds import KINDS
    from solver.spec.reader import did_you_mean

    if name and name not in KINDS:
        hint = did_you_mean(name, KINDS)
        raise InputProblem(f"unknown kind '{name}'" + (f" ({hint})" if hint else ""))
    for kind in ([KINDS[name]] if name else KINDS.values()):
        click.echo(f"{kind.name}\n  {kind.summary}")
        for field in kind.fields:
            optional = "" if field.required else " (optional)"
            click.echo(f"    {field.name}{optional}: {field.description}")
        click.echo(f"  example: {kind.example}\n")
        if name:
            click.echo(_kind_page(kind))
    if not name:
        from solver.variants.catalog import described

        click.echo(described())




def _kind_page(kind) -> str:
    """The documentation of one kind: its docstring, the answer's form, what carries and
    which mistakes feedback names."""
    import inspect

    from solver.kinds.base import Without

    carries = kind.carries.reason if isinstance(kind.carries, Without) else kind.carries
    mistakes = kind.mistakes.reason if isinstance(kind.mistakes, Without) \
        else " ".join((inspect.getdoc(kind.mistakes) or "").split())
    named = [f"answer {name}: {hint}" for name, hint in kind.hints]
    return "\n".join((inspect.cleandoc(kind.doc), "", f"answer: {kind.hint}", *named,
                      f"error carried forward: {carries}", f"typical mistakes: {mistakes}",
                      ""))


@cli.command()
@click.argument("spec", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the blank answer file here (default: stdout).")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of YAML.")
@click.option("--latex", "as_latex", is_flag=True,
              help="A LaTeX answer sheet with \\answer{key}{} lines; with -o, hwanswers.sty "
                   "is written next to it so the sheet compiles.")
@_solve_limit_option
def template(spec, output, as_json, as_latex, solve_limit) -> None:
    """Write the blank answer file of a problem set: every key with a hint.

    \b
    Example:
      hwsolver template problems/in5400-week04-dense-networks.yaml -o answers.yaml
      hwsolver template problems/in5400-week04-dense-networks.yaml --latex -o answers.tex
    """
    from solver.check.template import blank_answers, blank_answers_json, blank_answers_latex
    from solver.solving import solve_set

    if as_json and as_latex:
        raise InputProblem("choose one of --json and --latex")
    loaded, errors = _load_all([spec])
    if errors:
        raise InputProblem("\n".join(errors))
    solved = solve_set(loaded[0], solve_limit)
    writer = blank_answers_json if as_json else blank_answers_latex if as_latex \
        else blank_answers
    text = writer(solved)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
        if as_latex:
            import shutil

            from solver.check.latexsheet import sty_path

            style = output.parent / sty_path().name
            shutil.copyfile(sty_path(), style)
            click.echo(f"wrote {style}", err=True)
    else:
        click.echo(text, nl=False)


class _AnswerAfterKey(click.Command):
    """A command whose second argument, given with ``--key``, is an answer: it may begin
    with '-' (``-3x``, ``-x^2``, ``-0.5``) as a student writes it; ``--`` works too. A word
    beginning with '--', or one in any other place, is still an option (an unknown one is
    an error)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _answer_as_argument(self.get_params(ctx), list(args)))


def _answer_as_argument(params, args: list[str]) -> list[str]:
    """``args`` with a dash-led answer moved behind ``--``, where click reads it as an
    argument (in the same place among the arguments)."""
    takes = {}
    for param in params:
        if isinstance(param, click.Option):
            count = 0 if param.is_flag or param.count else param.nargs
            takes.update(dict.fromkeys(param.opts + param.secondary_opts, count))
    arguments, answer, has_key, index = 0, None, False, 0
    while index < len(args) and args[index] != "--":
        token = args[index]
        name, equals, _ = token.partition("=")
        if name in takes:
            has_key = has_key or name == "--key"
            index += 1 + (0 if equals else takes[name])
            continue
        if not token.startswith("-") or token == "-":
            arguments += 1
        elif arguments == 1 and not token.startswith("--"):  # the second argument
            answer, arguments = index, 2
        index += 1
    if not has_key or answer is None:
        return args
    token = args.pop(answer)
    if "--" in args:
        args.insert(args.index("--") + 1, token)
        return args
    return [*args, "--", token]


@cli.command(cls=_AnswerAfterKey)
@click.argument("spec", type=click.Path(dir_okay=False))
@click.argument("answers", required=False, type=click.Path(dir_okay=False))
@click.option("--key", "key", help="Check one answer for this key; the answer follows "
                                   "(it may begin with '-': --key d.a -3x).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--answer-limit", type=click.FloatRange(min=0.1), default=10.0,
              show_default=True, help="Seconds one answer may take; past it: undetermined.")
@click.option("--student", default=None,
              help="Whose variant to check against (default: the answer file's 'student', "
                   "else its name); needed with --key when the spec varies.")
@_solve_limit_option
def check(spec, answers, key, fmt, answer_limit, student, solve_limit) -> None:
    """Check a student's answers: a verdict, points and feedback for every key.

    ANSWERS is an answer file (.yaml, .yml, .json) or a LaTeX source with
    \\answer{key}{value} lines. Exit code 0 when checked, 2 for a bad spec, a bad
    answer file or an unknown --key, 1 anything else.

    \b
    Example:
      hwsolver check problems/in5400-week04-dense-networks.yaml ada.yaml
      hwsolver check problems/in5400-week04-dense-networks.yaml ada.yaml --format json
      hwsolver check problems/in5400-week04-dense-networks.yaml --key chain-rule.a "2x cos(x^2)"
    """
    from solver.check.report import report_json, report_text
    from solver.errors import SpecErrors
    from solver.grade.specs import spec_varies

    try:
        varies = spec_varies(Path(spec))
    except SpecErrors as error:
        raise InputProblem(str(error)) from None
    if varies:
        solved, sheet = _variant_and_answers(spec, answers, key, student, solve_limit)
    else:
        solved, sheet = _set_and_answers(spec, answers, key, student, solve_limit)
    from solver.check.bounded import CheckFailed, check_with_limit

    try:
        report = check_with_limit(solved, sheet, answer_limit, only_answered=key is not None)
    except CheckFailed as error:
        click.echo(f"hwsolver check: checking failed: {error}", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(report_json(report), indent=2, ensure_ascii=False))
    else:
        click.echo(report_text(report))


def _set_and_answers(spec, answers, key, student, solve_limit):
    """The solved set of a spec that does not vary, and the answers to check."""
    from solver.solving import solve_set

    loaded, errors = _load_all([spec])
    if errors:
        raise InputProblem("\n".join(errors))
    solved = solve_set(loaded[0], solve_limit)
    sheet = _answer_sheet(answers, key, student)
    if key is not None:
        _known_key(solved, key, spec)
    return solved, sheet


def _variant_and_answers(spec, answers, key, student, solve_limit):
    """The answers to check and their student's own variant, solved."""
    from solver.errors import HwsolverError, SpecErrors
    from solver.grade.specs import specs_from_file

    sheet = _answer_sheet(answers, key, student)
    if not sheet.student:
        raise InputProblem(f"hwsolver check: {spec} gives each student a variant; name the "
                           "student with --student ID")
    try:
        specs = specs_from_file(Path(spec), solve_limit)
        solved = specs.for_student(sheet.student)
    except SpecErrors as error:
        raise InputProblem(str(error)) from None
    except HwsolverError as error:  # a variant that cannot be drawn, say
        raise InputProblem(f"hwsolver check: {spec}: {error}") from None
    if key is not None:
        _known_key(solved, key, spec)
    return solved, sheet


def _answer_sheet(answers, key, student):
    """The answers given: one with --key, else the answer file's (its student replaced by
    --student when given)."""
    from dataclasses import replace

    from solver.check.answerfile import AnswerEntry, AnswerFile
    from solver.check.latexsheet import load_submission
    from solver.errors import SpecErrors

    if key is not None:
        if answers is None:
            raise InputProblem("give the answer after the key, e.g. --key chain-rule.a '2x'")
        return AnswerFile(student or "", "", {key: AnswerEntry(key, answers, None)})
    if answers is None:
        raise InputProblem("give an answer file, or --key KEY ANSWER")
    try:
        sheet = load_submission(Path(answers), Path(answers).read_bytes())
    except OSError as error:
        raise InputProblem(f"{answers}: {error.strerror}") from None
    except SpecErrors as error:
        raise InputProblem(str(error)) from None
    return replace(sheet, student=student) if student else sheet


def _known_key(solved, key: str, spec: str) -> None:
    """A key given with ``--key`` must be one of the set's: otherwise exit 2 with the
    closest key."""
    from solver.check.checker import expected_keys
    from solver.spec.reader import did_you_mean

    keys = [expected.key for expected in expected_keys(solved)]
    if key not in keys:
        named = [other for other in keys if other.startswith(f"{key}.")]
        hint = (f"its results are {', '.join(named)}" if named else did_you_mean(key, keys)
                or f"'hwsolver template {spec}' lists every key")
        raise InputProblem(f"hwsolver check: '{key}' is not a key of {spec} ({hint})")


@cli.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("submissions", type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for grades.csv, results.json, feedback/ and the class report "
                   "(never inside SUBMISSIONS).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--resume", is_flag=True,
              help="Finish an interrupted run in OUTPUT. (Any run in an earlier run's "
                   "OUTPUT keeps the results whose file and spec are unchanged.)")
@click.option("--pdf", is_flag=True, help="Also write feedback/<student>.pdf.")
@click.option("--answer-limit", type=click.FloatRange(min=0.1), default=10.0,
              show_default=True, help="Seconds one answer may take; past it: undetermined.")
@click.option("--submission-limit", type=click.FloatRange(min=0.5), default=120.0,
              show_default=True, help="Seconds one submission may take; past it: timeout.")
@click.option("--engine", type=click.Choice(["latexmk", "pdflatex"]), default=None,
              help="TeX engine for the PDFs (default: pdflatex, run until references settle).")
@click.option("--duplicates", type=click.Choice(["later", "best", "flag"]), default="flag",
              show_default=True,
              help="One student id with several submissions: the one modified 'later' or "
                   "the 'best' score goes to canvas.csv and moodle.csv; 'flag' leaves the "
                   "grade empty there and flags them all for review.")
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The class's roster CSV (an id and a name column, as an LMS exports it): "
                   "a submission whose student is not on it is graded against the variant "
                   "of its id and flagged.")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="Grade on a Dask cluster: a scheduler's address (tcp://host:8786), or "
                   "local:N for N worker processes on this machine. Needs "
                   "pip install 'hwsolver[dask]'.")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Submissions per task sent to the cluster (default: eight tasks per "
                   "worker, at most 200 submissions each).")
@_solve_limit_option
def grade(spec, submissions, output, jobs, resume, pdf, answer_limit, submission_limit,
          engine, duplicates, roster, cluster, batch_size, solve_limit) -> None:
    """Grade a folder of submissions: a gradebook, feedback per student, a class report.

    Submissions are answer files (.yaml, .yml, .json) or LaTeX sources with
    \\answer{key}{value} (see 'hwsolver template SPEC --latex'), one per student.
    When the spec varies, each is graded against its student's own variant (the
    student named in the file, else the file name), and an answer right for another
    student's variant is diagnosed as copied, for a person to review.
    Exit code 0 when every submission is graded and nothing needs a person,
    1 when some need review, 2 for a bad spec or unusable folders (an output
    folder that is read-only, full, or in use by another run), 130 after Ctrl-C
    and 143 after SIGTERM (finish with --resume).

    \b
    Example:
      hwsolver grade problems/in5400-week04-dense-networks.yaml submissions/ -o graded
      hwsolver grade problems/in5400-week04-dense-networks.yaml submissions/ -o graded --resume
      hwsolver grade week4.yaml submissions/ -o graded --cluster tcp://scheduler:8786
    """
    import os
    import signal

    from solver.grade.report_process import report_process

    with report_process() as report:  # loads the report's templates while SymPy loads
        from solver.errors import SpecErrors
        from solver.grade.pool import Limits
        from solver.grade.run import GradeError, Options, grade_folder

        options = Options(jobs=jobs or max(1, os.cpu_count() or 1), resume=resume, pdf=pdf,
                          engine=engine, limits=Limits(answer_limit, submission_limit),
                          duplicates=duplicates, solve_limit=solve_limit, roster=roster,
                          cluster=cluster, batch=batch_size)
        try:
            summary = grade_folder(spec, submissions, output, options,
                                   progress=_progress_bar, report=report)
        except SpecErrors as error:
            raise InputProblem(str(error)) from None
        except GradeError as error:
            raise InputProblem(f"hwsolver grade: {error}") from None
        except KeyboardInterrupt as stop:  # Ctrl-C or SIGTERM: the workers are already gone
            from solver.lifetime import Terminated

            how = signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT
            click.echo(f"\nhwsolver grade: stopped ({how.name}); the results so far are kept, "
                       "run the same command with --resume to finish", err=True)
            sys.exit(128 + how)
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(summary.line())
    click.echo(f"wrote {output}/grades.csv, results.json, feedback/, report.md"
               + (", report.pdf" if (output / "report.pdf").exists() else ""))
    sys.exit(summary.exit_code)


def _variants_epilog() -> str:
    from solver.variants.catalog import listed

    return listed()


@cli.command(epilog=_variants_epilog())
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path),
              help="The class list as an LMS exports it (CSV): an id column (id, student id, "
                   "id number, sis user id, username, email, …) and a name column (name, "
                   "full name, or first name + last name).")
@click.option("--count", type=click.IntRange(min=1, max=702),
              help="Instead of a roster: N versions A, B, C, … (an exam).")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Folder for the files.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "tex", "md", "yaml"]),
              default="pdf", show_default=True,
              help="Documents, or yaml: each student's concrete spec.")
@click.option("--answers-only", is_flag=True,
              help="An answer key per student instead of the worked solution.")
@click.option("--engine", type=click.Choice(["latexmk", "pdflatex"]), default=None,
              help="TeX engine for PDF (default: pdflatex, run until references settle).")
@_solve_limit_option
def variants(spec, roster, count, output, fmt, answers_only, engine, solve_limit) -> None:
    """Write each student's own variant of a problem set that varies.

    Per student: the problem sheet (<set>-<id>) and the worked solution
    (<set>-<id>-solution, or -key with --answers-only); with --format yaml
    their concrete spec. variants.json lists each student's files and
    values. A student's variant depends only on the set's seed and their
    id. Exit code 2 for a bad spec or roster, or requirements that no draw
    meets.

    \b
    Example:
      hwsolver variants week4.yaml --roster roster.csv -o variants
      hwsolver variants week4.yaml --count 4 --format md -o exam
    """
    from solver.errors import RenderError, SpecErrors
    from solver.variants.roster import RosterError, read_roster
    from solver.variants.write import Options, versions, write_variants

    if (roster is None) == (count is None):
        raise InputProblem("hwsolver variants: give --roster ROSTER.csv or --count N")
    try:
        students = read_roster(roster) if roster is not None else versions(count)
        write_variants(spec, students, output, Options(fmt, answers_only, engine, solve_limit),
                       written=lambda path: click.echo(f"wrote {path}", err=True))
    except (SpecErrors, RosterError) as error:
        raise InputProblem(str(error)) from None
    except RenderError as error:
        click.echo(f"{spec}: {error}", err=True)
        sys.exit(1)


def _progress_bar(total: int):
    """A progress bar on a terminal (standard error); nothing when output is redirected."""
    from tqdm import tqdm

    bar = tqdm(total=total, unit="submission", disable=not sys.stderr.isatty(),
               file=sys.stderr, leave=False, dynamic_ncols=True)
    return bar.update


def main() -> None:
    """Entry point: run the command line, never showing a traceback, then leave."""
    try:
        cli(standalone_mode=True)
        code: object = 0
    except SystemExit as stop:
        code = stop.code
    except Exception as error:  # the edge: an unexpected failure still gets words, exit 1
        click.echo(f"hwsolver: internal error: {type(error).__name__}: {error}", err=True)
        code = 1
    _leave(code)


def _leave(code: object) -> None:
    """Exit with ``code`` as ``sys.exit`` would: the exit handlers run and the output is
    flushed, but the interpreter is not torn down object by object (after a class is
    graded, that took 0.3-0.45 s and changed nothing)."""
    import atexit

    if not isinstance(code, int):
        if code is not None:
            click.echo(str(code), err=True)
        code = 0 if code is None else 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (``| head``): nothing more to say
            pass
    os._exit(code)
