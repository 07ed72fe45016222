# Thin targets; each creates .venv on first use. `make run` and `make test` are the two documented commands.
PYTHON ?= python3
export OPENBLAS_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lab clean data

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

data: $(STAMP)
	$(PY) -m helpers.datasets fetch all

run: data
	$(PY) -m helpers.run $(NB)

test: data
	$(PY) -m pytest $(PYTEST_ARGS)

lab: data
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf build .pytest_cache
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
