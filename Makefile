# Everything a fresh machine with only Python 3.11 needs: uv is bootstrapped with pip when missing,
# the environment is created from the lock file, then the command runs.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export UV_PYTHON ?= python3.11

.PHONY: demo test test-fast eval bench lint env train eval-learned
env: .venv/.synced
.tools/bin/uv:
	python3 -m venv .tools && .tools/bin/pip install -q uv
.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --quiet --compile-bytecode && touch $@

demo: env  ## offline demo run end to end (loopback site -> ./data/demo.duckdb)
	$(UV) run --frozen sanctions-monitor demo

test: env  ## the whole suite, slow tests (real Prefect server + worker) included; two pytest-xdist workers, a test file per worker
	$(UV) run --frozen pytest -q -n 2 --dist loadfile

test-fast: env
	$(UV) run --frozen pytest -q -n 2 --dist loadfile -m "not slow"

eval: env  ## extraction quality table over the labelled corpus texts
	$(UV) run --frozen sanctions-monitor eval

bench: env  ## every benchmark (ratios against a baseline measured in the same run); a few minutes
	$(UV) run --frozen python bench/clean_eval.py
	$(UV) run --frozen python bench/dedup_bench.py
	$(UV) run --frozen python bench/extract_bench.py
	$(UV) run --frozen python bench/extract_cli_bench.py
	$(UV) run --frozen python bench/claims_bench.py
	$(UV) run --frozen python bench/ingest_bench.py
	$(UV) run --frozen python bench/lists_bench.py
	$(UV) run --frozen python bench/demo_bench.py
	$(UV) run --frozen python bench/scale_bench.py

lint: env
	$(UV) run --frozen ruff check extractors flows tests bench
	$(UV) run --frozen mypy extractors flows

train: env  ## rebuild the learned extractor's artefact (extractors/model/) from evaluation/sentences; seeded
	$(UV) run --frozen python -m extractors.training.train

eval-learned: env  ## the learned extractor on the dev split, beside the production cue pipeline
	$(UV) run --frozen python -m extractors.training.evaluate dev
	$(UV) run --frozen python -m extractors.training.evaluate dev --rules
