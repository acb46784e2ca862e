"""The grading journal: one JSON line per graded submission, appended as results come.

A line names the submission's file, the SHA-256 of its bytes and of the spec, and holds
the result's row as results.json has it (last, so that it can be copied out without being
decoded: ``written``) with its grades.csv line and Moodle summary. Lines are flushed to
the operating system as they are written, so a run killed at any moment (``kill -9``
included) leaves every finished result on disk; a line cut short by the kill is dropped
when the journal is read again. A result is reused while its file and the spec are
unchanged, which is what lets ``--resume`` finish a run and a re-run regrade only what
changed.

Writing goes through this module only, and every failure to write (a read-only or full
folder, a quota, a folder that has gone) comes out as one ``OutputError`` naming the
folder and the cause, with no temporary file left behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from solver.errors import HwsolverError

if TYPE_CHECKING:
    from solver.grade.packed import Packed

NAME = "journal.jsonl"
LINE_BLOCK = 64 * 1024  # bytes read at a time when a line is read back
TEMPORARY_MARK = ".tmp-"
RESULT_MARK = b', "result": '  # between a line\'s other fields and its result


class OutputError(HwsolverError):
    """An output file could not be written: the folder is read-only, full or gone."""

    def __init__(self, path: Path, error: OSError):
        self.path, self.error = path, error
        super().__init__(f"{path.parent}: cannot write {path.name} there ({self.cause})")

    @property
    def cause(self) -> str:
        return self.error.strerror or type(self.error).__name__


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Within the block, an OSError is an OutputError about writing ``path``."""
    try:
        yield
    except OSError as error:
        raise OutputError(path, error) from None


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Journal:
    """Results by file, appended to ``folder/journal.jsonl`` and read back from it: only
    where each file's line starts is kept in memory, not the results."""

    def __init__(self, folder: Path, spec_sha256: str):
        self.path = folder / NAME
        self.spec_sha256 = spec_sha256
        self._lines: dict[str, tuple[str, int]] = {}  # file: (its bytes' SHA-256, offset)
        self._file: IO[bytes] | None = None
        self._reader: IO[bytes] | None = None
        self._end = 0
        with writing(self.path):
            folder.mkdir(parents=True, exist_ok=True)
            if self.path.exists():
                self._read()

    def _read(self) -> None:
        with open(self.path, "r+b") as handle:
            offset = 0
            for line in handle:
                if not line.endswith(b"\n"):  # a line cut short by a kill: drop it
                    handle.truncate(offset)
                    break
                try:
                    entry = json.loads(line)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    entry = None
                if isinstance(entry, dict) and entry.get("spec") == self.spec_sha256:
                    self._lines[entry["file"]] = (entry["sha256"], offset)
                offset += len(line)
        self._end = offset

    def reusable(self, file: str, sha256: str) -> dict | None:
        """The journaled result of this file if its bytes are unchanged."""
        known = self._lines.get(file)
        return self.load(file) if known is not None and known[0] == sha256 else None

    def load(self, file: str) -> dict:
        """The result last journaled for ``file``."""
        return json.loads(self._line_at(self._lines[file][1]))["result"]

    def _line_at(self, offset: int) -> bytes:
        """The line at ``offset``, read with ``pread`` (which moves no file position, so
        processes forked from this one read lines through the same file at once)."""
        with writing(self.path):
            if self._reader is None:
                self._reader = open(self.path, "rb")  # kept until close()
            pieces = []
            while True:
                block = os.pread(self._reader.fileno(), LINE_BLOCK, offset)
                end = block.find(b"\n")
                if end >= 0 or not block:
                    pieces.append(block[:end + 1] if end >= 0 else block)
                    return b"".join(pieces)
                pieces.append(block)
                offset += len(block)

    def written(self, file: str) -> tuple[bytes, dict[str, str]] | None:
        """The result last journaled for ``file`` as its JSON text (UTF-8, not decoded)
        and its ``lines`` (``Packed``); None for a line not laid out as ``record`` writes."""
        line = self._line_at(self._lines[file][1])
        cut = line.find(RESULT_MARK)  # no JSON string holds it: a quote there has a backslash
        if cut < 0 or not line.endswith(b"}\n"):
            return None
        try:
            lines = json.loads(line[:cut] + b"}").get("lines")
        except (json.JSONDecodeError, UnicodeDecodeError):
            return None
        return (line[cut + len(RESULT_MARK):-2], lines) if isinstance(lines, dict) else None

    def record(self, file: str, sha256: str, result: Packed) -> None:
        """Journal a result as the worker packed it."""
        line = self._line(file, sha256, result).encode("utf-8")
        with writing(self.path):
            if self._file is None:
                self._file = open(self.path, "ab")  # kept until close()
            self._file.write(line)
            self._file.flush()
        self._lines[file] = (sha256, self._end)
        self._end += len(line)

    def compact(self, files: list[str]) -> None:
        """Rewrite the journal with one line per current submission (after a finished run),
        one line at a time."""
        self._close_writer()
        with atomic_file(self.path) as handle:
            for file in files:
                if file in self._lines:
                    handle.write(self._line_at(self._lines[file][1]))
        self.close()

    def _line(self, file: str, sha256: str, result: Packed) -> str:
        """{file, sha256, spec, lines, result} as JSON on one line, the result last, its
        text put in as it is."""
        head = json.dumps({"file": file, "sha256": sha256, "spec": self.spec_sha256,
                           "lines": result.lines}, ensure_ascii=False)
        return f"{head[:-1]}{RESULT_MARK.decode()}{result.text}}}\n"

    def _close_writer(self) -> None:
        if self._file is None:
            return
        handle, self._file = self._file, None
        try:
            with writing(self.path):
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            try:
                handle.close()
            except OSError:  # the flush above has failed and said why
                pass

    def close(self) -> None:
        self._close_writer()
        if self._reader is not None:
            self._reader.close()
            self._reader = None


@contextmanager
def atomic_file(path: Path, durable: bool = False) -> Iterator[IO[bytes]]:
    """A file written through the handle given, put in place whole when the block ends
    (``write_atomic`` for output that comes in pieces)."""
    temporary = temporary_name(path)
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(temporary, "wb") as handle:
                yield handle
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.replace(temporary, path)
        finally:
            remove_quietly(temporary)


def write_atomic(path: Path, data: str | bytes, durable: bool = False) -> Path:
    """Write a file so that it is either the old one or the whole new one, never half
    (whatever happens to the process); ``durable`` also waits for the disk (power loss).
    Raises OutputError when the folder does not take it."""
    with atomic_file(path, durable) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def temporary_name(path: Path) -> Path:
    """Where ``path`` is written before it is renamed into place (hidden; names the
    process and thread, so writers never share one)."""
    return path.with_name(f".{path.name}{TEMPORARY_MARK}{os.getpid()}-{threading.get_ident()}")


def remove_temporaries(folder: Path) -> None:
    """Remove what writers interrupted by a kill left in ``folder`` and its sub-folders
    (only while no one else writes there)."""
    for temporary in folder.rglob(".*.tmp*"):
        remove_quietly(temporary)


def remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # on a read-only folder there is nothing to remove either
        pass
