"""The one Jinja environment: TeX-friendly delimiters, strict undefined, math filters.

Templates never call SymPy themselves: the ``tex`` and ``plain`` filters print values
that the step tree already holds. Delimiters are ``<< value >>``, ``<% block %>`` and
``<# comment #>`` so that TeX's braces stay untouched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import jinja2

from solver.plural import noun, plural
from solver.render import printing
from solver.render.template_cache import template_cache
from solver.render.unicode_tex import math_declarations, tex_prose, tex_text

_MATH_SPAN = re.compile(r"(\$[^$]+\$)")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|$&~])")


def templates_dir() -> Path:
    """Templates ship inside the wheel as solver/templates; a checkout keeps them at top level."""
    installed = Path(__file__).resolve().parent.parent / "templates"
    return installed if installed.is_dir() else installed.parent.parent / "templates"


def escape_tex_text(text: str) -> str:
    """Prose as TeX: ``$…$`` math spans kept as written, everything else through
    ``tex_prose`` (specials escaped, accents kept, math symbols left to the preamble),
    line by line."""
    pieces = _MATH_SPAN.split(text)
    return "".join(piece if _MATH_SPAN.fullmatch(piece) else
                   "\n".join(tex_prose(line) for line in piece.split("\n"))
                   for piece in pieces)


def escape_markdown_cell(text: str) -> str:
    """Text someone else wrote, safe inside a Markdown table cell: one line, pipes escaped,
    HTML and emphasis markers neutralised."""
    text = "" if text is None else str(text)
    if not text.isprintable():
        text = "".join(c for c in text
                       if c.isspace() or not unicodedata.category(c).startswith("C"))
    one_line = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(1), one_line)


@jinja2.pass_context
def _untrusted(context, value) -> str:
    """Text someone else wrote (a student's name, file or answer): inert TeX on one line
    (``tex_text``), or a safe Markdown cell."""
    if context.get("format") == "latex":
        return tex_text(value)
    return escape_markdown_cell(value)


@jinja2.pass_context
def _tex(context, value) -> str:
    return printing.latex(value, decimal=context.get("decimal", False),
                          digits=context.get("digits"))


@jinja2.pass_context
def _approx(context, value) -> str:
    """LaTeX of a value; an exact irrational number with its decimal after ≈."""
    return printing.latex(value, decimal=context.get("decimal", False),
                          digits=context.get("digits"), approx=True)


@jinja2.pass_context
def _plain(context, value):
    return printing.plain(value, decimal=context.get("decimal", False),
                          digits=context.get("digits"))


@jinja2.pass_context
def _text(context, value: str) -> str:
    return escape_tex_text(value) if context.get("format") == "latex" else value


@jinja2.pass_context
def _factor(context, value) -> str:
    """LaTeX of a value used as a factor: negative numbers and sums in parentheses."""
    text = printing.latex(value, decimal=context.get("decimal", False),
                          digits=context.get("digits"))
    if text.startswith("-") or getattr(value, "is_Add", False):
        return f"\\left({text}\\right)"
    return text


@jinja2.pass_context
def _layer(context, index) -> str:
    """A layer's superscript body, (1) or [1], in the notation of the problem's statement."""
    from solver.render.layer_marks import layer_mark, uses_brackets

    problem, entry = context.get("problem"), context.get("entry")
    statements = (getattr(problem, "statement", None),
                  getattr(getattr(entry, "part", None), "statement", None))
    return layer_mark(index, uses_brackets(*statements))


def _fit_rows(body: str) -> str:
    from solver.render.wide_lines import fit_rows

    return fit_rows(body)


def _label(node) -> str:
    from solver.expr.printers import latex_label

    return latex_label(node, _symbol)


def _grouped_label(node) -> str:
    from solver.expr.printers import grouped_latex_label

    return grouped_latex_label(node, _symbol)


def _symbol(name: str) -> str:
    """LaTeX of a variable name as SymPy writes it (x1 → x_{1}, theta → \\theta)."""
    from solver.numbers import symbol

    return printing.latex(symbol(name))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<<",
        variable_end_string=">>",
        comment_start_string="<#",
        comment_end_string="#>",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        bytecode_cache=template_cache(),
    )
    env.filters.update(tex=_tex, approx=_approx, factor=_factor, plain=_plain, text=_text,
                       sym=_symbol, untrusted=_untrusted,
                       label=_label, glabel=_grouped_label, layer=_layer, fit_rows=_fit_rows)
    env.globals.update(enumerate=enumerate, zip=zip, len=len, type_name=lambda v: type(v).__name__,
                       unicode_math=math_declarations(), plural=plural, noun=noun)
    return env
