"""The TeX commands and environments the translator knows, with the plain math of each."""

from __future__ import annotations

GREEK = {
    name: name
    for name in (
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho "
        "sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon "
        "Phi Psi Omega"
    ).split()
} | {
    "varepsilon": "epsilon",
    "vartheta": "theta",
    "varphi": "phi",
    "varrho": "rho",
    "varsigma": "sigma",
}
FUNCTIONS = frozenset(
    "sin cos tan arcsin arccos arctan sinh cosh tanh exp ln log det max min relu ReLU Relu"
    " sec csc cot".split()
)
RECIPROCALS = {"sec": "cos", "csc": "sin", "cot": "tan"}  # sec x = 1/cos x, ...
BOXES = frozenset({"boxed", "fbox", "framebox"})
VARIADIC = frozenset({"max", "min"})  # \max\{0, z\} and \max[0, z] as well as \max(0, z)
INVERSE_TRIG = {"sin": "arcsin", "cos": "arccos", "tan": "arctan"}
WORDS = {
    "infty": "infinity",
    "top": "T",
    "intercal": "T",
    "in": "in",
    "land": "and",
    "wedge": "and",
    "lor": "or",
    "vee": "or",
    "lnot": "not",
    "neg": "not",
}
SYMBOLS = {
    "cdot": "*",
    "times": "*",
    "ast": "*",
    "div": "/",
    "le": "<=",
    "leq": "<=",
    "leqslant": "<=",
    "ge": ">=",
    "geq": ">=",
    "geqslant": ">=",
    "lt": "<",
    "gt": ">",
    "emptyset": "∅",
    "varnothing": "∅",
}
SPACES = frozenset({",", ";", ":", "!", " ", "quad", "qquad", "enspace", "thinspace"})
IGNORED = frozenset({"displaystyle", "textstyle", "(", ")", "[", "]", "limits", "nolimits"})
FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
MATH_WRAPPERS = frozenset(
    {"mathrm", "mathit", "mathbf", "mathsf", "mathnormal", "boldsymbol", "bm", "vec",
     "operatorname", "mathbb", "mathds"}
)
INDICATORS = {  # wrapper → the symbols it makes an indicator of
    "mathbb": frozenset({"1", "I"}),
    "mathds": frozenset({"1"}),
    "mathbf": frozenset({"1"}),
    "bm": frozenset({"1"}),
    "boldsymbol": frozenset({"1"}),
}
TEXT_WRAPPERS = frozenset({"text", "textrm", "textit", "textbf", "mbox"})
MATRICES = {
    "pmatrix": "matrix",
    "bmatrix": "matrix",
    "Bmatrix": "matrix",
    "matrix": "matrix",
    "smallmatrix": "matrix",
    "array": "matrix",
    "vmatrix": "det",
}
CASES = frozenset({"cases", "dcases"})
CONDITION_WORDS = ("if", "for", "when", "whenever")
OTHERWISE = frozenset({"otherwise", "else", "elsewhere", "true"})
SIZES = frozenset({"big", "Big", "bigg", "Bigg"})
OPEN_DELIMITERS = {"(": "(", "[": "[", "\\{": "{", "\\lbrace": "{", ".": ""}
CLOSE_DELIMITERS = {")": ")", "]": "]", "\\}": "}", "\\rbrace": "}", ".": ""}
BAR_DELIMITERS = frozenset({"|", "\\vert", "\\lvert", "\\rvert"})
