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

# jupytext.toml (project root) makes the .py notebooks open as notebooks; root (containers)
# needs --allow-root, which JupyterLab refuses to guess
lab: $(STAMP) ## open the notebooks in JupyterLab (the .py files open as notebooks)
	$(BIN)/python -m pip install --quiet -e '.[dev,lab]'
	mkdir -p $(VENV)/share/jupyter/lab/settings
	echo '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"python": "Jupytext Notebook"}}}' \
		> $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root,) notebooks/

bench: data ## run the benchmarks; results go to reports/benchmarks/
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean-cache: ## delete cached features and models (data/interim, data/processed)
	rm -rf data/interim data/processed
