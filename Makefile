# Quick start: `make run` and `make test`. Everything installs into .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install test test-fast index run clean

install: $(VENV)/.installed

# torch goes first and pinned: this machine has the CPU build of 2.13.0 on disk, while an unpinned torch
# (asked for by sentence-transformers) would download a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

test: install
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not slow"

index: install
	$(PY) -m embeddings build

# Rebuilds the index if stale, then starts the bot from .env (a local console when Slack is not configured).
run: install
	$(PY) -m bot

clean:
	rm -rf $(VENV) index .pytest_cache
