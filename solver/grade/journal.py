"""The grading journal: one JSON line per graded submission, appended as results come.

A line names the submission's file, the SHA-256 of its bytes and of the spec, and the
result. Lines are flushed to the operating system as they are written, so a run killed at
any moment (``kill -9`` included) leaves every finished result on disk; a line cut short
by the kill is dropped when the journal is read again. A result is reused while its file
and the spec are unchanged, which is what lets ``--resume`` finish a run and a re-run
regrade only what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import IO

NAME = "journal.jsonl"


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Journal:
    """Results by file, read from and appended to ``folder/journal.jsonl``."""

    def __init__(self, folder: Path, spec_sha256: str):
        self.path = folder / NAME
        self.spec_sha256 = spec_sha256
        self._results: dict[str, tuple[str, dict]] = {}
        self._file: IO[str] | None = None
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
        if self._file is None:
            self._file = open(self.path, "a", encoding="utf-8")  # kept open until close()
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
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None


def write_atomic(path: Path, data: str | bytes, durable: bool = False) -> Path:
    """Write a file so that it is either the old one or the whole new one, never half
    (whatever happens to the process); ``durable`` also waits for the disk (power loss)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        with open(temporary, "wb") as handle:
            handle.write(payload)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
