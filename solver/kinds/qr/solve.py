"""A = QR: Gram–Schmidt on the columns of A gives Q (the kind ``gram_schmidt`` solves it,
through its record), then R = QᵀA with rᵢⱼ = qᵢᵀaⱼ above the diagonal."""

from __future__ import annotations

import sympy

from solver.answers import Named, Undefined, Value
from solver.exact import tidy_exact
from solver.kinds.given import NOTHING, Given, numbers
from solver.kinds.gram_schmidt import KIND as GRAM_SCHMIDT
from solver.kinds.gram_schmidt import GramSchmidtInputs
from solver.kinds.gram_schmidt.steps import GramSchmidtOrthogonalise
from solver.kinds.qr.read import QRInputs
from solver.kinds.qr.rules import TEXTBOOK, Rules
from solver.kinds.qr.steps import QRColumnsAssembled, QRDependentColumn, QRUpperEntries
from solver.steps import Solved

Matrix = sympy.ImmutableMatrix


def solve(inputs: QRInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """Q and R; ``given`` may supply the u's and q's of Gram–Schmidt, Q (from their q's) and
    R (from their Q)."""
    A = inputs.matrix
    columns = tuple(Matrix(A.col(j)) for j in range(A.cols))
    worked = GRAM_SCHMIDT.solve(GramSchmidtInputs(columns, None, rules.normalize, "a"), given,
                                rules=rules.gram_schmidt)
    steps = list(worked.steps)
    named = tuple(worked.intermediates) + tuple(worked.answer.items)
    dependent = next((step.index for step in worked.steps
                      if isinstance(step, GramSchmidtOrthogonalise) and step.dependent), None)
    if dependent is not None:
        steps.append(QRDependentColumn(column=dependent))
        return Solved(tuple(steps), Undefined(
            f"column {dependent} of {inputs.name} reduces to 0 in Gram-Schmidt: it is "
            + (f"a combination of columns 1 to {dependent - 1}" if dependent > 1 else
               "the zero vector")
            + f", so the columns of {inputs.name} are dependent and it has no QR "
              f"factorisation with R invertible (r_{dependent}{dependent} would be 0)"),
            named)
    letter = "q" if rules.normalize else "u"
    names = tuple(f"{letter}{k}" for k in range(1, A.cols + 1))
    Q = given.take("Q", Matrix.hstack(*(worked.answer[name].value for name in names)),
                   after=tuple(name for name, _ in named),
                   read=lambda value: numbers(value, A.shape))
    steps.append(QRColumnsAssembled(result=Q))
    upper = r_entries(Q, A, rules.product)
    shape = (Q.cols, A.cols)
    R = given.take("R", upper.result, after=("Q",), read=lambda value: numbers(value, shape))
    steps.append(upper)
    return Solved(tuple(steps), Named((("Q", Value(Q)), ("R", Value(R)))), named)


def r_entries(Q: Matrix, A: Matrix, product: str = "QtA") -> QRUpperEntries:
    """rᵢⱼ = qᵢᵀaⱼ for i ≤ j, zeros below; a mistaken ``product`` (QA, QAᵀ) is the whole
    product as it is."""
    if product != "QtA":
        right = A if product == "QA" else A.T
        if Q.cols != right.rows:
            return QRUpperEntries(Q=Q, matrix=A, entries=(), result=None)
        return QRUpperEntries(Q=Q, matrix=A, entries=(),
                              result=Matrix(Q * right).applyfunc(tidy_exact))
    n = A.cols
    entries, rows = [], [[sympy.S.Zero] * n for _ in range(Q.cols)]
    for i in range(Q.cols):
        for j in range(i, n):
            q, a = Matrix(Q.col(i)), Matrix(A.col(j))
            value = tidy_exact((q.T * a)[0])
            entries.append((i + 1, j + 1, q, a, value))
            rows[i][j] = value
    return QRUpperEntries(Q=Q, matrix=A, entries=tuple(entries), result=Matrix(rows))
