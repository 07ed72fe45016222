# Thin targets; each creates .venv on first use. `make run` and `make test` are the two documented commands.
# The commands themselves live in helpers/tools/ (python -m helpers.run / helpers.present / helpers.site).
PYTHON ?= python3
export OPENBLAS_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LINTED := helpers tests conftest.py

.PHONY: run test lab clean data present site cluster

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

data: $(STAMP)
	$(PY) -m helpers.datasets fetch all

# every notebook in place (atomically: a failed run changes nothing); NB=04 for one, SCHEDULER=tcp://host:port
# to run the notebooks' sweeps on a Dask cluster
run: data
	$(PY) -m helpers.run $(NB) $(if $(SCHEDULER),--scheduler $(SCHEDULER))

test: data
	@if [ -z "$$TRUSTLAB_CHROMIUM" ] && [ ! -x /usr/bin/chromium ] && ! command -v chromium >/dev/null 2>&1 \
	    && ! command -v chromium-browser >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then \
	  echo "*** No Chromium found: the browser tests (tests/browser) cannot run and will be skipped."; \
	  echo "*** Install it:  sudo apt-get install -y chromium   (or set TRUSTLAB_CHROMIUM=/path/to/chrome)"; \
	  echo "*** Or run the rest on purpose:  make test PYTEST_ARGS=\"-m 'not browser'\""; \
	fi
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(PY) -m pytest $(PYTEST_ARGS)

lab: data
	$(VENV)/bin/jupyter lab notebooks/

# presenter mode for class (Voila, code hidden, 127.0.0.1, a token in the URL it prints): `make present`,
# `make present NB=04`, QUICK=1 for small sizes
present: data
	$(PY) -m helpers.present $(NB) $(if $(QUICK),--quick)

# the readable static site of the executed notebooks: build/site/index.html
site: $(STAMP)
	$(PY) -m helpers.site

# a Dask scheduler and WORKERS=2 workers on 127.0.0.1 for trying distributed sweeps; Ctrl+C stops them
cluster: $(STAMP)
	$(PY) -m helpers.cluster $(if $(WORKERS),--workers $(WORKERS))

clean:
	rm -rf build .pytest_cache
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
