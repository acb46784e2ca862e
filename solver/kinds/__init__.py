"""The registry of part kinds: every module in this package defines one ``KIND``."""

from __future__ import annotations

import importlib
import pkgutil

from solver.kinds.base import Field, Kind


def _discover() -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name == "base":
            continue
        kind = importlib.import_module(f"{__name__}.{module.name}").KIND
        kinds[kind.name] = kind
    return kinds


KINDS: dict[str, Kind] = _discover()

__all__ = ["KINDS", "Field", "Kind"]
