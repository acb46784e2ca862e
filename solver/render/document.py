"""The LaTeX and Markdown documents of a solved problem set."""

from __future__ import annotations

from solver.render.environment import environment
from solver.solving import SolvedSet


def render(solved: SolvedSet, fmt: str, answers_only: bool = False,
           questions_only: bool = False) -> str:
    """The document in ``latex`` or ``markdown``; a repeated derivation quotes the earlier
    part's result (``solver.render.references``). ``questions_only``: the problem sheet,
    every task without its steps or answer."""
    from solver.render.references import refer_back

    solved = refer_back(solved)
    env = environment()
    folder, name = {"latex": ("latex", "document.tex.jinja"),
                    "markdown": ("markdown", "document.md.jinja")}[fmt]
    macros = env.get_template(f"{folder}/macros.jinja").module
    template = env.get_template(f"{folder}/{name}")
    return template.render(doc=solved, fmt=macros, format=fmt, answers_only=answers_only,
                           questions_only=questions_only, decimal=False)
