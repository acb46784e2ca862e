# Set-up, demo and tests for hwsolver on Debian/Ubuntu with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEX_PACKAGES := texlive-latex-base texlive-latex-recommended texlive-fonts-recommended latexmk \
	poppler-utils
OUT ?= out

.PHONY: help venv tex demo test lint bench clean

help:
	@echo "make demo   set up .venv and TeX, write worked solutions of problems/ to $(OUT)/"
	@echo "make test   set up and run the whole test suite"
	@echo "make bench  run the benchmarks"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# Byte-compiled once here, so that no command compiles the package again where Python
# writes no bytecode itself (PYTHONDONTWRITEBYTECODE, read-only folders): up to 0.4 s
# a command.
venv: $(STAMP)
	$(BIN)/python -m compileall -q solver

tex:
	@if command -v latexmk >/dev/null 2>&1 && command -v pdflatex >/dev/null 2>&1 \
	  && command -v pdftotext >/dev/null 2>&1; then \
	  echo "TeX engine: $$(command -v pdflatex)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing a TeX engine: $(TEX_PACKAGES)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(TEX_PACKAGES) >/dev/null; \
	else \
	  echo "No TeX engine found; .tex files are still written. Install one with:"; \
	  echo "  sudo apt-get install -y $(TEX_PACKAGES)"; \
	fi

demo: venv tex
	$(BIN)/hwsolver solve problems/*.yaml -o $(OUT) --format tex
	$(BIN)/hwsolver solve problems/*.yaml -o $(OUT) --format md
	@if command -v pdflatex >/dev/null 2>&1; then \
	  $(BIN)/hwsolver solve problems/*.yaml -o $(OUT) --format pdf; \
	fi
	@ls -1 $(OUT)

lint: venv
	$(BIN)/ruff check solver tests benchmarks

test: venv tex lint
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python benchmarks/solve_all.py
	$(BIN)/python benchmarks/check_throughput.py
	$(BIN)/python benchmarks/grade_throughput.py

clean:
	rm -rf $(OUT) build dist .pytest_cache .ruff_cache
