"""Characters typed for ASCII math, each with the text it is read as.

One home for the character tables of the readers: the expression parser replaces the
one-for-one characters of :data:`PARSER_REPLACEMENTS` (offsets unchanged); the answer
reader (:mod:`solver.check.read.normalise`) reads the wider :data:`ANSWER_REPLACEMENTS`,
the Greek letters and symbols of :data:`WORD_CHARACTERS` as words and the superscripts of
:data:`SUPERSCRIPTS` as powers.
"""

from __future__ import annotations

INFINITY = "infinity"  # the word ∞ is read as

PARSER_REPLACEMENTS = {
    "−": "-", "·": "*", "×": "*", "⋅": "*", "÷": "/",
    "\u00a0": " ",  # no-break space
    "\u2009": " ",  # thin space
    "\u202f": " ",  # narrow no-break space
}
ANSWER_REPLACEMENTS = {
    **PARSER_REPLACEMENTS,
    "–": "-", "—": "-", "‐": "-", "‑": "-", "∙": "*", "∗": "*",
    "≤": "<=", "⩽": "<=", "≥": ">=", "⩾": ">=", "∈": " in ",
    "ℤ": "Z", "ℝ": "R", "’": "'", "\t": " ", "\n": " ", "\r": " ",
}
GREEK_LETTERS = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta",
    "ε": "epsilon", "ϵ": "epsilon", "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta",
    "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "ρ": "rho",
    "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi",
    "ψ": "psi", "ω": "omega", "Δ": "Delta", "Σ": "Sigma", "Θ": "Theta", "Λ": "Lambda",
    "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega", "Γ": "Gamma",
}
WORD_CHARACTERS = {"π": "pi", "∞": INFINITY, **GREEK_LETTERS}
SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
}
PARSER_SUPERSCRIPTS = {char: SUPERSCRIPTS[char] for char in "²³"}  # x² and x³ parse as powers
TRANSPOSE_SIGN = "ᵀ"
ROOT_SIGN = "√"
INDICATOR_SIGN = "𝟙"
