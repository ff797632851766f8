# The two commands a newcomer needs: `make report` and `make test`.
# Both create .venv on first use and install the project into it; a second run
# reinstalls nothing unless pyproject.toml changed (the stamp file records that).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup build report test lab bench accuracy clean-cache

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# Headless Chromium for the reader's-eye test of the HTML reports (tests/test_browser.py).
# Debian's package, installed only when missing (a second run installs nothing);
# kept apart from the pip stamp.
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
		sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
		echo "make setup: $(CHROMIUM) is missing; install Debian's chromium package (apt-get install chromium) for tests/test_browser.py" >&2; \
	fi

setup: $(STAMP) | $(CHROMIUM)

build: setup
	$(BIN)/workbench build

report: setup
	$(BIN)/workbench report

test: setup
	$(BIN)/python -m pytest

# JupyterLab on notebooks/ (kernel cwd notebooks/, as for `make report` and nbval).
lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

bench: setup
	$(BIN)/python bench/run.py

# Metadata accuracy on the real sets in tests/real (the table in docs/metadata.md); MISSES=1 lists each miss.
accuracy: setup
	$(BIN)/python bench/accuracy.py $(if $(MISSES),--misses)

clean-cache:
	P="$${WORKBENCH_PROCESSED_DIR:-data/processed}"; rm -rf "$$P"/corpus-* "$$P"/chunks "$$P"/docs
