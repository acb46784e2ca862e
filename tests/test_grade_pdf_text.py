"""Feedback and report PDFs show what the Markdown shows: math symbols as math, accented
names as themselves, other scripts transliterated; and student text never steers TeX.

The PDFs are compiled by a real TeX engine and read back with pdftotext."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from solver.grade.classreport import write_report
from solver.grade.feedback import Feedback
from solver.render.environment import environment
from solver.render.pdf import available_engine, compile_pdf
from solver.render.unicode_tex import tex_text
from solver.solving import solve_set
from solver.spec.load import load_text

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "fixtures" / "grade" / "spec.yaml"


def _needs_pdftotext():
    if available_engine() is None:
        pytest.skip("no TeX engine installed (make test installs one)")
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI needs pdftotext: run 'make test', which installs it")
        pytest.skip("pdftotext not installed (make test installs poppler-utils)")


def _pdf_text(pdf: Path) -> str:
    """The PDF's text with accents composed (pdftotext gives e and a combining mark)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    return unicodedata.normalize("NFC", text)


REASONS = ("expected a 2×1 vector", "0 < η < 2/λ_max", "(8 − 2*sqrt(5))/11",
           "σ ≈ 0.25, √2 ≤ θ, ∇f and ∂f/∂x, xᵀx ≥ 0")
# What pdftotext reads back for them (a transpose is the math ⊤).
SYMBOLS = ("×", "η", "λ", "−", "σ", "≈", "√", "≤", "θ", "∇", "∂", "⊤", "≥")
NAMES = {  # as written → as the PDF shows it
    "Zoë Müller": "Zoë Müller",
    "José Núñez": "José Núñez",
    "François Çelik": "François Çelik",
    "李雷": "LiLei",
    "Иван Петров": "Ivan Petrov",
    "Ελένη": "Eleni",
}


# --- the mapping ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "tex"), [
    ("2×1", r"2\ensuremath{\times}1"),
    ("η", r"\ensuremath{\eta}"),
    ("8 − 2", r"8 \ensuremath{-} 2"),
    ("x²", r"x\ensuremath{^{2}}"),
    ("θ₁₂", r"\ensuremath{\theta}\ensuremath{_{12}}"),
    ("xᵀ", r"x\ensuremath{^{\top}}"),
    ("Zoë", r"Zo\"{e}"),
    ("naïve", r"na\"{\i{}}ve"),
    ("Łukasz", r"\L{}ukasz"),
    ("Dvořák", r"Dvo\v{r}\'{a}k"),
    ("Zoe\u0308", r"Zo\"{e}"),
    ("李雷", "LiLei"),
    ("Иван", "Ivan"),
    ("a\u202eb\u200bc\x07d", "abcd"),
    ("tab\tand\nnewline", "tab and newline"),
])
def test_unicode_becomes_tex_that_shows_it(text, tex):
    assert tex_text(text) == tex


def test_a_long_run_of_digits_may_break_every_eight_digits():
    from solver.render.unicode_tex import BREAK_IN_DIGITS

    digits = "1.2247448713915890490986420373529456959829737403283350642163"
    tex = tex_text(f"expected {digits}, got 1234567890123456")
    assert tex.count(BREAK_IN_DIGITS) == len(digits.split(".")[1]) // 8
    assert tex.replace(BREAK_IN_DIGITS, "") == f"expected {digits}, got 1234567890123456"
    _check_inert(tex)


@pytest.mark.tex
def test_a_forty_digit_diagnosis_prints_whole_within_the_page(tmp_path, feedback):
    _needs_pdftotext()
    digits = "1.224742575001413785218796746311513078794"
    submission = _submission("s")
    submission["verdicts"][1]["reason"] = (  # as the checker words a wrong 40-digit entry
        f"4 of 6 entries differ: entry (1, 1): expected −{digits} (to 40 significant "
        f"figures), got {digits}")
    pdf = compile_pdf(feedback.render(submission, "latex"), tmp_path / "long.pdf",
                      "pdflatex")
    flat = "".join(_pdf_text(pdf).split())
    assert flat.count(digits) >= 2  # whole, wherever a line broke it
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes))
    assert right < width - 36  # nothing runs into the last half inch of paper


