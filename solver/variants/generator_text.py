"""Reading a generator's text, ``matrix(2, 2, integers(-6, 6))``, into generator records.

The text is parsed by the plain-math grammar with the generator names as further call
keywords (``solver.expr.parse_with``), so it becomes a syntax tree of calls; the tree is
then interpreted here, call by call. Nothing is evaluated as Python: a number is read by
the expression language (``-6``, ``1/2``, ``0.35``), a list by its entries, an option is a
bare word (``nonzero``, ``permutation``). Anything else is a ``GeneratorError`` saying what
is wrong, which the spec reader places at the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy

from solver.expr import ExprError, function_names, parse_with, to_sympy
from solver.expr import nodes as ast
from solver.expr.printers import plain_text
from solver.numbers import is_decimal_text
from solver.spec.reader import did_you_mean
from solver.variants import generators as g

MAX_SIDE = 10  # rows and columns of a drawn matrix
MAX_MAGNITUDE = 10**9  # largest |lo|, |hi| of a range
MAX_PLACES = 6
MAX_OPTIONS = 100
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(")


class GeneratorError(Exception):
    """A generator text that cannot be read, and why."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_generator(text: str) -> g.Generator:
    """The generator a ``vary:`` entry's text describes."""
    for call in _CALL.finditer(text):
        name = call.group(1)
        if name not in _BUILDERS and name not in function_names():
            raise GeneratorError(f"unknown generator '{name}'",
                                 did_you_mean(name, _BUILDERS)
                                 or "generators: " + ", ".join(sorted(_BUILDERS)))
    try:
        tree = parse_with(text, frozenset(_BUILDERS))
    except ExprError as error:
        raise GeneratorError(f"{text!r}: {error.describe()}",
                             "e.g. matrix(2, 2, integers(-6, 6))") from None
    return _generator(tree)


def _generator(node: ast.Node) -> g.Generator:
    if isinstance(node, ast.Call) and node.func in _BUILDERS:
        return _BUILDERS[node.func](node)
    if isinstance(node, ast.MatrixLiteral):
        cells = tuple(tuple(_scalar_generator(cell) for cell in row) for row in node.rows)
        if all(isinstance(cell, g.Constant) for row in cells for cell in row):
            value = sympy.ImmutableMatrix([[cell.value for cell in row] for row in cells])
            return g.Constant(value, any(cell.decimal for row in cells for cell in row))
        return g.Literal(cells)
    if isinstance(node, ast.Name):
        raise GeneratorError(f"'{node.id}' is not a generator or a number",
                             "generators: " + ", ".join(sorted(_BUILDERS)))
    return g.Constant(_number(node), _written_decimal(node))


def _scalar_generator(node: ast.Node) -> g.Generator:
    generator = _generator(node)
    if generator.shape is not None:
        raise GeneratorError(f"{plain_text(node)}: an entry must be a number, found a "
                             f"{generator.shape[0]}×{generator.shape[1]} matrix")
    return generator


def _number(node: ast.Node) -> sympy.Expr:
    """A constant written in the expression language (no names)."""
    inner = next((n for n in ast.walk(node) if isinstance(n, ast.Call) and n.func in _BUILDERS),
                 None)
    if inner is not None:
        raise GeneratorError(f"{plain_text(node)}: a generator such as {inner.func}(…) stands "
                             f"alone, it is not part of a sum or product",
                             "nest generators instead: matrix(2, 2, integers(-6, 6))")
    try:
        value = to_sympy(node, {})
    except ExprError as error:
        raise GeneratorError(f"{plain_text(node)}: {error.describe()}") from None
    if not (value.is_number and value.is_real):
        raise GeneratorError(f"{plain_text(node)} is not a real number")
    return value


def _written_decimal(node: ast.Node) -> bool:
    return any(isinstance(n, ast.Number) and is_decimal_text(n.text) for n in ast.walk(node))


def _whole(node: ast.Node, what: str, low: int = -MAX_MAGNITUDE,
           high: int = MAX_MAGNITUDE) -> int:
    value = _number(node)
    if not value.is_integer:
        raise GeneratorError(f"{what} must be a whole number, found {plain_text(node)}")
    if not low <= int(value) <= high:
        raise GeneratorError(f"{what} must be from {low} to {high}, found {plain_text(node)}")
    return int(value)


def _side(node: ast.Node, what: str) -> int:
    return _whole(node, what, 1, MAX_SIDE)


def _split(call: ast.Call, usage: str, counts: tuple[int, ...],
           options: tuple[str, ...] = ()) -> tuple[tuple[ast.Node, ...], set[str]]:
    """The positional arguments of a call and the options after them."""
    args = list(call.args)
    found: set[str] = set()
    while args and isinstance(args[-1], ast.Name) and args[-1].id in options:
        found.add(args.pop().id)
    for arg in args:
        if isinstance(arg, ast.Name) and arg.id not in _BUILDERS:
            known = f" (options: {', '.join(options)})" if options else ""
            raise GeneratorError(f"{call.func}: unknown option or name '{arg.id}'{known}",
                                 f"write {usage}")
    if len(args) not in counts:
        raise GeneratorError(f"{plain_text(call)}: expected {usage}")
    return tuple(args), found


