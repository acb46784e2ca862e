"""The registry of part kinds: every package in this folder is one kind and defines its
``KIND`` record (``solver.kinds.base.Kind``); the modules beside them serve all kinds."""

from __future__ import annotations

import importlib
import pkgutil

from solver.kinds.base import Field, Kind
from solver.steps import Step


def _discover() -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not module.ispkg:
            continue
        kind = importlib.import_module(f"{__name__}.{module.name}").KIND
        kinds[kind.name] = kind
    return kinds


KINDS: dict[str, Kind] = _discover()


def all_step_types() -> list[type[Step]]:
    """Every concrete step class of the engine: the steps of every kind, and the steps a
    document adds (``solver.steps.reference``)."""
    import solver.steps.reference  # noqa: F401  (registers the document's own steps)

    found, pending = [], list(Step.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: cls.__name__)


__all__ = ["KINDS", "Field", "Kind", "all_step_types"]
