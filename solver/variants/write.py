"""Writing every student's variant: a problem sheet and a worked solution (or answer key)
per student, or the concrete spec as YAML, and ``variants.json`` listing each student's
files and drawn values.

Files are ``<set>-<id>.<ext>`` (the sheet, or the YAML spec) and ``<set>-<id>-solution``
(``-key`` with answers only); an id is kept in a file name as letters, digits and
``. _ @ + -``, anything else becomes ``_`` (two ids that then collide get ``-2``, ``-3``).
Versions for an exam (``--count N``) are students A, B, …, Z, AA, AB, ….
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from solver.render.printing import plain_text
from solver.solving import solve_set
from solver.variants.roster import Student
from solver.variants.variant import Variant, draw_variant

EXTENSIONS = {"pdf": ".pdf", "tex": ".tex", "md": ".md", "yaml": ".yaml"}
MAX_VERSIONS = 26 + 26 * 26


@dataclass(frozen=True)
class Options:
    """How the variants are written."""

    fmt: str = "pdf"
    answers_only: bool = False
    engine: str | None = None
    solve_limit: float | None = 60.0


def versions(count: int) -> tuple[Student, ...]:
    """Versions A, B, …, Z, AA, AB, … as students (id = the letters)."""
    if not 1 <= count <= MAX_VERSIONS:
        raise ValueError(f"from 1 to {MAX_VERSIONS} versions")
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    names = [*letters, *(a + b for a in letters for b in letters)][:count]
    return tuple(Student(name, f"Version {name}") for name in names)


def file_stems(students, stem: str) -> dict[str, str]:
    """Each student's file stem, ``<set>-<id>`` with unsafe characters replaced."""
    stems: dict[str, str] = {}
    used: set[str] = set()
    for student in students:
        base = f"{stem}-{re.sub(r'[^A-Za-z0-9._@+-]', '_', student.id)}"
        name, number = base, 1
        while name.lower() in used:
            number += 1
            name = f"{base}-{number}"
        used.add(name.lower())
        stems[student.id] = name
    return stems


def write_variants(spec: Path, students: tuple[Student, ...], output: Path, options: Options,
                   written: Callable[[Path], None] = lambda path: None) -> list[Path]:
    """Write every student's files into ``output``; return them (``variants.json`` last).
    SpecErrors (exit 2) when the spec is bad or a student's requirements cannot be met;
    RenderError when TeX fails."""
    output.mkdir(parents=True, exist_ok=True)
    stems = file_stems(students, Path(spec).stem)
    files: list[Path] = []
    index = []
    for student in students:
        variant = draw_variant(spec, student.id)
        mine = _write_one(variant, student, output / stems[student.id], options)
        for path in mine:
            written(path)
        files += mine
        index.append({"id": student.id, "name": student.name,
                      "files": [path.name for path in mine],
                      "draws": variant.draws, "values": _plain_values(variant)})
    listing = output / "variants.json"
    listing.write_text(json.dumps({"spec": str(spec), "students": index}, indent=2,
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    written(listing)
    return [*files, listing]


def _write_one(variant: Variant, student: Student, stem: Path, options: Options) -> list[Path]:
    extension = EXTENSIONS[options.fmt]
    if options.fmt == "yaml":
        target = stem.with_name(stem.name + extension)
        target.write_text(variant.yaml(), encoding="utf-8")
        return [target]
    solved = solve_set(variant.spec, options.solve_limit)
    solved = replace(solved, title=f"{solved.title} — {student.name}")
    sheet = stem.with_name(stem.name + extension)
    solution = stem.with_name(stem.name + ("-key" if options.answers_only else "-solution")
                              + extension)
    _document(solved, sheet, options, questions_only=True)
    _document(solved, solution, options, questions_only=False)
    return [sheet, solution]


def _document(solved, target: Path, options: Options, questions_only: bool) -> None:
    from solver.render.document import render

    fmt = "markdown" if options.fmt == "md" else "latex"
    text = render(solved, fmt, options.answers_only and not questions_only, questions_only)
    if options.fmt == "pdf":
        from solver.render.pdf import compile_pdf

        compile_pdf(text, target, options.engine)
    else:
        target.write_text(text, encoding="utf-8")


def _plain_values(variant: Variant) -> dict[str, dict[str, str]]:
    """Each drawn value in plain math: ``3/4``, ``0.35`` (a decimal generator's), ``[-3, -2]``
    (a column), ``[[0, 2], [0, 3]]``."""
    return {problem: {name: plain_text(value, (problem, name) in variant.decimals)
                      for name, value in values.items()}
            for problem, values in variant.values.items()}
