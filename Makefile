# Two commands do everything on a machine with python3 (3.10+) and make:
#   make lab    set up the environment and open the lessons in JupyterLab
#   make test   set up the environment (if missing) and run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
STAMP  := $(VENV)/.installed
# JupyterLab refuses to run as root unless told; containers and CI often are root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test test-fast bench notebooks html check links clean help

help:
	@echo "make lab        set up, then open the lessons in JupyterLab (127.0.0.1, with a token)"
	@echo "make test       set up if needed, then run unit, notebook (nbval) and browser tests"
	@echo "make bench      print simulation and explorer-update timings"
	@echo "make notebooks  re-run the notebooks and store only the outputs nbval checks"
	@echo "make html       export every lesson to a static, offline HTML page in site/"
	@echo "make check      workshop-day check of this machine (packages, extensions, kernel, notebooks)"
	@echo "make links REPO=https://github.com/OWNER/NAME [HUB=https://hub.example.edu]  launch links"

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements-test.txt
	$(BIN)/python -m pip install --no-deps -e .
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(AS_ROOT) --ServerApp.root_dir=$(CURDIR)/notebooks $(CURDIR)/notebooks/00_start_here.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest tests --nbval-lax notebooks -p no:cacheprovider

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -m "not browser" -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_engine.py

notebooks: $(STAMP)
	$(BIN)/python tools/refresh_notebooks.py

html: $(STAMP)
	$(BIN)/python tools/export_html.py --out site

check: $(STAMP)
	$(BIN)/python -m lessons.check

links: $(STAMP)
	$(BIN)/python -m lessons.links --repo "$(REPO)" $(if $(HUB),--hub "$(HUB)",)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
