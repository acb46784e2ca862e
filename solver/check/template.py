"""The blank answer file of a problem set: every key with a hint of the expected form.

Hints depend on the kind only, never on the answer, so the template gives nothing away
(a linear system's hint offers a vector, 'no solution' and a parametric family alike).
After each part's graded keys come its intermediate keys (the names of the part's
``values`` in the JSON output), offered as optional: commented out in YAML and LaTeX,
under ``"optional"`` in JSON.
"""

from __future__ import annotations

import json

from solver.check.checker import expected_keys
from solver.render.document import SolvedSet

OPTIONAL = "optional intermediate value, no points (feedback; error carried forward)"

HINTS = {
    "matrix_expression": "a number, vector [a, b] or matrix [[a, b], [c, d]], or 'undefined'",
    "linear_system": "a vector [x1, x2], 'no solution', 'undefined', or x = [p1, p2] + t [n1, n2]",
    "eigen": "an eigenvalue, or an eigenvector [a, b] (any non-zero multiple; a basis "
             "{(a, b), (c, d)} for a repeated eigenvalue); pairs lambda_i, v_i in any order",
    "derivative": "an expression, e.g. 2x cos(x^2)",
    "partial_derivatives": "an expression in the variables",
    "gradient": "a vector [a, b]",
    "hessian": "a matrix [[a, b], [c, d]]",
    "jacobian": "a matrix [[a, b, c], [d, e, f]] (rows: functions, columns: variables)",
    "critical_points": "a set of points {(a, b), (c, d)}, families with k: (pi/2 + k pi, 0), "
                       "or 'no critical points'",
    "gradient_descent": "a number or a vector [a, b]",
    "learning_rate_bound": "an interval such as 0 < eta < 1/2, or 'no bound'",
    "line_search_step": "a number or a vector [a, b]",
    "quadratic_minimizer": "a vector [a, b], or 'undefined'",
    "forward_pass": "a number, or a vector/matrix as the layout shows it",
    "backprop": "a number, or a matrix shaped like the parameter",
    "activation_derivative": "a matrix (the Jacobian)",
    "loss_gradient": "a vector",
    "matrix_gradient": "a matrix shaped like the variable, or a closed form such as 2 A v v^T",
    "conv_shapes": "a shape [H, W, C] or [n], a count, or 'undefined' (a stack that breaks)",
    "expression": "as the statement asks",
}


def blank_answers(solved: SolvedSet) -> str:
    """YAML text with every graded key, an empty answer and a hint comment."""
    lines = [f"# Answers for: {solved.title}",
             "# Plain math (2x cos(x^2), [[1, 2], [3, 4]]) or LaTeX in single quotes",
             "# ('\\frac{1}{2}'). Leave out what you do not answer.",
             "student: your-name",
             "answers:"]
    for expected in expected_keys(solved):
        if not expected.graded:
            lines.append(f"  # {expected.key}: ''    # {OPTIONAL}")
            continue
        hint = HINTS.get(expected.entry.part.kind, "")
        points = expected.points
        lines.append(f"  {expected.key}: ''    # {hint} [{points} pt]")
    return "\n".join(lines) + "\n"


def blank_answers_json(solved: SolvedSet) -> str:
    """JSON with every graded key under ``answers`` and every intermediate key under
    ``optional``, each an empty answer."""
    expected = expected_keys(solved)
    graded = {e.key: "" for e in expected if e.graded}
    optional = {e.key: "" for e in expected if not e.graded}
    return json.dumps({"student": "your-name", "answers": graded, "optional": optional},
                      indent=2) + "\n"


def blank_answers_latex(solved: SolvedSet) -> str:
    """A LaTeX answer sheet for ``hwanswers.sty``: one ``\\answer{key}{}`` per graded key."""
    title = " ".join(solved.title.split())
    lines = [f"% Answers for: {title}",
             "% Write each answer in math between the second pair of braces:",
             "%   \\answer{key}{\\frac{1}{2}}",
             "%   \\answer{key}{\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}}",
             "%   \\answer{key}{\\text{no solution}}",
             "% Plain math ([[1, 2], [3, 4]], 2x cos(x^2)) works too. Leave out what you do not",
             "% answer. Compile with hwanswers.sty next to this file.",
             "\\documentclass{article}",
             "\\usepackage{hwanswers}",
             "",
             "\\begin{document}",
             "\\student{your-name}",
             ""]
    for expected in expected_keys(solved):
        if not expected.graded:
            lines.append(f"%\\answer{{{expected.key}}}{{}}  % {OPTIONAL}")
            continue
        hint = HINTS.get(expected.entry.part.kind, "")
        lines.append(f"\\answer{{{expected.key}}}{{}}  % {hint} [{expected.points} pt]")
    lines += ["", "\\end{document}"]
    return "\n".join(lines) + "\n"
