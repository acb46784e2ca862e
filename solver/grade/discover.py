"""Finding the submissions in a folder: answer files kept, junk listed with a reason.

The tree is walked without following symbolic links (a link is listed, never entered
or read), so a link loop or a link out of the folder changes nothing. Folders of
operating-system metadata (``__MACOSX``) and hidden folders are listed once and not
entered. Everything comes out sorted by its POSIX path relative to the folder.

A name that is not UTF-8 (a zip made on another system: ``caf\xe9.yaml`` in Latin-1) is
shown with its undecodable bytes written as ``\xe9``; the file is read by its own name.
A file whose name shows as another file's does (``caf\xe9.yaml`` spelt with a backslash
beside it) is listed as skipped rather than given a name another file has.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from solver.check.latexsheet import ANSWER_SUFFIXES, NOT_AN_ANSWER_FILE

METADATA = "operating-system metadata"
LOCK_FILE = "office lock file"
EDITOR_FILE = "editor backup or swap file"
HIDDEN = "hidden"
SYMLINK = "symbolic link, not followed"
NOT_REGULAR = "not a regular file (a pipe, socket or device)"
SAME_NAME = "its name is not UTF-8 and shows as another file's name: rename it"

_METADATA_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"})
_METADATA_FOLDERS = frozenset({"__macosx"})
_EDITOR_SUFFIXES = (".bak", ".swp", ".swo")


@dataclass(frozen=True)
class Skipped:
    """A file or folder left out: its POSIX path relative to the folder (a folder ends
    with '/') and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class Found:
    """A candidate answer file: its POSIX path relative to the folder (the name every
    output uses) and its absolute path (to read it)."""

    file: str
    path: Path


@dataclass(frozen=True)
class Discovery:
    found: tuple[Found, ...]
    skipped: tuple[Skipped, ...]

    @property
    def files(self) -> tuple[Path, ...]:
        """The absolute path of every candidate answer file, sorted."""
        return tuple(found.path for found in self.found)


def find_submissions(folder: Path) -> Discovery:
    """Every candidate answer file under ``folder`` and every entry skipped on the way,
    each named by its path relative to ``folder`` (given relative or absolute).

    ``folder`` itself must be a readable folder (an ``OSError`` otherwise); a subfolder
    that cannot be read is listed as skipped.
    """
    root = Path(os.path.abspath(folder))
    found: list[Found] = []
    skipped: list[Skipped] = []
    pending: list[tuple[Path, str]] = [(root, "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            if not prefix:
                raise
            skipped.append(Skipped(prefix, f"folder cannot be read ({error.strerror})"))
            continue
        for entry in entries:
            relative = prefix + shown_name(entry.name)
            if entry.is_symlink():
                skipped.append(Skipped(relative, SYMLINK))
            elif entry.is_dir(follow_symlinks=False):
                reason = _folder_reason(entry.name)
                if reason is None:
                    pending.append((Path(entry.path), relative + "/"))
                else:
                    skipped.append(Skipped(relative + "/", reason))
            else:
                reason = _file_reason(entry)
                if reason is None:
                    found.append(Found(relative, Path(entry.path)))
                else:
                    skipped.append(Skipped(relative, reason))
    found.sort(key=lambda item: item.file)
    kept: dict[str, Found] = {}
    for item in found:
        if item.file in kept:
            skipped.append(Skipped(item.file, SAME_NAME))
        else:
            kept[item.file] = item
    skipped.sort(key=lambda item: item.file)
    return Discovery(tuple(kept.values()), tuple(skipped))


def shown_name(name: str) -> str:
    """A file name as outputs show it: bytes that are not UTF-8 (decoded by Python as
    lone surrogates) written as ``\xe9``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def output_inside(submissions: Path, output: Path) -> bool:
    """Whether ``output`` is the submissions folder or inside it (``output`` may not exist)."""
    return _resolved(output).is_relative_to(_resolved(submissions))


def junk_reason(name: str) -> str | None:
    """Why a file of this name is junk rather than a submission, or None."""
    lowered = name.lower()
    if lowered in _METADATA_NAMES or name.startswith("._"):
        return METADATA
    if name.startswith("~$"):
        return LOCK_FILE
    if (name.endswith("~") or lowered.endswith(_EDITOR_SUFFIXES) or name.startswith(".#")
            or (len(name) > 1 and name.startswith("#") and name.endswith("#"))):
        return EDITOR_FILE
    if name.startswith("."):
        return HIDDEN
    return None


def _folder_reason(name: str) -> str | None:
    if name.lower() in _METADATA_FOLDERS:
        return METADATA
    if name.startswith("."):
        return HIDDEN
    return None


def _file_reason(entry: os.DirEntry[str]) -> str | None:
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if not stat.S_ISREG(mode):
        return NOT_REGULAR
    junk = junk_reason(entry.name)
    if junk is not None:
        return junk
    if os.path.splitext(entry.name)[1].lower() not in ANSWER_SUFFIXES:
        return NOT_AN_ANSWER_FILE
    return None


def _resolved(path: Path) -> Path:
    """``path`` with symbolic links resolved as far as it exists, the rest appended."""
    absolute = Path(path).absolute()
    existing = absolute
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return Path(os.path.normpath(existing.resolve() / absolute.relative_to(existing)))