# --- hostile text -----------------------------------------------------------------------

HOSTILE = [
    r"\input{/etc/passwd}",
    r"\immediate\write18{touch PWNED}",
    r"\catcode`\{=12 \def\x{",
    "}}}{{{",
    "$$\\relax$$ $x$ ^^5cinput{/etc/passwd}",
    "%\n\\end{document}",
    "#1 & ~ _ | < > \\\\ \\",
    "\\csname input\\endcsname{/etc/passwd}",
    "\uff3cinput\uff5b/etc/passwd\uff5d",  # full-width backslash and braces
    "\\verb|x| \\begin{verbatim}",
]
# Control words that inert text may contain: escapes, accents' helpers and math symbols.
_DANGEROUS = {"input", "include", "write", "immediate", "openout", "openin", "read",
              "catcode", "def", "edef", "gdef", "xdef", "let", "csname", "endcsname",
              "end", "begin", "usepackage", "verb", "makeatletter", "expandafter",
              "special", "pdfliteral", "directlua", "relax", "newcommand", "renewcommand"}


def _random_texts(count: int) -> list[str]:
    pool = ("\\{}$&#^_%~|<>[]`'\"@!= \n\t" "abcxyzABC0123456789"
            "×−ηλσ≈²√≤≥θ∇∂ᵀ₁ëéŁøß李雷Иванمحمدα😀\u0301\u0308\u202e\u200b\x00\x1b\ufeff")
    generator = random.Random(10)
    texts = ["".join(generator.choice(pool) for _ in range(generator.randint(1, 40)))
             for _ in range(count)]
    texts += ["".join(chr(generator.randint(0x80, 0x2FFFF)) for _ in range(30))
              for _ in range(count)]
    return texts


def _balanced(tex: str) -> bool:
    depth = 0
    for char in tex:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _without_math(tex: str) -> str:
    """``tex`` with each ``\\ensuremath{…}`` group removed, after checking that the group
    holds only symbols, scripts and braces."""
    kept, index = [], 0
    while (start := tex.find("\\ensuremath{", index)) >= 0:
        kept.append(tex[index:start])
        end, depth = start + len("\\ensuremath{"), 1
        while depth:
            depth += {"{": 1, "}": -1}.get(tex[end], 0)
            end += 1
        inner = tex[start + len("\\ensuremath{"):end - 1]
        assert re.fullmatch(r"[\\A-Za-z0-9^_{}+\-=()'|:]*", inner) and _balanced(inner), tex
        index = end
    return "".join(kept) + tex[index:]


def _check_inert(tex: str) -> None:
    """No dangerous control word, no unescaped special, braces balanced, one line."""
    words = set(re.findall(r"\\([A-Za-z]+)", tex))
    assert not words & _DANGEROUS, words & _DANGEROUS
    assert _balanced(re.sub(r"\\[{}]", "", tex)), tex
    bare = re.sub(r"\\[A-Za-z]+|\\.", "", _without_math(re.sub(r"\\[{}]", "", tex)))
    assert not re.search(r"[$&#%~^_\\]", bare), tex
    assert "\n" not in tex and tex.isascii(), tex


@pytest.mark.parametrize("text", HOSTILE + _random_texts(200))
def test_student_text_is_inert_tex(text):
    _check_inert(tex_text(text))


@pytest.mark.tex
def test_hostile_text_prints_as_written(tmp_path):
    _needs_pdftotext()
    env = environment()
    preamble = env.get_template("latex/preamble.jinja").render(format="latex")
    body = "\n\n".join(f"[{index}] {tex_text(text)}" for index, text in enumerate(HOSTILE))
    tex = preamble + "\\begin{document}\n" + body + "\n\\end{document}\n"
    text = _pdf_text(compile_pdf(tex, tmp_path / "hostile.pdf", "pdflatex"))
    flat = " ".join(text.split())
    assert r"\input{/etc/passwd}" in flat and r"\immediate\write18{touch PWNED}" in flat
    assert "}}}{{{" in flat and "#1 &" in flat and "| < >" in flat
    assert "root:" not in text
    assert f"[{len(HOSTILE) - 1}]" in flat  # nothing ended the document early
    assert not list(tmp_path.rglob("PWNED")) and not (ROOT / "PWNED").exists()