def _integers(call: ast.Call) -> g.Generator:
    (low, high), options = _split(call, "integers(lo, hi) or integers(lo, hi, nonzero)", (2,),
                                  ("nonzero",))
    generator = g.Integers(_whole(low, "lo"), _whole(high, "hi"), "nonzero" in options)
    if generator.low > generator.high:
        raise GeneratorError(f"{plain_text(call)}: lo must not be greater than hi")
    if generator.nonzero and not generator.can_be_nonzero():
        raise GeneratorError(f"{plain_text(call)}: there is no non-zero whole number to draw")
    return generator


def _decimals(call: ast.Call) -> g.Generator:
    (low, high, places), options = _split(call, "decimals(lo, hi, places)", (3,), ("nonzero",))
    generator = g.Decimals(_number(low), _number(high), _whole(places, "places", 0, MAX_PLACES),
                           "nonzero" in options)
    first, last = generator.steps
    if first > last or max(abs(first), abs(last)) > MAX_MAGNITUDE:
        raise GeneratorError(f"{plain_text(call)}: no decimal with {generator.places} places "
                             f"lies from lo to hi" if first > last else
                             f"{plain_text(call)}: the range is too large")
    if generator.nonzero and not generator.can_be_nonzero():
        raise GeneratorError(f"{plain_text(call)}: there is no non-zero decimal to draw")
    return generator


def _choice(call: ast.Call) -> g.Generator:
    if not 1 <= len(call.args) <= MAX_OPTIONS:
        raise GeneratorError(f"choice takes 1 to {MAX_OPTIONS} options, found "
                             f"{len(call.args)}")
    options = tuple(_generator(arg) for arg in call.args)
    shapes = {option.shape for option in options}
    if len(shapes) > 1:
        raise GeneratorError(f"{plain_text(call)}: the options have different shapes",
                             "every option a number, or every option a list of one size")
    return g.Choice(options)


def _matrix(call: ast.Call) -> g.Generator:
    (rows, columns, entry), _ = _split(call, "matrix(m, n, gen)", (3,))
    m, n = _side(rows, "m"), _side(columns, "n")
    if isinstance(entry, ast.Call) and entry.func == "rank":
        (rank,), _ = _split(entry, "matrix(m, n, rank(r))", (1,))
        return g.OfRank(m, n, _whole(rank, "r", 0, min(m, n)))
    return g.Entries(m, n, _scalar_generator(entry))


def _vector(call: ast.Call) -> g.Generator:
    (size, entry), options = _split(call, "vector(n, gen) or vector(n, gen, nonzero)", (2,),
                                    ("nonzero",))
    generator = g.Entries(_side(size, "n"), 1, _scalar_generator(entry), "nonzero" in options)
    if generator.nonzero and not generator.entry.can_be_nonzero():
        raise GeneratorError(f"{plain_text(call)}: every entry is 0, so the vector cannot be "
                             f"non-zero")
    return generator


def _symmetric(call: ast.Call) -> g.Generator:
    (size, entry), _ = _split(call, "symmetric(n, gen)", (2,))
    return g.Symmetric(_side(size, "n"), _scalar_generator(entry))


def _with_eigenvalues(call: ast.Call) -> g.Generator:
    (values,), _ = _split(call, "with_eigenvalues([λ1, …, λn])", (1,))
    if not (isinstance(values, ast.MatrixLiteral) and values.shape[1] == 1):
        raise GeneratorError(f"{plain_text(call)}: expected a list of eigenvalues",
                             "e.g. with_eigenvalues([2, -1]) or "
                             "with_eigenvalues([integers(1, 4), -1])")
    if values.shape[0] > MAX_SIDE:
        raise GeneratorError(f"{plain_text(call)}: at most {MAX_SIDE} eigenvalues")
    return g.WithEigenvalues(tuple(_scalar_generator(row[0]) for row in values.rows))


def _rank(call: ast.Call) -> g.Generator:
    args, _ = _split(call, "rank(m, n, r), or matrix(m, n, rank(r))", (3,))
    m, n = _side(args[0], "m"), _side(args[1], "n")
    return g.OfRank(m, n, _whole(args[2], "r", 0, min(m, n)))


def _orthogonal(call: ast.Call) -> g.Generator:
    (size,), options = _split(call, "orthogonal(n) or orthogonal(n, permutation)", (1,),
                              ("permutation",))
    return g.Orthogonal(_side(size, "n"), "permutation" in options)


_BUILDERS: dict[str, Callable[[ast.Call], g.Generator]] = {
    "integers": _integers,
    "decimals": _decimals,
    "choice": _choice,
    "matrix": _matrix,
    "vector": _vector,
    "symmetric": _symmetric,
    "with_eigenvalues": _with_eigenvalues,
    "rank": _rank,
    "orthogonal": _orthogonal,
}

GENERATOR_NAMES = frozenset(_BUILDERS)
