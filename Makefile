# The two commands a newcomer needs: `make report` and `make test`.
# Both create .venv on first use and install the project into it; a second run
# reinstalls nothing unless pyproject.toml changed (the stamp file records that).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup build report test lab bench clean-cache

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

build: setup
	$(BIN)/workbench build

report: setup
	$(BIN)/workbench report

test: setup
	$(BIN)/python -m pytest

lab: setup
	$(BIN)/jupyter lab notebooks/

bench: setup
	$(BIN)/python bench/run.py

clean-cache:
	rm -rf data/processed/corpus-* data/processed/docs
