"""The grading journal: one JSON line per graded submission, appended as results come.

A line names the submission's file, the SHA-256 of its bytes and of the spec, and the
result. Lines are flushed to the operating system as they are written, so a run killed at
any moment (``kill -9`` included) leaves every finished result on disk; a line cut short
by the kill is dropped when the journal is read again. A result is reused while its file
and the spec are unchanged, which is what lets ``--resume`` finish a run and a re-run
regrade only what changed.

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
from typing import IO

from solver.errors import HwsolverError

NAME = "journal.jsonl"
TEMPORARY_MARK = ".tmp-"


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
    """Results by file, read from and appended to ``folder/journal.jsonl``."""

    def __init__(self, folder: Path, spec_sha256: str):
        self.path = folder / NAME
        self.spec_sha256 = spec_sha256
        self._results: dict[str, tuple[str, dict]] = {}
        self._file: IO[str] | None = None
        with writing(self.path):
            folder.mkdir(parents=True, exist_ok=True)
            if self.path.exists():
                self._read()

    def _read(self) -> None:
        raw = self.path.read_bytes()
        complete = raw[: raw.rfind(b"\n") + 1]
        if len(complete) != len(raw):  # a line cut short by a kill: drop it
            with open(self.path, "r+b") as handle:
                handle.truncate(len(complete))
        for line in complete.decode("utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict) and entry.get("spec") == self.spec_sha256:
                self._results[entry["file"]] = (entry["sha256"], entry["result"])

    def reusable(self, file: str, sha256: str) -> dict | None:
        """The journaled result of this file if its bytes are unchanged."""
        known = self._results.get(file)
        return known[1] if known is not None and known[0] == sha256 else None

    def record(self, file: str, sha256: str, result: dict) -> None:
        with writing(self.path):
            if self._file is None:
                self._file = open(self.path, "a", encoding="utf-8")  # kept until close()
            self._file.write(self._line(file, sha256, result))
            self._file.flush()
        self._results[file] = (sha256, result)

    def compact(self, files: list[str]) -> None:
        """Rewrite the journal with one line per current submission (after a finished run)."""
        self.close()
        write_atomic(self.path, "".join(self._line(file, *self._results[file])
                                        for file in files if file in self._results))

    def _line(self, file: str, sha256: str, result: dict) -> str:
        return json.dumps({"file": file, "sha256": sha256, "spec": self.spec_sha256,
                           "result": result}, sort_keys=True, ensure_ascii=True) + "\n"

    def close(self) -> None:
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


def write_atomic(path: Path, data: str | bytes, durable: bool = False) -> Path:
    """Write a file so that it is either the old one or the whole new one, never half
    (whatever happens to the process); ``durable`` also waits for the disk (power loss).
    Raises OutputError when the folder does not take it."""
    temporary = temporary_name(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(temporary, "wb") as handle:
                handle.write(payload)
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.replace(temporary, path)
        finally:
            remove_quietly(temporary)
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
