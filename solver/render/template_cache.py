"""Compiled templates kept between runs, so that each process does not compile them again.

Jinja compiles a template's source to Python code the first time it is loaded; with a
few hundred step templates that is most of the time a worked solution takes. The
compiled code is kept in the user's cache folder: ``$HWSOLVER_CACHE_DIR``, else
``$XDG_CACHE_HOME/hwsolver``, else ``~/.cache/hwsolver``, in ``templates/``. Jinja keys
each entry by the template's name and checks it against the source's checksum and the
Python version, so an edited template or another Python never loads stale code.

The cache only ever speeds things up: a folder that cannot be made, that another user
owns or others may write to, a full disk, or an entry cut short are all the same as no
cache. ``HWSOLVER_CACHE_DIR=`` (empty) turns it off.
"""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

from jinja2.bccache import Bucket, FileSystemBytecodeCache

SUBFOLDER = "templates"


def cache_folder() -> Path | None:
    """Where compiled templates are kept; None when the cache is turned off."""
    chosen = os.environ.get("HWSOLVER_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) / SUBFOLDER if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hwsolver" / SUBFOLDER


def template_cache() -> TemplateCache | None:
    """The cache for the one Jinja environment, or None when there is none to be had."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return None
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    return TemplateCache(str(folder))


def _private(folder: Path) -> bool:
    """Owned by this user, and nobody else may write to it."""
    info = folder.stat()
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() \
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file cache, where any failure to read or write an entry is a cache miss."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            # unreadable, cut short or garbled
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a full disk, a folder gone: the next run compiles again
            pass
