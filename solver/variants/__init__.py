"""Per-student variants of a problem set: each student's own numbers, with guaranteed
properties.

A problem may ``vary`` names (drawn from generators, ``generator_text``) and ``require``
comparisons of them and properties of its solved parts (``require``, ``properties``); the
set's ``seed`` with a student's id fixes the student's variant (``seeds``), the same on
every machine and run, whoever else is on the roster. The public API:

- ``load_variant(path, student, text=None) -> ProblemSet``: the student's concrete spec (a spec
  without ``vary`` is loaded as it is);
- ``draw_variant(path, student) -> Variant``: the same, with the drawn values and the
  concrete YAML;
- ``variant_values(path, student) -> dict[str, str]``: the drawn values, ``problem.name``
  → plain math;
- ``requirements(path) -> dict[str, tuple[str, ...]]``: each problem's requirements as
  written, which every variant meets;
- ``varies(spec_or_path) -> bool``;
- ``solver.variants.roster.read_roster(path) -> tuple[Student, ...]``.

Importing this package does not import SymPy; the functions load their modules on use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from solver.spec.model import ProblemSet
    from solver.variants.variant import Variant

__all__ = ["draw_variant", "load_variant", "requirements", "variant_values", "varies"]


def load_variant(path: Path, student: str, text: str | None = None) -> ProblemSet:
    """The concrete spec of ``student``'s variant (not solved); SpecErrors for a bad spec
    or requirements no draw meets (exit 2). ``text``, here and below, is the file's
    content when already read (then the file is not read)."""
    return draw_variant(path, student, text).spec


def draw_variant(path: Path, student: str, text: str | None = None) -> Variant:
    """``student``'s variant: its spec, drawn values, draws and concrete YAML."""
    from solver.variants.variant import draw_variant as draw

    return draw(path, student, text)


def variant_values(path: Path, student: str, text: str | None = None) -> dict[str, str]:
    """The values drawn for ``student``, ``problem.name`` → the value in plain math on one
    line as the student's sheet shows it (``0.35`` a decimal generator's, ``[-3, -2]`` a
    column vector, ``[[0, 2], [0, 3]]`` a matrix)."""
    from solver.render.printing import plain_text

    variant = draw_variant(path, student, text)
    return {f"{problem}.{name}": plain_text(value, (problem, name) in variant.decimals)
            for problem, names in variant.values.items() for name, value in names.items()}


def requirements(path: Path, text: str | None = None) -> dict[str, tuple[str, ...]]:
    """Each problem's requirements as written (the set's own first), by problem id; every
    variant of the problem meets them all. Problems that require nothing are left out."""
    from solver.variants.variant import requirements_of

    return requirements_of(path, text)


def varies(spec_or_path: Any, text: str | None = None) -> bool:
    """Whether a spec varies per student: a path whose problems have ``vary`` or
    ``require``, or a loaded spec that is a student's variant."""
    if isinstance(spec_or_path, str | Path):
        from solver.variants.variant import path_varies

        return path_varies(spec_or_path, text)
    return getattr(spec_or_path, "variant", None) is not None
