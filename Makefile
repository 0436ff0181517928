# Everything needed to set up, demo and test audioreview lives here.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
DEMO   ?= examples/quiet-harbour.md

.PHONY: help install dev demo test test-fast lint bench clean browser validators

help:
	@echo "make demo   set up .venv and convert $(DEMO) into output/"
	@echo "make test   set up .venv with dev extras and run the test suite"
	@echo "make bench  run the benchmarks in bench/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

install: $(STAMP)

dev: $(DEVSTAMP)

demo: $(STAMP)
	$(BIN)/audioreview convert $(DEMO) -o output

# The page tests drive Debian's Chromium (never a downloaded browser).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing Debian's chromium for the page tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "note: /usr/bin/chromium is missing: the browser tests will be skipped"; \
		fi; \
	fi

# The field's own validators, run by tests/test_validators.py on a produced site: the W3C WebVTT
# parser, Podcast Index's feed parser, the Nu HTML checker (on Debian's Java) and axe-core. They are
# npm packages pinned in tests/validators/package-lock.json and installed there, never globally;
# install scripts are skipped (vnu-jar's would fetch a Java runtime: Debian's is used instead).
VALIDATORS := tests/validators
VSTAMP := $(VALIDATORS)/node_modules/.installed

$(VSTAMP): $(VALIDATORS)/package.json $(VALIDATORS)/package-lock.json
	@missing=""; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing Debian's$$missing for the validator tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "note:$$missing missing: some validator tests will be skipped"; \
		fi; \
	fi
	@if command -v npm >/dev/null; then \
		cd $(VALIDATORS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	fi

validators: $(VSTAMP)

test: $(DEVSTAMP) browser validators
	$(BIN)/python -m pytest -n 2 -q

test-fast: $(DEVSTAMP)
	$(BIN)/python -m pytest -q -m "not real"

lint: $(DEVSTAMP)
	$(BIN)/ruff check audioreview tests bench
	$(BIN)/mypy audioreview

bench: $(DEVSTAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) output/* .pytest_cache $(VALIDATORS)/node_modules
