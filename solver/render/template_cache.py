"""Compiled templates kept between runs, so that each process does not compile them again.

Jinja compiles a template's source to Python code the first time it is loaded; with a
few hundred step templates that is most of the time a worked solution takes. The
compiled code is kept in the user's cache folder (``solver.cache_folder``), in
``templates/``. Jinja keys
each entry by the template's name and checks it against the source's checksum and the
Python version, so an edited template or another Python never loads stale code.

The cache only ever speeds things up: a folder that cannot be made, that another user
owns or others may write to, a full disk, or an entry cut short are all the same as no
cache. ``HWSOLVER_CACHE_DIR=`` (empty) turns it off.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from jinja2.bccache import Bucket, FileSystemBytecodeCache

from solver.cache_folder import cache_root, private_folder

SUBFOLDER = "templates"


def cache_folder() -> Path | None:
    """Where compiled templates are kept; None when the cache is turned off."""
    root = cache_root()
    return None if root is None else root / SUBFOLDER


def template_cache() -> TemplateCache | None:
    """The cache for the one Jinja environment, or None when there is none to be had."""
    folder = private_folder(SUBFOLDER)
    return None if folder is None else TemplateCache(str(folder))


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
