# The two commands of the README: `make build` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup test-deps build test test-fast lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mgo needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

build: setup
	$(BIN)/mgo build
	$(BIN)/mgo site

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

# What the tests need beyond Python packages: Virtuoso (a real triple store), Debian's Chromium and axe-core
# (the site's browser tests). Each script installs only what is missing.
test-deps:
	bash scripts/install-system-deps.sh
	bash scripts/install-browser.sh

# -n auto: one pytest-xdist worker per core; --durations lists the slowest tests of each run, to keep them few
test: setup test-deps lint
	$(BIN)/python -m pytest -n auto --durations=15

# The quick loop while editing: no sweeps or recipe runs (marker slow), no real stores, no browser.
test-fast: setup
	$(BIN)/python -m pytest -n auto -q -m "not slow" --ignore=tests/browser --ignore=tests/integration

bench: build
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf dist .dist.publications .pytest_cache .ruff_cache
