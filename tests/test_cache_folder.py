"""The user's cache folder: lark's analysis of the expression grammar kept between
processes, rebuilt when it is garbled, and nothing kept when caching is off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from solver.cache_folder import private_folder
from solver.expr.grammar import CACHE_FOLDER

PARSE = ("from solver.expr.parser import parse; "
         "print(parse('2x cos(x^2) + 1/2'))")


def _parse_in_a_new_process(cache: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PARSE], capture_output=True, text=True,
                          env={**os.environ, "HWSOLVER_CACHE_DIR": cache}, check=True)


def test_the_grammar_is_analysed_once_and_the_next_process_parses_alike(tmp_path):
    first = _parse_in_a_new_process(str(tmp_path))
    kept = list((tmp_path / CACHE_FOLDER).iterdir())
    assert len(kept) == 1 and kept[0].stat().st_size > 0
    second = _parse_in_a_new_process(str(tmp_path))
    assert second.stdout == first.stdout and second.stderr == ""


def test_a_garbled_analysis_is_made_again_without_a_word(tmp_path):
    _parse_in_a_new_process(str(tmp_path))
    (kept,) = (tmp_path / CACHE_FOLDER).iterdir()
    kept.write_bytes(b"\x80\x04garbled")
    again = _parse_in_a_new_process(str(tmp_path))
    assert again.stderr == "" and "cos" in again.stdout
    assert kept.read_bytes() != b"\x80\x04garbled"


def test_nothing_is_kept_when_caching_is_off_or_the_folder_is_not_private(tmp_path,
                                                                          monkeypatch):
    assert _parse_in_a_new_process("").stdout
    shared = tmp_path / "shared"
    (shared / CACHE_FOLDER).mkdir(parents=True)
    (shared / CACHE_FOLDER).chmod(0o777)
    monkeypatch.setenv("HWSOLVER_CACHE_DIR", str(shared))
    assert private_folder(CACHE_FOLDER) is None
    _parse_in_a_new_process(str(shared))
    assert list((shared / CACHE_FOLDER).iterdir()) == []
    monkeypatch.setenv("HWSOLVER_CACHE_DIR", "")
    assert private_folder(CACHE_FOLDER) is None
    assert not Path(tmp_path / CACHE_FOLDER).exists()
