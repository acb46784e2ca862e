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
from solver.kinds import KINDS
from solver.solving import SolvedSet

OPTIONAL = "optional intermediate value, no points (feedback; error carried forward)"


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
        hint = KINDS[expected.entry.part.kind].hint_for(expected.name)
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
        hint = KINDS[expected.entry.part.kind].hint_for(expected.name)
        lines.append(f"\\answer{{{expected.key}}}{{}}  % {hint} [{expected.points} pt]")
    lines += ["", "\\end{document}"]
    return "\n".join(lines) + "\n"
