# Two commands matter: `make briefs` (the main job) and `make test`. Both create .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
TAHUN ?= 2026
JOBS ?= 2

.PHONY: install briefs test test-fast lab sample benchmark lint clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## the main job: every district brief and the province overview from the built-in sample data
briefs: $(STAMP)
	$(BIN)/workbench briefs --tahun $(TAHUN) --jobs $(JOBS)

## the whole test suite (unit, notebooks, batch, browser), in parallel, with the coverage floor
## of workbench ([tool.coverage] fail_under in pyproject.toml)
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup --cov=workbench --cov-report=term

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow"

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

sample: $(STAMP)
	$(BIN)/workbench sample build/data-contoh

benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_analysis.py
	$(BIN)/python benchmarks/bench_briefs.py

lint: $(STAMP)
	$(BIN)/ruff check workbench tests benchmarks

clean:
	rm -rf output build .pytest_cache
