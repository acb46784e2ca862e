"""f evaluated over symbolic entries: every matrix M of f put as (Mᵢⱼ) with real entry
symbols, products, sums, traces, determinants, norms, powers and inverses (M⁻¹ = adj M /
det M, up to 3×3) carried out, 1×1 results as scalars; ``I`` is the identity of whatever
size its neighbours give it (c·I until then). An operation undefined for the shapes of
its operands raises ShapeProblem. ``text`` writes a syntax tree back as plain text for
messages."""

from __future__ import annotations

import sympy

from solver.expr import nodes as ast
from solver.expr.matrices import ScaledIdentity
from solver.expr.printers import plain_text as text
from solver.numbers import entry_matrix, exact
from solver.plural import plural

CONSTANTS = {"e": sympy.E, "pi": sympy.pi}
IDENTITY = "I"  # the identity matrix, sized by its neighbours, unless f's shapes name an I
MAX_INVERSE_SIDE = 3  # inverses of symbolic matrices are worked out entry by entry


class ShapeProblem(Exception):
    """An operation of f that is not defined for the shapes of its operands."""


def entry_values(inputs) -> dict:
    """The entry matrix of every matrix and vector of f, and the numbers f names."""
    values: dict = {name: symmetric_entries(entry_matrix(name, rows, cols))
                    if name in inputs.symmetric else entry_matrix(name, rows, cols)
                    for name, rows, cols in inputs.shapes}
    values.update(inputs.constants)
    return values


def symmetric_entries(matrix: sympy.ImmutableMatrix) -> sympy.ImmutableMatrix:
    """A symmetric matrix of entries: Sⱼᵢ is Sᵢⱼ for i < j."""
    return sympy.ImmutableMatrix(matrix.rows, matrix.cols,
                                 lambda i, j: matrix[min(i, j), max(i, j)])


def _shape(value) -> str:
    return f"{value.rows}×{value.cols} matrix" if isinstance(value, sympy.MatrixBase) \
        else "scalar"


