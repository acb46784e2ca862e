"""Size limits on untrusted input, checked before any parsing or algebra.

One home for the gates of every reader of typed math: the expression parser, the LaTeX
translator and the answer reader. A text over a limit is refused with the limit named.
"""

from __future__ import annotations

MAX_LENGTH = 2000  # characters of one expression or answer text
MAX_DEPTH = 50  # brackets nested in one text
MAX_DIGITS = 50  # digits of one number
MAX_LIST_DEPTH = 3  # lists nested in an answer (a list of rows of entries)
MAX_SIDE = 50  # rows and columns of a vector or matrix in an answer
MAX_DET_SIDE = 5  # side of the largest determinant an answer may ask for
MAX_PRODUCT_COST = 30_000  # multiplications of one matrix product in an answer (n·m·p)
