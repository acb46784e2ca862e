"""Expressions, vectors and families: the value of everything that is not a range or points.

A tuple ``(1, 2)`` is the column vector ``[1, 2]``; matrix nodes are evaluated by
:class:`solver.expr.matrices.MatrixEvaluator`, scalars by :func:`solver.expr.to_sympy`.
A sum of vectors some of which are multiplied by one undeclared parameter each
(``[1, 0] + t [-2, 1]``) is a ``Family``: particular + Σ t_j direction_j.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from solver.check.read.brackets import tuples_to_vectors
from solver.check.read.numbers import DECIMAL_POINT, SCIENTIFIC, significant
from solver.check.read.text import FUNCTION_HINT, Text, called
from solver.check.read.words import CONSTANTS
from solver.check.values import Family, StudentValue, Written
from solver.expr import Add as AddNode
from solver.expr import Div, ExprError, Mul, Name, Neg, Node, Pow, walk
from solver.expr import Sub as SubNode
from solver.expr.characters import INFINITY
from solver.expr.matrices import (
    ANSWER_RULES,
    CLOSED_FORM_RULES,
    MatrixEvaluator,
    ScaledIdentity,
    find_matrix_nodes,
    inverse_transposed,
    is_matrix,
)
from solver.expr.suggestions import suggest
from solver.numbers import symbol

PARAMETER = re.compile(
    r"[A-Za-z][0-9]*|alpha|beta|gamma|delta|lambda|mu|nu|tau|sigma|rho|xi|zeta|kappa|omega"
)


class ExpressionReading:
    """The reader's part for expressions and families."""

    def expression(self, text: Text, start: int, end: int, reals: list[str]) -> StudentValue:
        plain = text.plain
        source = tuples_to_vectors(plain[start:end])
        if SCIENTIFIC.fullmatch(source):
            value = self.scalar(text, start, end, self.symbols)
            return Written(value, text.raw.strip(), True, significant(source))
        tree = self.parse(text, start, end, source)
        order = list(walk(tree))
        matrix_nodes = find_matrix_nodes(order, self.symbols)
        rules = CLOSED_FORM_RULES if any(is_matrix(value) or isinstance(value, ScaledIdentity)
                                         for value in self.symbols.values()) \
            else ANSWER_RULES  # matrices by name: a closed form such as X^-T
        exponents = {id(node.exponent.operand) for node in order
                     if isinstance(node, Pow) and id(node) in matrix_nodes
                     and rules.inverse_transpose and inverse_transposed(node, self.symbols)}
        used = {node.id for node in order if isinstance(node, Name) and id(node) not in exponents}
        if INFINITY in used:
            self.check_infinity(text, tree, start)
        unknown = used - set(self.symbols) - CONSTANTS
        in_sum = isinstance(tree, AddNode | SubNode)
        for node in order:
            if isinstance(node, Name) and node.id in unknown and called(
                plain, start + node.pos, node.id
            ) and not self.scales_a_vector(node, source, reals, in_sum) and (
                suggest(node.id, set(self.symbols) | CONSTANTS) is None  # sinx(2): sin(x)?
            ):
                raise text.refuse(f"unknown function {node.id}", start + node.pos,
                                  FUNCTION_HINT)
        evaluator = MatrixEvaluator(self.symbols, rules, text=source, matrices=matrix_nodes)
        try:
            if id(tree) in matrix_nodes and unknown:
                family = self.family(text, tree, evaluator, unknown, set(reals), start)
                if family is not None:
                    self.check_defined(text, tree, source, start, self.symbols,
                                       (family.particular, *family.directions))
                    return family
            value = evaluator.value(tree)
            if isinstance(value, ScaledIdentity):
                value = self.identity(value, evaluator, tree)
        except ExprError as error:
            raise text.error(error, start) from None
        self.check_defined(text, tree, source, start, self.symbols, (value,))
        return Written(
            value,
            text.raw.strip(),
            bool(DECIMAL_POINT.search(text.raw)),
            significant(source),
        )

    @staticmethod
    def identity(value: ScaledIdentity, evaluator: MatrixEvaluator, tree: Node) -> Any:
        """An answer that is c·I alone: the identity of the answer's size."""
        if value.side is None:
            raise evaluator.fail("the identity alone has no size here: write its entries",
                                 tree)
        return value.sized(value.side)

    def scales_a_vector(self, name: Name, source: str, reals: list[str], in_sum: bool) -> bool:
        """Whether an undeclared name written right before a bracket is a family's parameter
        times a vector (``t(-2, 1)``, ``[1, 0] + T[-2, 1]``: a parameter name, lower-case
        unless the answer is a sum, and a tuple), not a call of an unknown function
        (``N(pi, 100)``, ``foo(x)``)."""
        follows = name.pos + len(name.id)
        return self.expect in (None, "family") and source[follows:follows + 1] == "[" and (
            name.id in reals
            or (bool(PARAMETER.fullmatch(name.id)) and (in_sum or name.id[0].islower()))
        )

    def family(self, text: Text, tree: Node, evaluator: MatrixEvaluator, unknown: set[str],
               reals: set[str], offset: int) -> Family | None:
        """particular + Σ t_j direction_j, or None when the sum has no parameter."""
        particular = None
        directions: dict[str, Any] = {}
        for term, negative in signed_terms(tree):
            factors, sign = product_factors(term)
            vectors = [node for node, inverted in factors if id(node) in evaluator.matrices]
            if len(vectors) != 1:
                return None
            parameters = [
                node for node, inverted in factors
                if isinstance(node, Name) and node.id in unknown and not inverted
                and (node.id in reals or PARAMETER.fullmatch(node.id))
            ]
            if len(parameters) > 1:
                raise text.refuse("each direction is multiplied by one parameter",
                                  offset + parameters[1].pos)
            vector = evaluator.value(vectors[0])
            if not isinstance(vector, sympy.MatrixBase) or min(vector.shape) != 1:
                raise text.refuse("a solution family is a sum of vectors", offset + term.pos)
            coefficient = sympy.Integer(-1 if negative != sign else 1)
            for node, inverted in factors:
                if node is vectors[0] or (parameters and node is parameters[0]):
                    continue
                value = evaluator.value(node)
                if isinstance(value, sympy.MatrixBase):
                    return None
                coefficient = coefficient * (sympy.Pow(value, -1) if inverted else value)
            contribution = vector * coefficient
            shapes = [v.shape for v in (particular, *directions.values()) if v is not None]
            if shapes and shapes[0] != vector.shape:
                raise text.refuse(
                    f"a vector of shape {vector.shape[0]}×{vector.shape[1]} is added to one "
                    f"of shape {shapes[0][0]}×{shapes[0][1]}",
                    offset + term.pos,
                )
            if parameters:
                name = parameters[0].id
                directions[name] = directions.get(name, sympy.zeros(*vector.shape)) + contribution
            else:
                particular = contribution if particular is None else particular + contribution
        if not directions:
            return None
        first = next(iter(directions.values()))
        if particular is None:
            particular = sympy.zeros(*first.shape)
        return Family(
            sympy.ImmutableMatrix(particular),
            tuple(sympy.ImmutableMatrix(direction) for direction in directions.values()),
            tuple(symbol(name) for name in directions),
            text.raw.strip(),
        )


def signed_terms(node: Node) -> list[tuple[Node, bool]]:
    """The terms of a sum with their signs (True: subtracted), left to right."""
    terms: list[tuple[Node, bool]] = []
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, negative = stack.pop()
        if isinstance(current, AddNode | SubNode):
            stack.append((current.right, negative != isinstance(current, SubNode)))
            stack.append((current.left, negative))
        else:
            terms.append((current, negative))
    return terms


def product_factors(node: Node) -> tuple[list[tuple[Node, bool]], bool]:
    """The factors of a product (True: divided by) and whether the product is negated."""
    factors: list[tuple[Node, bool]] = []
    negative = False
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, inverted = stack.pop()
        if isinstance(current, Mul) and current.op != "@":
            stack.append((current.right, inverted))
            stack.append((current.left, inverted))
        elif isinstance(current, Div) and not inverted:
            stack.append((current.right, True))
            stack.append((current.left, False))
        elif isinstance(current, Neg):
            negative = not negative
            stack.append((current.operand, inverted))
        else:
            factors.append((current, inverted))
    return factors, negative
