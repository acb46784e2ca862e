"""A value worked out once per object, by the object's identity.

For objects that are not hashable or whose equality is costly (a solved set): each is kept
alive with its value, so its ``id`` cannot be taken by another object while it is cached;
past ``size`` objects the cache starts again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")


class PerObject(Generic[Key, Value]):
    def __init__(self, make: Callable[[Key], Value], size: int = 4096):
        self._make, self._size = make, size
        self._known: dict[int, tuple[Key, Value]] = {}

    def __call__(self, key: Key) -> Value:
        known = self._known.get(id(key))
        if known is None or known[0] is not key:
            if len(self._known) >= self._size:
                self._known.clear()
            known = self._known[id(key)] = (key, self._make(key))
        return known[1]