# --- feedback and report PDFs ------------------------------------------------------------

@pytest.fixture(scope="module")
def feedback() -> Feedback:
    return Feedback(solve_set(load_text(SPEC.read_text(encoding="utf-8"), "spec.yaml")))


def _submission(student: str) -> dict:
    verdicts = [
        {"key": "lin.c", "status": "incorrect", "score": 0, "points": 1, "reason": REASONS[0],
         "diagnosis": "shape", "decided_by": "structure", "answer": [["1"], ["2"]]},
        *({"key": key, "status": "incorrect", "score": 0, "points": 1, "reason": reason,
           "diagnosis": None, "decided_by": "numeric", "answer": "2 cos(x^2)"}
          for key, reason in zip(("calc.a", "calc.b", "lin.d"), REASONS[1:], strict=True)),
    ]
    return {"student": student, "file": f"{student}.yaml", "status": "graded", "error": None,
            "score": 0, "max_score": 5, "flags": [], "notes": ["η is the learning rate"],
            "verdicts": verdicts}


@pytest.mark.tex
def test_feedback_pdf_shows_symbols_and_names(tmp_path, feedback):
    _needs_pdftotext()
    texts = []
    for index, student in enumerate(NAMES):
        markdown = feedback.render(_submission(student), "markdown")
        assert student in markdown and all(reason.split()[0] in markdown for reason in REASONS)
        pdf = compile_pdf(feedback.render(_submission(student), "latex"),
                          tmp_path / f"feedback-{index}.pdf", "pdflatex")
        texts.append(_pdf_text(pdf))
    for (student, shown), text in zip(NAMES.items(), texts, strict=True):
        assert f"Feedback for {shown}" in " ".join(text.split()), (student, text[:200])
    text = texts[0]
    for symbol in SYMBOLS:
        assert symbol in text, symbol
    flat = " ".join(text.split())
    assert "expected a 2×1 vector" in flat and "(8 − 2*sqrt(5))/11" in flat
    assert "?" not in "".join(texts)


def _report_results() -> dict:
    def failed(student: str, index: int) -> dict:
        return {"file": f"s{index}.yaml", "student": student, "status": "crashed",
                "score": None, "max_score": 3, "flags": ["crashed"],
                "error": f"stopped at {REASONS[index % len(REASONS)]}", "verdicts": [],
                "notes": []}

    graded = {"file": "a.yaml", "student": "Zoë Müller", "status": "graded", "score": 0,
              "max_score": 3, "flags": [], "error": None, "notes": [],
              "verdicts": [{"key": "lin.c", "status": "incorrect", "score": 0, "points": 3,
                            "reason": reason, "diagnosis": f"d{index}", "decided_by": "exact"}
                           for index, reason in enumerate(REASONS)]}
    return {"spec": {"file": "week η.yaml", "title": "Week 4: ∇ and ∂", "sha256": ""},
            "keys": [{"key": "lin.c", "points": 3}], "max_score": 3,
            "submissions": [graded, *(failed(name, i) for i, name in enumerate(NAMES))],
            "skipped": []}


@pytest.mark.tex
def test_report_pdf_shows_symbols_and_names(tmp_path):
    _needs_pdftotext()
    written = write_report(_report_results(), tmp_path)
    assert written[-1] == tmp_path / "report.pdf"
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "李雷" in markdown and "Иван Петров" in markdown
    text = _pdf_text(tmp_path / "report.pdf")
    flat = " ".join(text.split())
    for symbol in SYMBOLS:
        assert symbol in text, symbol
    for shown in NAMES.values():
        assert shown in flat, shown
    assert "Class report: Week 4: ∇ and ∂" in flat
    assert "?" not in text
