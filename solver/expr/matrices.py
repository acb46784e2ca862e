"""One evaluator of expression trees over scalars, vectors and matrices.

The shape rules, stated once: a sum needs equal shapes; a product ``A B`` needs as many
columns of ``A`` as rows of ``B`` (its entry (i, j) is Σₖ Aᵢₖ Bₖⱼ); a number times a
matrix scales every entry; ``^T`` swaps rows and columns; ``det`` and ``trace`` need a
square matrix; ``A^n`` needs a square ``A`` and a whole ``n`` (``n < 0``: the inverse,
which needs det A ≠ 0).

Two readers use it with their own :class:`MatrixRules`: the checker reading a student's
answer (:data:`ANSWER_RULES`: sizes limited, powers and ``rank``/``norm`` refused, a flat
list written in a line and transposed on its own, ``(a, b)^T``, is the column it
denotes; :data:`CLOSED_FORM_RULES` for an answer written with the names of matrices,
such as ``-f S^-1 (x - mu)`` or ``X^-T``, which may take a few small powers and inverses,
``A^-T`` being the inverse of ``Aᵀ`` when ``T`` names nothing else, a 1×1 product such
as ``a^T x`` a number, and ``I`` the
identity of whatever size the matrix beside it gives, a :class:`ScaledIdentity`) and the
``matrix_expression`` kind (:data:`EXPRESSION_RULES`: powers up to ``MAX_POWER``, a 1×1
matrix stands for its entry, each operation recorded as a step).
An operation that is not defined raises :class:`MatrixUndefined`, which says why twice:
``message`` (with ``hint`` and ``pos``) to a student, ``reason`` in a solution.

The module is kept whole: it is one evaluator, and its operations read best side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import sympy

from solver.expr.errors import ExprSyntaxError, NotAScalar
from solver.expr.functions import MATRIX_FUNCTIONS
from solver.expr.nodes import (
    Add,
    Call,
    Cases,
    Compare,
    Div,
    Factorial,
    MatrixLiteral,
    Mul,
    Name,
    Neg,
    Node,
    Number,
    Pow,
    Sub,
    Transpose,
)
from solver.expr.scalar import to_sympy
from solver.input_limits import MAX_DET_SIDE, MAX_PRODUCT_COST, MAX_SIDE
from solver.numbers import exact
from solver.plural import plural

MAX_POWER = 20
CLOSED_FORM_MAX_POWER = 3  # A^3, A^-1, A^-T in an answer written with matrices' names
CLOSED_FORM_MAX_POWERS = 4  # and at most this many of them in one answer
MAX_INVERSE_SIDE = 4  # a symbolic inverse is worked out entry by entry (det: n! terms)


@dataclass(frozen=True)
class MatrixRules:
    """What one reader accepts beyond the shape rules every matrix expression has."""

    functions: frozenset[str]  # the matrix functions evaluated
    max_power: int | None  # None: powers of matrices are refused
    one_by_one_scalar: bool  # a 1×1 matrix stands for its entry where a number is needed
    max_side: int | None = None  # largest literal
    max_product_cost: int | None = None  # multiplications of one product
    max_det_side: int | None = None  # largest determinant
    rows_as_columns: bool = False  # (a, b)^T on its own is the column (a, b)
    strict: bool = False  # '@' only between matrices, transpose() only of a matrix, and a
    #                       function that is not a matrix function refused before its argument
    det_method: str = "bareiss"
    max_inverse_side: int | None = None  # largest matrix inverted (None: any)
    max_powers: int | None = None  # powers and inverses in one expression (None: any)
    min_power: int | None = None  # the lowest exponent (None: -max_power)
    inverse_transpose: bool = False  # A^-T is the inverse of Aᵀ (when T names nothing)
    powers_of_names: bool = False  # only a named matrix (or its transpose) takes a power


ANSWER_RULES = MatrixRules(
    functions=frozenset({"transpose", "det", "trace"}), max_power=None, one_by_one_scalar=False,
    max_side=MAX_SIDE, max_product_cost=MAX_PRODUCT_COST, max_det_side=MAX_DET_SIDE,
    rows_as_columns=True, strict=True, det_method="berkowitz",
)
CLOSED_FORM_RULES = replace(  # aᵀx is a number, as courses write 2(aᵀx)a and x/(xᵀx)
    ANSWER_RULES, max_power=CLOSED_FORM_MAX_POWER, min_power=-1, max_inverse_side=MAX_INVERSE_SIDE,
    max_powers=CLOSED_FORM_MAX_POWERS, inverse_transpose=True, powers_of_names=True,
    one_by_one_scalar=True,
)
EXPRESSION_RULES = MatrixRules(
    functions=frozenset({"transpose", "det", "trace", "rank", "norm"}), max_power=MAX_POWER,
    one_by_one_scalar=True,
)


@dataclass(frozen=True)
class Part:
    """A value and the sub-tree it is the value of."""

    node: Node
    value: Any


class MatrixUndefined(NotAScalar):
    """An operation the shapes or values of its operands do not allow."""

    def __init__(self, message: str, node: Node, *, text: str = "", hint: str | None = None,
                 operation: str = "expression", operands: tuple[Part, ...] = (),
                 reason: str | None = None) -> None:
        super().__init__(message, text=text, pos=node.pos, hint=hint)
        self.operation = operation
        self.operands = operands
        self.reason = message if reason is None else reason


Record = Callable[..., None]  # record(step name, **fields): "sum", "product", ...


@dataclass(frozen=True)
class ScaledIdentity:
    """c·I of a size not yet known: it takes the size of the square matrix it is added to
    or multiplied with; ``side`` is its size when nothing beside it gives one (an answer
    that is I alone)."""

    scale: Any = sympy.Integer(1)
    side: int | None = None

    def times(self, number: Any) -> ScaledIdentity:
        return ScaledIdentity(self.scale * number, self.side)

    def sized(self, n: int) -> sympy.ImmutableMatrix:
        return sympy.ImmutableMatrix(sympy.eye(n) * self.scale)

    def __neg__(self) -> ScaledIdentity:
        return self.times(-1)


def inverse_transposed(node: Pow, values: Mapping[str, Any]) -> bool:
    """Whether a power is written ``A^-T``, the inverse of Aᵀ: its exponent is ``-T`` and
    ``T`` names nothing else."""
    exponent = node.exponent
    return isinstance(exponent, Neg) and isinstance(exponent.operand, Name) \
        and exponent.operand.id == "T" and "T" not in values


def is_matrix(value: Any) -> bool:
    return isinstance(value, sympy.MatrixBase)


def shape_text(value: Any) -> str:
    """``2×3`` for a matrix, ``scalar`` for anything else."""
    return f"{value.shape[0]}×{value.shape[1]}" if is_matrix(value) else "scalar"


def find_matrix_nodes(order: list[Node], symbols: Mapping[str, Any]) -> set[int]:
    """ids of the nodes whose value involves a matrix (literal, ^T, a matrix function or a
    name standing for a matrix of entries or the identity); ``order`` lists a tree's nodes
    parents first."""
    found: set[int] = set()
    for node in reversed(order):
        if (
            isinstance(node, MatrixLiteral | Transpose)
            or (isinstance(node, Name)
                and isinstance(symbols.get(node.id), sympy.MatrixBase | ScaledIdentity))
            or (isinstance(node, Call) and node.func in MATRIX_FUNCTIONS)
            or any(id(child) in found for child in node.children())
        ):
            found.add(id(node))
    return found


class MatrixEvaluator:
    """Values of trees holding vectors and matrices.

    ``matrices``: ids of the nodes whose value involves a matrix (:func:`find_matrix_nodes`);
    the other sub-trees are scalars for :func:`solver.expr.to_sympy`. None: every node is
    evaluated here, numbers exactly and names from ``values``. ``record`` is called for
    each operation on matrices, with its operands as :class:`Part` s.
    """

    def __init__(self, values: Mapping[str, Any], rules: MatrixRules, *, text: str = "",
                 matrices: set[int] | None = None, record: Record | None = None) -> None:
        self.values = values
        self.rules = rules
        self.text = text
        self.matrices = matrices
        self.record = record
        self.powers = 0  # powers and inverses evaluated so far

    def fail(self, message: str, node: Node, hint: str | None = None, *,
             operation: str = "expression", operands: tuple[Part, ...] = (),
             reason: str | None = None) -> MatrixUndefined:
        return MatrixUndefined(message, node, text=self.text, hint=hint, operation=operation,
                               operands=operands, reason=reason)

    def step(self, name: str, **fields: Any) -> None:
        if self.record is not None:
            self.record(name, **fields)

    def value(self, node: Node, in_product: bool = False) -> Any:
        """``in_product``: ``node`` is a factor of a product of two or more matrices."""
        if self.matrices is not None and id(node) not in self.matrices:
            return to_sympy(node, self.values, text=self.text)
        match node:
            case Number():
                return exact(node.text)
            case Name():
                return self.values[node.id]
            case MatrixLiteral():
                return self.literal(node)
            case Add() | Sub():
                return self.sum(node)
            case Neg():
                return -self.value(node.operand, in_product)
            case Mul() | Div():
                return self.product(node)
            case Transpose():
                return self.transpose(node, in_product)
            case Call():
                return self.call(node)
            case Pow():
                return self.power(node)
        raise self.fail(_not_a_value(node), node, _not_a_value_hint(node),
                        reason="this operation is not defined for matrices")

    def number(self, value: Any, node: Node, what: str) -> Any:
        """A value where a number is needed: a 1×1 matrix is its entry when the rules say so."""
        if isinstance(value, ScaledIdentity):
            raise self.fail(f"{what} must be a number, but this is the identity matrix", node,
                            operation=what)
        if not is_matrix(value):
            return value
        if self.rules.one_by_one_scalar and value.shape == (1, 1):
            return value[0, 0]
        reason = f"{what} must be a number, but this is a {shape_text(value)} matrix"
        raise self.fail(reason, node, operation=what, operands=(Part(node, value),))

    def literal(self, node: MatrixLiteral) -> sympy.ImmutableMatrix:
        rows, columns = node.shape
        side = self.rules.max_side
        if side is not None and (rows > side or columns > side):
            raise ExprSyntaxError(f"the matrix is {rows}×{columns}; the limit is {side}×{side}",
                                  text=self.text, pos=node.pos)
        values = []
        for row in node.rows:
            cells = []
            for entry in row:
                if self.matrices is not None and id(entry) in self.matrices:
                    raise self.fail("a matrix entry must be a number or an expression", entry)
                cells.append(self.number(self.value(entry), entry, "an entry"))
            values.append(cells)
        return sympy.ImmutableMatrix(values)

    def sum(self, node: Add | Sub) -> Any:
        """The terms of a sum left to right, each added to the sum of those before it."""
        spine = _left_spine(node, Add | Sub)
        total = self.value(spine[0].left)
        for parent in spine:
            negative = isinstance(parent, Sub)
            value = self.value(parent.right)
            if isinstance(total, ScaledIdentity) or isinstance(value, ScaledIdentity):
                total = self.identity_sum(parent, total, value, negative)
                continue
            if not is_matrix(total) and not is_matrix(value):
                total = total + (-value if negative else value)
                continue
            left, right = Part(parent.left, total), Part(parent.right, value)
            if is_matrix(total) != is_matrix(value) or total.shape != value.shape:
                operation = "difference" if negative else "sum"
                message = ("a number and a matrix cannot be added"
                           if is_matrix(total) != is_matrix(value) else
                           f"a {shape_text(value)} matrix cannot be added to a "
                           f"{shape_text(total)} matrix")
                raise self.fail(
                    message, parent.right, operation=operation, operands=(left, right),
                    reason=f"the {operation} of a {shape_text(total)} and a "
                           f"{shape_text(value)} is not defined: the shapes must be equal")
            total = total + (-value if negative else value)
            self.step("sum", left=left, right=right, sign=-1 if negative else 1, result=total)
        return total

    def identity_sum(self, node: Add | Sub, total: Any, value: Any, negative: bool) -> Any:
        """A sum with c·I: the identity takes the size of the square matrix beside it."""
        if isinstance(total, ScaledIdentity) and isinstance(value, ScaledIdentity):
            return ScaledIdentity(total.scale + (-value.scale if negative else value.scale),
                           total.side)
        other = value if isinstance(total, ScaledIdentity) else total
        if not is_matrix(other):
            raise self.fail("a number and a matrix cannot be added", node.right,
                            hint="I is the identity matrix", operation="sum")
        if not other.is_square:
            raise self.fail(f"the identity cannot be added to a {shape_text(other)} matrix: "
                            "it is square", node.right, operation="sum")
        total, value = (x.sized(other.rows) if isinstance(x, ScaledIdentity) else x
                        for x in (total, value))
        return total + (-value if negative else value)

    def product(self, node: Mul | Div) -> Any:
        """The factors of a product left to right, each multiplying the product before it."""
        spine = _left_spine(node, Mul | Div)
        factors = [spine[0].left, *(parent.right for parent in spine)]
        in_product = self.matrices is not None and sum(
            id(factor) in self.matrices for factor in factors) > 1
        result = self.value(spine[0].left, in_product)
        for parent in spine:
            factor = parent.right
            value = self.value(factor, in_product)
            if isinstance(parent, Div):
                result = self.divide(parent, result, value)
            else:
                result = self.multiply(parent, result, value)
        return result

    def divide(self, node: Div, result: Any, value: Any) -> Any:
        if isinstance(value, ScaledIdentity):
            raise self.fail("cannot divide by a matrix", node.right, operation="a divisor")
        if isinstance(result, ScaledIdentity):
            return result.times(sympy.Pow(self.number(value, node.right, "a divisor"), -1))
        if is_matrix(value) and not (self.rules.one_by_one_scalar and value.shape == (1, 1)):
            raise self.fail("cannot divide by a matrix", node.right, operation="a divisor",
                            operands=(Part(node.right, value),),
                            reason=f"a divisor must be a number, but this is a "
                                   f"{shape_text(value)} matrix")
        value = self.number(value, node.right, "a divisor")
        if self.rules.one_by_one_scalar and value == 0:
            raise self.fail("division by zero", node.right, operation="division")
        return result * sympy.Pow(value, -1)

    def multiply(self, node: Mul, result: Any, value: Any) -> Any:
        if isinstance(result, ScaledIdentity) or isinstance(value, ScaledIdentity):
            scaling, other = (result, value) if isinstance(result, ScaledIdentity) \
                else (value, result)
            if isinstance(other, ScaledIdentity):
                return scaling.times(other.scale)
            return scaling.scale * other if is_matrix(other) else scaling.times(other)
        left, right = Part(node.left, result), Part(node.right, value)
        if is_matrix(result) and is_matrix(value):
            if result.shape[1] != value.shape[0]:
                if self.rules.one_by_one_scalar and (1, 1) in (result.shape, value.shape):
                    scalar, matrix = (left, right) if result.shape == (1, 1) else (right, left)
                    product = scalar.value[0, 0] * matrix.value
                    self.step("scalar_multiple", scalar=scalar, matrix=matrix, result=product)
                    return product
                raise self.fail(
                    f"a {shape_text(result)} and a {shape_text(value)} matrix cannot be "
                    "multiplied", node.right, operation="product", operands=(left, right),
                    reason=f"a {shape_text(result)} matrix times a {shape_text(value)} matrix "
                           f"is not defined: the left factor has "
                           f"{plural(result.shape[1], 'column')} but the right factor has "
                           f"{plural(value.shape[0], 'row')}")
            cost = self.rules.max_product_cost
            if cost is not None and result.shape[0] * result.shape[1] * value.shape[1] > cost:
                raise self.fail("the matrix product is too large to check", node.right)
            product = result * value
            if self.record is not None:
                product = sympy.ImmutableMatrix(product)
                terms = tuple(tuple(tuple((result[i, k], value[k, j])
                                          for k in range(result.shape[1]))
                                    for j in range(value.shape[1]))
                              for i in range(result.shape[0]))
                self.step("product", left=left, right=right, terms=terms, result=product)
            return product
        if node.op == "@" and self.rules.strict:
            raise self.fail("'@' multiplies two matrices", node.right)
        if is_matrix(result) or is_matrix(value):
            scalar, matrix = (right, left) if is_matrix(result) else (left, right)
            product = scalar.value * matrix.value
            self.step("scalar_multiple", scalar=scalar, matrix=matrix, result=product)
            return product
        return result * value

    def transpose(self, node: Transpose, in_product: bool = False) -> Any:
        if self.rules.rows_as_columns and not in_product and _written_as_row(
            node.operand, self.text
        ):
            return self.literal(node.operand)  # (a, b)^T: the column (a, b) denotes
        value = self.value(node.operand)
        if not is_matrix(value):
            return value
        result = value.T
        self.step("transpose", operand=Part(node.operand, value), result=result)
        return result

    def power(self, node: Pow) -> Any:
        if self.rules.max_power is None:
            raise self.fail("powers of matrices are not accepted in an answer", node,
                            hint="multiply the matrices out", operation="power")
        base = self.value(node.base)
        if isinstance(base, ScaledIdentity):
            return self.identity_power(node, base)
        if self.rules.powers_of_names and is_matrix(base) and not _named(node.base):
            raise self.fail("in an answer only a matrix the question names, or its "
                            "transpose, may take a power or an inverse", node,
                            hint="write S^-1, X^-T or (X^T)^2", operation="power")
        if self.rules.inverse_transpose and is_matrix(base) \
                and inverse_transposed(node, self.values):
            self.count_power(node)
            return self.inverse(node.base, self.invertible(node, base)).T
        n = self.number(self.value(node.exponent), node.exponent, "an exponent")
        if not is_matrix(base):
            return base**n
        operands = (Part(node.base, base),)
        if not base.is_square:
            reason = ("powers are defined only for square matrices; this one is "
                      f"{shape_text(base)}")
            raise self.fail(reason, node, operation="power", operands=operands)
        limit = self.rules.max_power
        lowest = -limit if self.rules.min_power is None else self.rules.min_power
        if not (n.is_integer and lowest <= n <= limit):
            reason = f"a matrix power needs a whole exponent between {lowest} and {limit}"
            raise self.fail(reason, node, operation="power", operands=operands)
        self.count_power(node)
        if n < 0:
            base = self.inverse(node.base, self.invertible(node, base))
            n = -n
        if n == 1:
            return base
        result = sympy.ImmutableMatrix(base**n)
        self.step("power", base=Part(node.base, base), exponent=n, result=result)
        return result

    def identity_power(self, node: Pow, base: ScaledIdentity) -> ScaledIdentity:
        """(c·I)ⁿ = cⁿ·I, and (c·I)⁻ᵀ = (c·I)⁻¹."""
        if self.rules.inverse_transpose and inverse_transposed(node, self.values):
            n = sympy.Integer(-1)
        else:
            n = self.number(self.value(node.exponent), node.exponent, "an exponent")
        if not n.is_integer or (n < 0 and base.scale == 0):
            raise self.fail("a power of the identity needs a whole exponent (and an "
                            "inverse a nonzero factor)", node, operation="power")
        return ScaledIdentity(base.scale**n, base.side)

    def scalar_call(self, node: Call) -> Any:
        """A function of numbers, exp((x - μ)ᵀ S⁻¹ (x - μ)): each argument that holds a
        matrix must be 1×1, and stands for its entry."""
        values = {_argument(index): self.number(self.value(argument), argument,
                                                f"the argument of {node.func}()")
                  for index, argument in enumerate(node.args)}
        call = Call(node.func, tuple(Name(_argument(index), argument.pos)
                                     for index, argument in enumerate(node.args)), node.pos)
        return to_sympy(call, values, text=self.text)

    def count_power(self, node: Pow) -> None:
        """One more power or inverse; the rules' limit on them in one expression."""
        self.powers += 1
        limit = self.rules.max_powers
        if limit is not None and self.powers > limit:
            raise self.fail(f"at most {plural(limit, 'power')} of matrices are accepted in "
                            "one answer", node, operation="power")

    def invertible(self, node: Pow, matrix: sympy.MatrixBase) -> sympy.MatrixBase:
        """``matrix`` when the rules let it be inverted: square, and not too large."""
        if not matrix.is_square:
            raise self.fail("only a square matrix has an inverse; this one is "
                            f"{shape_text(matrix)}", node, operation="inverse",
                            operands=(Part(node.base, matrix),))
        side = self.rules.max_inverse_side
        if side is not None and matrix.rows > side:
            raise self.fail(f"inverses larger than {side}×{side} are not accepted in an "
                            f"answer; this one is {shape_text(matrix)}", node,
                            operation="inverse")
        return matrix

    def inverse(self, node: Node, matrix: sympy.MatrixBase) -> sympy.ImmutableMatrix:
        determinant = matrix.det()
        if determinant == 0:
            raise self.fail(
                "the matrix is singular (its determinant is 0), so it has no inverse", node,
                operation="inverse", operands=(Part(node, matrix),))
        result = sympy.ImmutableMatrix(matrix.adjugate() / determinant)  # adj(A) / det A
        self.step("inverse", operand=Part(node, matrix), determinant=determinant, result=result)
        return result

    def call(self, node: Call) -> Any:
        func = node.func
        if func not in MATRIX_FUNCTIONS and self.rules.one_by_one_scalar:
            return self.scalar_call(node)
        if func not in MATRIX_FUNCTIONS and self.rules.strict:
            raise self.fail(f"{func}() needs a number, not a matrix", node)
        if len(node.args) != 1:
            raise self.fail(f"{func}() takes 1 argument", node,
                            reason="this operation is not defined for matrices")
        argument = node.args[0]
        value = self.value(argument)
        operand = Part(argument, value)
        if isinstance(value, ScaledIdentity):
            if func == "transpose":
                return value
            raise self.fail(f"{func}() of the identity needs its size: write the identity's "
                            "entries", node, operation=func)
        if func == "transpose" and not is_matrix(value) and not self.rules.strict:
            return value  # the transpose of a number is the number
        if not is_matrix(value):
            raise self.fail(f"{func}() needs a matrix", node, operation=func,
                            operands=(operand,),
                            reason=f"{func}( ) takes a matrix, but its argument is a number")
        if func not in self.rules.functions:
            message = (f"{func}() is not accepted in an answer; write its value"
                       if func in MATRIX_FUNCTIONS else f"{func}() needs a number, not a matrix")
            raise self.fail(message, node, operation=func, operands=(operand,),
                            reason=f"{func}( ) does not apply to a matrix")
        if func == "transpose":
            result = value.T
            self.step("transpose", operand=operand, result=result)
            return result
        if func in ("det", "trace") and not value.is_square:
            raise self.fail(f"{func}() needs a square matrix, not {shape_text(value)}", node,
                            operation=func, operands=(operand,),
                            reason=f"{func}( ) is defined only for square matrices; this one "
                                   f"is {shape_text(value)}")
        if func == "trace":
            result = value.trace()
            self.step("trace", operand=operand, result=result)
        elif func == "det":
            side = self.rules.max_det_side
            if side is not None and value.shape[0] > side:
                raise self.fail(f"determinants larger than {side}×{side} are not accepted in "
                                "an answer", node)
            result = value.det(method=self.rules.det_method)
            self.step("determinant", operand=operand, result=result)
        elif func == "rank":
            from solver.elimination import forward

            echelon = forward(value)
            result = sympy.Integer(len(echelon.pivots))
            self.step("rank", operand=operand, echelon=echelon.matrix, result=result)
        else:
            result = sympy.sqrt(sum(entry**2 for entry in value))
        return result


