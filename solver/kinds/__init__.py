"""The registry of part kinds: every package in this folder is one kind and defines its
``KIND`` record (``solver.kinds.base.Kind``); the modules beside them serve all kinds."""

from __future__ import annotations

import importlib
import pkgutil

from solver.kinds.base import Field, Kind


def _discover() -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not module.ispkg:
            continue
        kind = importlib.import_module(f"{__name__}.{module.name}").KIND
        kinds[kind.name] = kind
    return kinds


KINDS: dict[str, Kind] = _discover()

__all__ = ["KINDS", "Field", "Kind"]
