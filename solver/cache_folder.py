"""The user's cache folder: what hwsolver works out once and keeps between runs (compiled
templates, lark's analysis of the expression grammar), each kind in a folder of its own.

The folder is ``$HWSOLVER_CACHE_DIR``, else ``$XDG_CACHE_HOME/hwsolver``, else
``~/.cache/hwsolver``; ``HWSOLVER_CACHE_DIR=`` (empty) turns every cache off. What is kept
there is loaded as code, so a folder is used only when this user owns it and nobody else
may write to it. A folder that cannot be made is the same as no cache.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def cache_root() -> Path | None:
    """The cache folder; None when caching is turned off."""
    chosen = os.environ.get("HWSOLVER_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hwsolver"


def private_folder(name: str) -> Path | None:
    """``name`` inside the cache folder, made if missing; None when caching is off or the
    folder cannot be made or is not this user's alone."""
    try:
        root = cache_root()
        if root is None:
            return None
        folder = root / name
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    private = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() \
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return folder if private else None
