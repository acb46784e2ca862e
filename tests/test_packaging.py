"""A non-editable install works: the wheel carries the templates and solves from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder),
                    str(ROOT)], check=True, capture_output=True)
    return next(folder.glob("hwsolver-*.whl"))


def test_wheel_contains_the_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "solver/templates/latex/document.tex.jinja" in names
    assert any(name.startswith("solver/templates/steps/") for name in names)


def test_installed_wheel_solves_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    spec = ROOT / "problems" / "in5400-week04-dense-networks.yaml"
    result = subprocess.run([sys.executable, "-m", "solver", "solve", str(spec), "--format",
                             "tex", "-o", str(tmp_path / "out")], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / f"{spec.stem}.tex").exists()
    probe = subprocess.run([sys.executable, "-c", "import solver; print(solver.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert probe.stdout.startswith(str(target))
