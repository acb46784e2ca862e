"""Pickling that keeps SymPy's expressions as they were built.

Plain pickling rebuilds a SymPy expression by calling its class on its arguments, which
evaluates it again: ``4*(7*a**2 - 5*a + 1)``, kept factored on purpose, comes back as
``28*a**2 - 20*a + 4``, and a worked solution printed from it reads differently. Here sums,
products and powers are rebuilt from their arguments as they stand, without evaluation,
so a value sent from a forked process prints as it would have here.
"""

from __future__ import annotations

import hashlib
import io
import pickle

from sympy import Add, Mul, Pow

_AS_BUILT = (Add, Mul, Pow)


def _rebuilt(cls, args):
    return cls._from_args(args) if cls is not Pow else Pow(*args, evaluate=False)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        cls = type(obj)
        if cls in _AS_BUILT:
            return _rebuilt, (cls, obj.args)
        return NotImplemented


def dumps(value) -> bytes:
    """``value`` pickled, its sums, products and powers kept as built."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def loads(data: bytes):
    return pickle.loads(data)  # noqa: S301 - bytes from a process of this run only


def fingerprint(value) -> str | None:
    """SHA-256 of ``value``'s structure: pickled as built without a memo, so that two
    values share a fingerprint exactly when they are built alike, however their parts
    are shared in memory (None for a value that refers to itself)."""
    buffer = io.BytesIO()
    pickler = _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: every part written out where it occurs
    try:
        pickler.dump(value)
    except (RecursionError, ValueError):
        return None
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def copy_back(data: bytes, expected: str | None):
    """The value pickled in ``data`` if it has the ``fingerprint`` its sender gave; None
    when it was not rebuilt as it was built."""
    value = loads(data)
    return value if expected is not None and fingerprint(value) == expected else None
