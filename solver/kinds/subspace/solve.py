"""A subspace worked from the reduced row echelon form R of its matrix: the basis, the
dimension, the orthogonal complement (the null space of the matrix whose rows are the basis)
and, for each vector to test, B c = v solved as a linear system."""

from __future__ import annotations

import sympy

from solver import elimination
from solver.answers import Named, NoSolution, Undefined, Value
from solver.kinds.given import NOTHING, Given, NotCarried, number, numbers
from solver.kinds.linear_system.read import LinearSystem
from solver.kinds.linear_system.solve import solve as solve_system
from solver.kinds.subspace.read import SubspaceInputs
from solver.kinds.subspace.rules import TEXTBOOK, Rules
from solver.kinds.subspace.steps import (
    ComplementOf,
    MembershipTest,
    SpaceBasis,
    SpaceReduction,
    SpaceSetup,
)
from solver.steps import Solved
from solver.steps.linalg import SystemNames

M = sympy.ImmutableMatrix


def solve(inputs: SubspaceInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """The basis and dimension of the space; its complement and the members when asked."""
    steps, basis, rank, reduced = _basis(inputs, rules)
    n = inputs.ambient
    rank = given.take("rank", sympy.Integer(rank), read=number)
    dimension = given.take("dimension", _dimension(inputs, rules, rank, len(basis)),
                           after=("rank",), read=number)
    basis = _columns(given.take("basis", _matrix(basis, n), read=lambda value: _vectors(value, n)))
    items: list = [("basis", _span(basis, n)), ("dimension", Value(dimension))]
    if inputs.complement:
        complement = _complement(basis, n)
        steps += (complement,)
        items.append(("complement_basis", _span(_columns(given.take(
            "complement_basis", _matrix(complement.basis, n), after=("basis",),
            read=lambda value: _vectors(value, n))), n)))
        items.append(("complement_dimension", Value(given.take(
            "complement_dimension", sympy.Integer(n) - dimension, after=("dimension",),
            read=number))))
    for i, vector in enumerate(inputs.members, start=1):
        test = _membership(i, vector, basis)
        steps += (test,)
        if test.coordinates is None:
            items.append((f"member{i}", NoSolution(f"v{i} is not in the space: B c = v{i} "
                                                   f"is inconsistent")))
        elif test.zero_space:
            items.append((f"member{i}", Undefined("the space is {0}: v is its zero vector, "
                                                  "with no coordinates")))
        else:
            items.append((f"member{i}", Value(given.take(f"member{i}", test.coordinates,
                                                         after=("basis",), read=numbers))))
    intermediates = (("rank", Value(rank)), ("rref", Value(reduced)))
    return Solved(steps, Named(tuple(items)), intermediates)


def _basis(inputs: SubspaceInputs, rules: Rules):
    """Setup, reduction and basis steps; the basis vectors, the rank and R."""
    A = inputs.matrix
    target = M(A.T) if inputs.space == "left_null" else A
    setup = SpaceSetup(space=inputs.space, matrix=A, name=inputs.name, spanning=inputs.spanning,
                       reduced=target, ambient=inputs.ambient)
    echelon = elimination.reduce(elimination.forward(target))
    R, pivots = echelon.matrix, echelon.pivots
    reduction = SpaceReduction(start=target, operations=echelon.operations, result=R,
                               pivots=pivots)
    free = reduction.free
    if inputs.space == "column":
        source = A if rules.column_basis == "original" else R
        chosen, rule = pivots, rules.column_basis
        basis = tuple(M(source.col(col)) for col in pivots)
    elif inputs.space == "row":
        source = R if rules.row_basis == "reduced" else A
        chosen = tuple(i for i in range(source.rows) if any(source.row(i)))
        rule = rules.row_basis
        basis = tuple(M(source.row(i).T) for i in chosen)
    else:
        source, chosen, rule = R, free, rules.nullity
        basis = tuple(_null_vector(R, pivots, col) for col in free)
    step = SpaceBasis(space=inputs.space, name=inputs.name, source=source, chosen=chosen,
                      basis=basis, rank=len(pivots),
                      dimension=_dimension(inputs, rules, sympy.Integer(len(pivots)), len(basis)),
                      columns=target.cols, rule=rule)
    return (setup, reduction, step), basis, len(pivots), R


def _dimension(inputs: SubspaceInputs, rules: Rules, rank, count: int):
    """dim C(A) = dim R(A) = rank A (``row_basis: original`` counts every non-zero row
    of A); dim N(A) =
    n − rank A, the number of free columns (``nullity: rank`` confuses it with the rank)."""
    if inputs.space == "row" and rules.row_basis == "original":
        return sympy.Integer(count)
    if inputs.space in ("column", "row"):
        return rank
    if rules.nullity == "rank":
        return rank
    columns = inputs.matrix.rows if inputs.space == "left_null" else inputs.matrix.cols
    return columns - rank


def _null_vector(R, pivots, free_col: int) -> M:
    """x_free = 1, the other free variables 0, each pivot variable from its row of R."""
    v = sympy.zeros(R.cols, 1)
    v[free_col] = 1
    for row, col in enumerate(pivots):
        v[col] = -R[row, free_col]
    return M(v)


def _complement(basis, n: int) -> ComplementOf:
    """V⊥ = N(M) for M with the basis vectors as rows, worked as a null space."""
    rows = M.vstack(*(M(b.T) for b in basis)) if basis else M.zeros(0, n)
    worked = solve(SubspaceInputs(rows, "null", name="M"))
    found = worked.steps[-1]
    return ComplementOf(rows=rows, worked=worked.steps if basis else (), basis=found.basis,
                        dimension=found.dimension, space_dimension=len(basis), ambient=n)


def _membership(i: int, vector, basis) -> MembershipTest:
    """B c = v by elimination (the linear-system kind's solve); consistent iff v ∈ V."""
    if not basis:
        zero = not any(vector)
        return MembershipTest(index=i, vector=vector, worked=(),
                              coordinates=M.zeros(0, 1) if zero else None, zero_space=True)
    B = M.hstack(*basis)
    system = solve_system(LinearSystem(B, vector, SystemNames("B", f"v{i}")))
    answer = system.answer
    coordinates = answer.value if isinstance(answer, Value) else (
        None if isinstance(answer, NoSolution) else answer.particular)
    return MembershipTest(index=i, vector=vector, worked=system.steps, coordinates=coordinates)


def _span(basis, n: int):
    if not basis:
        return Undefined(f"the space is {{0}}, the zero vector of R^{n}: its basis is empty "
                         f"(dimension 0)")
    return Value(_matrix(basis, n), "span")


def _vectors(value, n: int) -> M:
    """A student's basis in ℝⁿ as the matrix of its columns (given as a vector, the columns
    of a matrix, or a list of vectors)."""
    matrix = numbers(value)
    if matrix.rows != n:
        if matrix.cols != n:
            raise NotCarried
        matrix = M(matrix.T)
    return matrix


def _matrix(basis, n: int) -> M:
    """The basis vectors as the columns of an n×d matrix (n×0 for the space {0})."""
    return M.hstack(*basis) if basis else M.zeros(n, 0)


def _columns(matrix: M) -> tuple[M, ...]:
    return tuple(M(matrix.col(j)) for j in range(matrix.cols))


