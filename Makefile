# « IA en santé » — the two commands of the README:
#   make lab    install if needed, copy the course into your workspace, open JupyterLab
#   make test   install if needed, then lint and run the whole test suite
#   (developers: make test-fast skips the slow notebook/nbgrader and hub tests)
# Only Python 3.11+ is needed: the virtual environment is created here, in .venv,
# with the exact versions of requirements/constraints.txt (same for a whole cohort).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.iasante-installed
ARGS ?=
PYTEST_ARGS ?=

.PHONY: install hub-deps image-smoke lab test test-fast lint release demo lock

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23.1"
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

hub-deps: $(STAMP)  ## JupyterHub, proxy, Chromium for the hub tests (else they skip)
	ci/install-hub-deps.sh

image-smoke: $(STAMP)  ## CI: the hub image's install script in a fresh venv, then its smoke test (issue 21)
	PYTHON=$(PYTHON) ci/image-smoke.sh

lab: $(STAMP)  ## learner: `make lab ARGS=--no-browser` on a remote machine
	$(BIN)/iasante lab $(ARGS)

lint: $(STAMP)  ## ruff (rules and formatting) and mypy (configured in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: lint  ## developer: everything but the slow (notebooks, nbgrader) and hub tests
	$(BIN)/python -m pytest -m "not slow and not hub" $(PYTEST_ARGS)

release: $(STAMP)  ## instructor: regenerate release/ from source/
	$(BIN)/iasante release $(ARGS)

demo: $(STAMP)  ## instructor: grade a simulated class end to end
	$(BIN)/iasante demo $(ARGS)

lock:  ## maintainer: re-pin every dependency (course and hub tools) from a fresh resolution
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e ".[test]"
	{ echo "# Exact versions for a whole cohort; regenerate with \`make lock\`. Used as pip constraints (-c)."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e '; } > requirements/constraints.txt
	.venv-lock/bin/python -m pip install --quiet -c requirements/constraints.txt -r requirements/hub.in
	{ echo "# Hub journey: requirements/hub.in and what it adds to the course environment,"; \
	  echo "# pinned by \`make lock\` together with requirements/constraints.txt. Installed by"; \
	  echo "# ci/install-hub-deps.sh: pip install -c requirements/constraints.txt -r requirements/hub.txt"; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e ' \
	    | grep -vxFf requirements/constraints.txt; } > requirements/hub.txt
	rm -rf .venv-lock
