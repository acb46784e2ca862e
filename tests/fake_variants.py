"""A stand-in for ``solver.variants`` with its public API, for grading tests.

A spec varies when its text has ``vary:``; a student's variant is one of the hand-written
concrete specs in ``<stem>.variants/`` next to it, chosen by a digest of the student id.
``install()`` puts it where ``solver.grade.specs`` imports it from.
"""

from __future__ import annotations

import csv
import hashlib
import sys
import types
from dataclasses import dataclass
from pathlib import Path

from solver.spec.load import load_spec

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "variants"
SPEC = FIXTURES / "week.yaml"
# The right answers of each concrete variant, as a student types them.
RIGHT = {
    "v1": {"lin.det": "5", "lin.x": "[1, 1]", "lin.sq": [["5", "5"], ["5", "10"]]},
    "v2": {"lin.det": "-2", "lin.x": "[-4, 9/2]", "lin.sq": [["7", "10"], ["15", "22"]]},
    "v3": {"lin.det": "6", "lin.x": "[2, 1]", "lin.sq": [["9", "0"], ["5", "4"]]},
}


@dataclass(frozen=True)
class Student:
    id: str
    name: str


def varies(spec_or_path) -> bool:
    return "vary:" in Path(spec_or_path).read_text(encoding="utf-8")


def _concrete(path: Path) -> list[Path]:
    return sorted((path.parent / f"{path.stem}.variants").glob("*.yaml"))


def variant_name(student: str, path: Path = SPEC) -> str:
    files = _concrete(Path(path))
    digest = hashlib.sha256(student.encode("utf-8")).digest()
    return files[int.from_bytes(digest[:4], "big") % len(files)].stem


def load_variant(path: Path, student: str):
    return load_spec(Path(path).parent / f"{Path(path).stem}.variants"
                     / f"{variant_name(student, path)}.yaml")


def read_roster(path) -> tuple[Student, ...]:
    with open(path, newline="", encoding="utf-8") as handle:
        return tuple(Student(row["id"], row["name"]) for row in csv.DictReader(handle))


def install() -> None:
    """Make ``import solver.variants`` (and ``solver.variants.roster``) find this module."""
    package = types.ModuleType("solver.variants")
    package.load_variant, package.varies = load_variant, varies
    roster = types.ModuleType("solver.variants.roster")
    roster.read_roster, roster.Student = read_roster, Student
    package.roster = roster
    sys.modules["solver.variants"], sys.modules["solver.variants.roster"] = package, roster
