# Two commands do all set-up on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install system-deps run test test-fast lint typecheck unit bench clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

system-deps: install
	bash scripts/install-system-deps.sh

run: install
	$(BIN)/tradedesk profiles-validate
	$(BIN)/tradedesk init-db
	$(BIN)/tradedesk demo --skip-if-not-empty
	$(BIN)/tradedesk serve --host $(HOST) --port $(PORT) --workers 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

# one test process per core (pytest-xdist); each starts its own throwaway servers on free ports
unit: install
	$(BIN)/pytest -n auto

test: system-deps lint typecheck unit

# the domain and the jurisdiction specifications only: no database, no server
test-fast: install
	$(BIN)/pytest tests/unit tests/properties -n auto -q

bench: install
	$(BIN)/python benchmarks/classify.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
