"""The registry of part kinds: every package in this folder is one kind and defines its
``KIND`` record (``solver.kinds.base.Kind``); the modules beside them serve all kinds."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping

from solver.kinds.base import Field, Kind
from solver.steps import Step


class _Kinds(Mapping[str, Kind]):
    """Every kind by its package's name. A kind's package is imported when the kind is
    first looked up, so that a set loads only the kinds it uses."""

    def __init__(self) -> None:
        self._names = tuple(sorted(module.name for module in pkgutil.iter_modules(__path__)
                                   if module.ispkg))
        self._loaded: dict[str, Kind] = {}

    def __getitem__(self, name: str) -> Kind:
        kind = self._loaded.get(name)
        if kind is None:
            if name not in self._names:
                raise KeyError(name)
            kind = importlib.import_module(f"{__name__}.{name}").KIND
            assert kind.name == name, f"the kind in package {name} is named {kind.name}"
            self._loaded[name] = kind
        return kind

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


KINDS: Mapping[str, Kind] = _Kinds()


def all_step_types() -> list[type[Step]]:
    """Every concrete step class of the engine: the steps of every kind, and the steps a
    document adds (``solver.steps.reference``)."""
    import solver.steps.reference  # noqa: F401  (registers the document's own steps)

    for _kind in KINDS.values():  # imported, so that their steps are subclasses
        pass

    found, pending = [], list(Step.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: cls.__name__)


__all__ = ["KINDS", "Field", "Kind", "all_step_types"]
