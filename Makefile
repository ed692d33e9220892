# Two commands do everything on a machine with python3 (3.11+) and make:
#   make lab    set up the environment and open the lessons in JupyterLab
#   make test   set up the environment (if missing) and run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
STAMP  := $(VENV)/.installed
# Kernel messages reach the browser without Nagle's delay (lessons/server.py says why and how much).
LAB_ARGS   := --ServerApp.kernel_websocket_connection_class=lessons.delivery.server.NoDelayConnection
# JupyterLab refuses to run as root unless told; containers and CI often are root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: python-version lab test test-fast test-browser screenshots assets bench notebooks html handouts check links clean help present browser-deps bench-browser bench-class

help:
	@echo "make lab        set up, then open the lessons in JupyterLab (127.0.0.1, with a token)"
	@echo "make test       set up if needed, then run unit, notebook (nbval) and browser tests"
	@echo "make test-fast  unit, property and contract tests only (no notebooks run, no browser): for daily work"
	@echo "make test-browser  only the browser tests (JupyterLab, Voila, static pages)"
	@echo "make assets     redraw the overview figure (assets/kit-model.svg and its copy in lesson 00)"
	@echo "make screenshots  retake the README's explorer screenshots in headless Chromium (assets/*.png)"
	@echo "make bench      print simulation and explorer-update timings"
	@echo "make notebooks  re-run the notebooks and store only the outputs nbval checks"
	@echo "make html       export every lesson to a static, offline HTML page in site/"
	@echo "make handouts   one-page PDF handouts (the kit and each lesson) in handouts/, printed by headless Chromium"
	@echo "make check      workshop-day check of this machine (packages, extensions, kernel, notebooks) [LEARNERS=30: room size]"
	@echo "make links [REPO=https://github.com/OWNER/NAME] [HUB=https://hub.example.edu]  launch links (default REPO: the GitHub origin)"
	@echo "make present   classroom app mode: the lessons in Voila, code hidden (127.0.0.1:$(PRESENT_PORT), with a token)"
	@echo "               [LEARNERS=20 LESSON=03: warm one kernel per learner for that lesson before the class arrives]"
	@echo "make browser-deps  install the browser tests' JavaScript (axe-core) from tests/browser/package-lock.json"
	@echo "make bench-browser key-press-to-redraw latency in headless Chromium (JupyterLab and Voila)"
	@echo "make bench-class  LEARNERS=20 opening one lesson at once: app mode, app mode warmed, shared JupyterLab"

# The pinned ipykernel (7.x) needs Python 3.11 or newer: say so before building anything.
MIN_PYTHON := 3.11
python-version:
	@found=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || \
	  { echo "make: '$(PYTHON)' was not found. Install Python $(MIN_PYTHON) or newer, or run: make PYTHON=python3.12 ..."; exit 1; }; \
	if [ "$$(printf '%s\n%s\n' "$(MIN_PYTHON)" "$$found" | sort -t. -k1,1n -k2,2n | head -n1)" != "$(MIN_PYTHON)" ]; then \
	  echo "make: $(PYTHON) is Python $$found; the kit needs Python $(MIN_PYTHON) or newer (ipykernel 7 requires it)."; \
	  echo "      Install a newer Python and run, for example: make PYTHON=python3.12 lab"; exit 1; fi

$(STAMP): requirements.txt requirements-test.txt pyproject.toml | python-version
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements-test.txt
	$(BIN)/python -m pip install --no-deps -e .
	touch $(STAMP)

lab: python-version $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(AS_ROOT) --ServerApp.root_dir=$(CURDIR)/notebooks \
	  $(LAB_ARGS) $(CURDIR)/notebooks/00_start_here.ipynb

# One pytest run for everything: each notebook runs once under nbval, once in JupyterLab and once in Voila, and
# the static pages are exported once. It runs on three pytest-xdist workers on the 2-core machine: the suite is
# bound by CPU, and the third worker keeps both cores busy while the slow-computer test's page is stopped most of
# the time (tests/conftest.py keeps tests that share a page or an export on one worker, and hands out the
# longest first). The README gives the time from a clean clone. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 3
test: python-version $(STAMP) browser-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest tests --nbval-lax notebooks -p no:cacheprovider -n $(TEST_WORKERS)

test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest tests -m "not browser" -p no:cacheprovider

test-browser: $(STAMP) browser-deps
	$(BIN)/python -m pytest tests/browser -p no:cacheprovider

assets: $(STAMP)
	$(BIN)/python tools/overview_figure.py

screenshots: $(STAMP)
	$(BIN)/python tools/screenshots.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_engine.py

notebooks: $(STAMP)
	$(BIN)/python tools/refresh_notebooks.py

html: $(STAMP)
	$(BIN)/python tools/export_html.py --out site

handouts: $(STAMP)
	$(BIN)/python -m lessons.delivery.handouts --out handouts

check: $(STAMP)
	$(BIN)/python -m lessons.delivery.workshop_check $(if $(LEARNERS),--learners $(LEARNERS),)

links: $(STAMP)
	$(BIN)/python -m lessons.delivery.links $(if $(REPO),--repo "$(REPO)",) $(if $(HUB),--hub "$(HUB)",)

# -- classroom app mode and browser tests ---------------------------------------------------------------
# `make present` serves every lesson as an app (Voila): code hidden, outputs and explorers only
# (lessons/delivery/present.py writes Voila's arguments). Localhost and a token by default; for a room,
# PRESENT_IP=0.0.0.0 (share the printed URL with its token). Kernels idle for PRESENT_CULL seconds (a closed or
# abandoned tab) are shut down to free memory. LEARNERS=20 LESSON=03 warms one kernel per learner for that lesson
# before the class arrives, so every page opens at once (start it a few minutes early).
# The kit's template (share/jupyter/voila/templates/kit) is Voila's lab template without CDN links,
# so the app works with no internet; it is found through JUPYTER_PATH.
PRESENT_IP    ?= 127.0.0.1
PRESENT_PORT  ?= 8866
PRESENT_CULL  ?= 1200
AXE_STAMP     := tests/browser/node_modules/.installed

present: $(STAMP)
	$(BIN)/python -m lessons.delivery.present --ip $(PRESENT_IP) --port $(PRESENT_PORT) --cull $(PRESENT_CULL) \
	  $(if $(LEARNERS),--learners $(LEARNERS) --lesson $(LESSON),)

browser-deps: $(AXE_STAMP)

$(AXE_STAMP): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund && touch $(AXE_STAMP); \
	else echo "npm not found: the accessibility (axe-core) browser tests will skip (and fail under CI=true)"; fi

bench-browser: $(STAMP)
	$(BIN)/python benchmarks/bench_browser.py

# A class opening one lesson at once through `make present`'s Voila (loopback only, self-stopping).
# (LEARNERS is not given a global default: `make check` reads it too.)
BROWSERS ?= 2
LESSON   ?= 00_start_here.ipynb
bench-class: $(STAMP)
	$(BIN)/python benchmarks/bench_class.py --lesson $(LESSON) --http $$(( $(or $(LEARNERS),20) - $(BROWSERS) )) --browsers $(BROWSERS)
	$(BIN)/python benchmarks/bench_class.py --warm --lesson $(LESSON) --http $$(( $(or $(LEARNERS),20) - $(BROWSERS) )) --browsers $(BROWSERS)
	$(BIN)/python benchmarks/bench_class.py --lab --lesson $(LESSON) --http $$(( $(or $(LEARNERS),20) - $(BROWSERS) )) --browsers $(BROWSERS)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