def _collapse(value):
    if isinstance(value, sympy.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def evaluate(node: ast.Node, values: dict):
    """The value of f's syntax tree over the symbolic matrices: a scalar or a matrix
    (1×1 results are scalars). Undefined operations raise ShapeProblem."""
    match node:
        case ast.Number(text=text):
            return exact(text)
        case ast.Name(id=name):
            if name in values:
                return values[name]
            return ScaledIdentity(sympy.Integer(1)) if name == IDENTITY else CONSTANTS[name]
        case ast.MatrixLiteral(rows=rows):
            cells = [[evaluate(entry, values) for entry in row] for row in rows]
            if any(isinstance(cell, sympy.MatrixBase) for row in cells for cell in row):
                raise ShapeProblem("the entries of a matrix literal must be scalars")
            return _collapse(sympy.ImmutableMatrix(cells))
        case ast.Neg(operand=operand):
            value = evaluate(operand, values)
            return ScaledIdentity(-value.scale) if isinstance(value, ScaledIdentity) else -value
        case ast.Add(left=left, right=right) | ast.Sub(left=left, right=right):
            a, b = evaluate(left, values), evaluate(right, values)
            if isinstance(a, ScaledIdentity) and isinstance(b, ScaledIdentity):
                return ScaledIdentity(a.scale + b.scale if isinstance(node, ast.Add)
                                      else a.scale - b.scale)
            a, b = _sized(node, a, b)
            if isinstance(a, sympy.MatrixBase) != isinstance(b, sympy.MatrixBase) or (
                    isinstance(a, sympy.MatrixBase) and a.shape != b.shape):
                word = "sum" if isinstance(node, ast.Add) else "difference"
                raise ShapeProblem(f"the {word} {text(node)} of a {_shape(a)} and a "
                                   f"{_shape(b)} is not defined: the shapes must be equal")
            return a + b if isinstance(node, ast.Add) else a - b
        case ast.Mul(left=left, right=right):
            return _product(node, evaluate(left, values), evaluate(right, values))
        case ast.Div(left=left, right=right):
            denominator = evaluate(right, values)
            if isinstance(denominator, sympy.MatrixBase):
                raise ShapeProblem(f"the divisor {text(right)} is a {_shape(denominator)}, "
                                   "not a scalar")
            if isinstance(denominator, ScaledIdentity):
                raise ShapeProblem(f"the divisor {text(right)} is a matrix, not a scalar")
            if denominator == 0:
                raise ShapeProblem(f"{text(node)} divides by zero")
            value = evaluate(left, values)
            if isinstance(value, ScaledIdentity):
                return ScaledIdentity(value.scale / denominator)
            return value / denominator
        case ast.Transpose(operand=operand):
            value = evaluate(operand, values)
            return value.T if isinstance(value, sympy.MatrixBase) else value
        case ast.Pow(base=base, exponent=exponent):
            return _power(node, base, exponent, values)
        case ast.Call(func=func, args=args):
            return _call(node, func, args, values)
    raise ShapeProblem(f"{text(node)} is not an operation on matrices that can be "
                       "differentiated")


def _sized(node, a, b):
    """The two terms of a sum with an identity given its size, or both kept as c·I."""
    for value, other in ((a, b), (b, a)):
        if isinstance(value, ScaledIdentity):
            if not (isinstance(other, sympy.MatrixBase) and other.is_square):
                raise ShapeProblem(f"{text(node)}: I can only be added to a square matrix")
            sized = value.sized(other.rows)
            return (sized, b) if value is a else (a, sized)
    return a, b


def whole(value, node):
    """f's value, refusing an identity whose size nothing fixed."""
    if isinstance(value, ScaledIdentity):
        raise ShapeProblem(f"{text(node)}: the size of I is not fixed by anything it meets")
    return value


def _product(node, a, b):
    if isinstance(a, ScaledIdentity) or isinstance(b, ScaledIdentity):
        if isinstance(a, ScaledIdentity) and isinstance(b, ScaledIdentity):
            return ScaledIdentity(a.scale * b.scale)
        scale, other = (a.scale, b) if isinstance(a, ScaledIdentity) else (b.scale, a)
        other = _collapse(other)
        if not isinstance(other, sympy.MatrixBase):
            return ScaledIdentity(scale * other)
        return _collapse(sympy.ImmutableMatrix(other * scale))
    a_matrix, b_matrix = isinstance(a, sympy.MatrixBase), isinstance(b, sympy.MatrixBase)
    if not (a_matrix and b_matrix):
        return a * b
    if a.cols != b.rows:
        raise ShapeProblem(
            f"the product {text(node)} of a {_shape(a)} and a {_shape(b)} is not defined: the "
            f"left factor has {plural(a.cols, 'column')} but the right factor has "
            f"{plural(b.rows, 'row')}")
    return _collapse(sympy.ImmutableMatrix(a * b))


def _power(node, base, exponent, values):
    n = evaluate(exponent, values)
    if isinstance(n, sympy.MatrixBase):
        raise ShapeProblem(f"the exponent in {text(node)} must be a scalar")
    if isinstance(base, ast.Call) and base.func == "norm" and len(base.args) == 1 \
            and n.is_integer and n.is_positive and n.is_even:
        return _squared_norm(evaluate(base.args[0], values)) ** (n // 2)
    a = evaluate(base, values)
    if isinstance(a, ScaledIdentity):
        if not n.is_integer or (n < 0 and a.scale == 0):
            raise ShapeProblem(f"{text(node)}: a power of I needs a whole exponent")
        return ScaledIdentity(a.scale ** n)
    if not isinstance(a, sympy.MatrixBase):
        return a**n
    if not a.is_square:
        raise ShapeProblem(f"{text(node)}: powers are defined only for square matrices, and "
                           f"{text(base)} is a {_shape(a)}")
    if not (n.is_integer and 1 <= abs(n) <= 20):
        raise ShapeProblem(f"{text(node)}: a matrix power here needs a whole exponent "
                           "between 1 and 20, or −1 for the inverse")
    if n < 0:
        return sympy.ImmutableMatrix(_inverse(node, a) ** int(-n))
    return sympy.ImmutableMatrix(a**int(n))


def _inverse(node, a: sympy.MatrixBase) -> sympy.ImmutableMatrix:
    """A⁻¹ = adj(A) / det A."""
    if a.rows > MAX_INVERSE_SIDE:
        raise ShapeProblem(f"{text(node)}: an inverse is worked out entry by entry here, up "
                           f"to {MAX_INVERSE_SIDE}×{MAX_INVERSE_SIDE}; {text(node.base)} is "
                           f"{_shape(a)}")
    det = sympy.factor(a.det())
    if det == 0:
        raise ShapeProblem(f"{text(node)}: {text(node.base)} is singular (det = 0)")
    return sympy.ImmutableMatrix(a.adjugate() / det)


def _squared_norm(value):
    if isinstance(value, sympy.MatrixBase):
        return sympy.Add(*(entry**2 for entry in value))
    return value**2


def _call(node, func, args, values):
    from solver.expr import FUNCTIONS

    arguments = [evaluate(arg, values) for arg in args]
    if any(isinstance(a, ScaledIdentity) for a in arguments):
        raise ShapeProblem(f"{func}( ): the size of I is not fixed by anything it meets")
    if func in ("trace", "det", "norm", "transpose"):
        if len(arguments) != 1:
            raise ShapeProblem(f"{func}( ) takes one argument")
        (a,) = arguments
        if func == "transpose":
            return a.T if isinstance(a, sympy.MatrixBase) else a
        if func == "norm":
            return sympy.sqrt(_squared_norm(a))
        if not isinstance(a, sympy.MatrixBase):
            return a
        if not a.is_square:
            raise ShapeProblem(f"{func}( ) is defined only for square matrices, and "
                               f"{text(args[0])} is a {_shape(a)}")
        return a.trace() if func == "trace" else a.det()
    if func in FUNCTIONS:
        for arg, value in zip(args, arguments, strict=True):
            if isinstance(value, sympy.MatrixBase):
                raise ShapeProblem(f"{func}( ) takes a scalar, but {text(arg)} is a "
                                   f"{_shape(value)}")
        return FUNCTIONS[func](*arguments)
    raise ShapeProblem(f"{func}( ) cannot be differentiated entry by entry")
