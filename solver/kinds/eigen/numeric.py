"""Numeric eigenvalues and eigenvectors: carried at ``DIGITS`` digits, an eigenspace from
the singular value decomposition of A − λI, shown to ``FIGURES`` significant figures."""

from __future__ import annotations

import mpmath
import sympy

from solver.answers import APPROXIMATE_FIGURES

DIGITS = 40  # digits carried by numeric eigenvalues and eigenvectors
FIGURES = APPROXIMATE_FIGURES  # significant figures shown


def is_numeric(value) -> bool:
    return bool(sympy.sympify(value).atoms(sympy.Float))


def shown(value):
    """A value as printed: its Floats rounded once, in decimal, to ``FIGURES`` significant
    figures."""
    return value.xreplace({f: sympy.Float(mpmath.nstr(mpmath.mpf(f._mpf_), FIGURES), FIGURES)
                           for f in value.atoms(sympy.Float)})


def numeric_basis(shifted, multiplicity: int) -> tuple:
    """A basis of the null space of ``shifted`` (A − λI at a numeric λ): the right singular
    vectors whose singular values vanish at the working precision, each scaled so that its
    largest entry is 1 (at least one vector, at most ``multiplicity``)."""
    with mpmath.workdps(DIGITS + 10):
        entries = [[_mp(entry) for entry in row] for row in shifted.tolist()]
        real = all(entry.imag == 0 for row in entries for entry in row)
        matrix = mpmath.matrix([[e.real for e in row] for row in entries] if real else entries)
        _, singular, right = (mpmath.svd_r if real else mpmath.svd_c)(matrix)
        size = matrix.cols
        order = sorted(range(size), key=lambda i: singular[i])
        tolerance = max(singular) * mpmath.mpf(10) ** (-DIGITS // 2)
        null = [i for i in order if singular[i] <= tolerance][:multiplicity] or order[:1]
        basis = []
        for i in null:
            vector = [mpmath.conj(right[i, j]) for j in range(size)]
            top = max(range(size), key=lambda j: abs(vector[j]))
            basis.append(sympy.ImmutableMatrix(
                [sympy.Integer(1) if j == top else _sympy_number(vector[j] / vector[top])
                 for j in range(size)]))
    return tuple(basis)


def _mp(value):
    real, imaginary = (sympy.Float(part, DIGITS + 10)
                       for part in sympy.N(value, DIGITS + 10).as_real_imag())
    return mpmath.mpc(mpmath.mpf(real._mpf_), mpmath.mpf(imaginary._mpf_))


def _sympy_number(value):
    """An mpmath number as a SymPy Float (complex: a + b i), parts below the working
    precision dropped."""
    value = mpmath.mpc(value)
    small = mpmath.mpf(10) ** (-(DIGITS - 5))
    real, imaginary = ((sympy.Float(part, DIGITS) if abs(part) > small else sympy.Integer(0))
                       for part in (value.real, value.imag))
    return real + sympy.I * imaginary
