# Quick start: `make run` and `make test`. Everything installs into .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install test test-fast index run clean docker test-docker

install: $(VENV)/.installed

# torch goes first and pinned: this machine has the CPU build of 2.13.0 on disk, while an unpinned torch
# (asked for by sentence-transformers) would download a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# The import layering (contracts in pyproject.toml) first: a broken layer fails in a second, not after the suite.
test: install
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q

test-fast: install
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -m "not slow"

index: install
	$(PY) -m embeddings build

# Rebuilds the index if stale, then starts the bot from .env (a local console when Slack is not configured).
run: install
	$(PY) -m bot

# The Docker image. torch comes from the PyTorch CPU index unless TORCH_WHEELS names a folder holding the
# torch wheel (picked up from /opt/wheels, pip's find-links folder on machines that keep one there); its torch
# wheel is copied into docker/wheels/ in the build context (git-ignored) and installed from there.
IMAGE ?= dockercon-bot:latest
TORCH_VERSION ?= 2.13.0
TORCH_WHEELS ?= $(wildcard /opt/wheels)
DOCKER_BUILD_FLAGS ?=

docker:
	find docker/wheels -name '*.whl' ! -name 'torch-$(TORCH_VERSION)[+-]*' -delete
ifneq ($(strip $(TORCH_WHEELS)),)
	@wheel=$$(ls $(TORCH_WHEELS)/torch-$(TORCH_VERSION)[+-]*.whl 2>/dev/null | head -n1); \
	  [ -n "$$wheel" ] || { echo "no torch-$(TORCH_VERSION) wheel in $(TORCH_WHEELS)" >&2; exit 1; }; \
	  cmp -s "$$wheel" docker/wheels/$$(basename "$$wheel") || cp -p "$$wheel" docker/wheels/
	docker build $(DOCKER_BUILD_FLAGS) --build-arg TORCH_VERSION=$(TORCH_VERSION) --build-arg TORCH_WHEELS=docker/wheels -t $(IMAGE) .
else
	find docker/wheels -name '*.whl' -delete
	docker build $(DOCKER_BUILD_FLAGS) --build-arg TORCH_VERSION=$(TORCH_VERSION) -t $(IMAGE) .
endif

# Builds the image (cached layers make this quick after `make docker`) and drives the container end to end.
test-docker: install
	$(PY) -m pytest -q -m docker tests/test_docker.py

clean:
	rm -rf $(VENV) index .pytest_cache
	find docker/wheels -name '*.whl' -delete
