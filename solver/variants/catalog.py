"""The generators of ``vary:`` and the properties of ``require:``, in words: the one table
the README, ``hwsolver kinds`` and ``hwsolver variants --help`` show. Plain text only (no
SymPy), so that the command line's help stays light; ``tests/test_variants_catalog.py``
holds it to the generators and properties the package implements.
"""

from __future__ import annotations

GENERATORS: tuple[tuple[str, str], ...] = (
    ("integers(lo, hi)", "a whole number from lo to hi, each equally likely; "
                         "integers(lo, hi, nonzero) never 0"),
    ("decimals(lo, hi, places)", "a decimal with `places` figures after the point from lo to "
                                 "hi (exact: 0.35 is 7/20; answers are shown as decimals); "
                                 "option nonzero"),
    ("choice(a, b, …)", "one of the options, each equally likely; an option is a number, a "
                        "list, or a generator"),
    ("matrix(m, n, gen)", "an m×n matrix, each entry drawn by gen"),
    ("vector(n, gen)", "a column of n entries drawn by gen; vector(n, gen, nonzero) never the "
                       "zero vector"),
    ("symmetric(n, gen)", "an n×n symmetric matrix, the entries on and above the diagonal "
                          "drawn by gen"),
    ("with_eigenvalues([λ1, …, λn])", "P D P⁻¹ with D = diag(λ1, …, λn) and P a random integer "
                                      "matrix of determinant ±1 (so P⁻¹ is integer too): "
                                      "integer eigenvalues give an integer matrix, "
                                      "diagonalisable, never diagonal unless all λ are equal; "
                                      "an entry may be a generator"),
    ("rank(m, n, r)", "an m×n integer matrix of rank exactly r: B C with B m×r and C r×n, "
                      "each of full rank r (a triangular block with a non-zero diagonal, the "
                      "other rows small integers, rows shuffled); matrix(m, n, rank(r)) is "
                      "the same"),
    ("orthogonal(n)", "an n×n rational orthogonal matrix S H: a signed permutation S times a "
                      "Householder reflection H = I − 2vvᵀ/(vᵀv) with v a small integer "
                      "vector (denominators divide vᵀv: 3/5, 4/5 for v = (1, 2)); "
                      "orthogonal(n, permutation) is a signed permutation matrix alone "
                      "(integer entries)"),
)

PROPERTIES: tuple[tuple[str, str], ...] = (
    ("det(P) = 0, rank(P) = 1, a1 != 0, trace(P) < 5, …",
     "a comparison (=, !=, <, <=, >, >=) of plain-math expressions of the varied and given "
     "names; a vector's entries are a1, a2, … (a_1 too) and a matrix's P11, P12, … (P_11)"),
    ("part d is unique", "the part's answer is a value (a linear system: one solution)"),
    ("part d is no_solution", "the part's answer is 'no solution' (an inconsistent system)"),
    ("part d is infinitely_many", "the part's answer is a family of solutions"),
    ("part d is undefined", "the part's answer is 'undefined' (a product of mismatched shapes, "
                            "a singular matrix's inverse)"),
    ("part d is defined", "the part's answer is not 'undefined'"),
    ("part d has integer entries", "every number of the part's answer is a whole number"),
    ("part d has denominators at most N", "every number of the part's answer is a fraction "
                                          "whose denominator is at most N"),
    ("part d eigenvalues are integers", "every entry of the part's named value `eigenvalues` "
                                        "is a whole number (any named value: hessian, "
                                        "lambda_max, z1, …)"),
    ("part d eigenvalues are rational", "every entry of the named value is rational"),
    ("part d: no z is 0", "no entry of any named value whose name starts with z (z1, z2, …) is "
                          "0; `no pre-activation is 0` says the same"),
)

NAME_ALIASES: dict[str, str] = {"pre-activation": "z", "pre-activations": "z"}
"""Words a property may use for the start of named values' names."""

ROSTER_IDS = ("id", "student id", "id number", "sis user id", "sis login id", "login id",
              "username", "user name", "student number", "email", "email address", "student")
ROSTER_NAMES = ("name", "student name", "full name", "display name")
ROSTER_SPLIT_NAMES = (("first name", "last name"), ("given name", "family name"),
                      ("first name", "surname"))


def listed() -> str:
    """The generators and requirements by name (``hwsolver variants --help``; click keeps
    the lines after each ``\\b`` as they are)."""
    lines = ["\b", "vary: (generators)"] + [f"  {name}" for name, _ in GENERATORS]
    lines += ["\b", "require: (comparisons and properties of a solved part)"]
    lines += [f"  {name}" for name, _ in PROPERTIES]
    return "\n".join(lines) + "\n\nhwsolver kinds describes each one."


def described() -> str:
    """The generators and requirements with their meaning (``hwsolver kinds``)."""
    lines = ["Variants (hwsolver variants): a problem's 'vary:' draws each name from a "
             "generator, 'require:' keeps a draw only when every requirement holds"]
    lines += [f"  vary  {name}: {meaning}" for name, meaning in GENERATORS]
    lines += [f"  require  {name}: {meaning}" for name, meaning in PROPERTIES]
    return "\n".join(lines)