def _argument(index: int) -> str:
    """A name no one can write, standing for an argument already worked out."""
    return f"#{index}"


def _named(node: Node) -> bool:
    """``A`` or ``A^T``: a power of it costs little however its entries are written."""
    return isinstance(node, Name) or (isinstance(node, Transpose)
                                      and isinstance(node.operand, Name))


def _left_spine(node: Node, kinds: type | Any) -> list[Any]:
    """The nodes of kind ``kinds`` down the left of ``node``, innermost first:
    ``a - b + c`` gives [a - b, (a - b) + c]."""
    spine = []
    while isinstance(node, kinds):
        spine.append(node)
        node = node.left
    spine.reverse()
    return spine


def _not_a_value(node: Node) -> str:
    if isinstance(node, Factorial):
        return "the factorial of a matrix is not defined"
    if isinstance(node, Cases | Compare):
        return "the values and conditions of a piecewise value must be numbers"
    return "this is not a value"


def _not_a_value_hint(node: Node) -> str | None:
    return "write the cases inside each entry" if isinstance(node, Cases | Compare) else None


def _written_as_row(node: Node, text: str) -> bool:
    """Whether ``node`` is a flat list ``[a, b]`` (or tuple ``(a, b)``) written in a line:
    transposed on its own, ``(a, b)^T`` is the column it denotes, as the transpose of the
    LaTeX row ``\\begin{bmatrix} a & b \\end{bmatrix}^\\top`` is."""
    if not isinstance(node, MatrixLiteral) or node.shape[1] != 1:
        return False
    return "[" not in text[node.pos + 1 : node.rows[0][0].pos]
