# Relais. `make help` lists the targets. `make run` and `make test` install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Debian packages the project needs at run time and in tests. Installed when make runs as root.
APT_PACKAGES := gettext chromium tesseract-ocr tesseract-ocr-fra poppler-utils openssl wrk nodejs \
	fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 jq xxd redis-server
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
export DJANGO_SETTINGS_MODULE := relais.settings

.PHONY: help run test lint format typecheck messages demo install install-dev system-deps migrate \
	check-migrations check-messages test-sqlite test-postgres pass-sqlite pass-postgres lock bench \
	clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

system-deps: ## Install the Debian packages that are missing (as root; otherwise just check)
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "apt-get install$$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Missing Debian packages (run as root or install them):$$missing"; exit 1; fi; \
	fi

$(VENV)/.runtime: requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.lock
	$(PIP) install -q --no-deps -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(PIP) install -q -r requirements-dev.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: system-deps $(VENV)/.runtime ## Install what `make run` needs

install-dev: install $(VENV)/.dev node_modules/.installed ## Install the test tools too

migrate: install ## Create or upgrade the database
	$(VENV)/bin/relais migrate --noinput -v0
	$(VENV)/bin/relais createcachetable

demo: migrate ## Load the demo data (schools of Mouscron, the seed 002 directory, staff accounts)
	$(VENV)/bin/relais demo

run: demo ## Install, migrate, load demo data, serve on 127.0.0.1:8000 with the worker
	@echo "Relais on http://$(or $(RELAIS_BIND),127.0.0.1:8000) (staff: /staff/). Ctrl-C stops the site and the worker."
	@trap 'kill 0' EXIT INT TERM; \
	$(VENV)/bin/relais worker & \
	$(VENV)/bin/gunicorn -c relais/gunicorn_conf.py

lint: install-dev ## ruff (lint and format check)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev ## Reformat and fix what ruff can
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: install-dev ## mypy with django-stubs
	$(VENV)/bin/mypy relais

check-migrations: install-dev
	$(VENV)/bin/relais makemigrations --check --dry-run

messages: install-dev ## Update the translation catalogues from the code, then compile them
	cd relais && ../$(VENV)/bin/relais makemessages -l fr -l nl --no-obsolete --no-location --no-wrap
	cd relais && ../$(VENV)/bin/relais makemessages -d djangojs -l fr -l nl --no-obsolete --no-location --no-wrap
	cd relais && ../$(VENV)/bin/relais compilemessages

check-messages: install-dev ## Fail when a catalogue is incomplete, stale or not compiled
	$(PY) scripts/check_messages.py

# One pytest pass in a scratch folder of its own (its data folder: secrets, vault; pytest's
# temporary files), new each time as on a clean clone and removed after, so that two passes can
# run side by side. $(1): the pass's name, $(2): its variables.
define pytest-pass
@scratch=$$(mktemp -d); trap 'rm -rf "$$scratch"' EXIT; echo "$(1) pass in $$scratch"; \
$(2) RELAIS_DATA_DIR=$$scratch/data $(VENV)/bin/pytest -q --durations=10 --basetemp=$$scratch/tmp
endef

test-sqlite: install-dev ## The tests on SQLite
	$(call pytest-pass,SQLite,)

# The PostgreSQL pass names its database after PG_TEST_URL's and its own process number, so that
# two runs on one machine never share pytest-django's test database (test_<name>).
PG_PASS_URL = RELAIS_DATABASE_URL=$(PG_TEST_URL)_$$$$

test-postgres: install-dev ## The tests on PostgreSQL (PG_TEST_URL)
	$(call pytest-pass,PostgreSQL,$(PG_PASS_URL))

# The two passes side by side, one core each on CI's two; --output-sync prints each pass whole
# when it ends, so that a failure reads as it would alone, and either failing fails `make test`.
# The sub-make runs the passes alone: this make has installed what they need.
test: install-dev lint typecheck check-migrations check-messages ## Everything CI runs
	@$(MAKE) --no-print-directory -j2 --output-sync=target pass-sqlite pass-postgres

# Side by side, a test whose subject does not depend on the engine runs in one pass only
# (tests/passes.py: the engine_neutral marker names which).
pass-sqlite:
	$(call pytest-pass,SQLite,RELAIS_TEST_PASS=sqlite)

pass-postgres:
	$(call pytest-pass,PostgreSQL,RELAIS_TEST_PASS=postgresql $(PG_PASS_URL))

bench: install-dev ## Print the figures the issues ask for (see bench/README.md)
	$(PY) bench/alerts.py
	$(PY) bench/proofs.py
	$(PY) bench/ocr.py

lock: ## Regenerate the pinned lock files from pyproject.toml
	@echo "Edit pyproject.toml, then: python -m venv /tmp/l && /tmp/l/bin/pip install . && /tmp/l/bin/pip freeze"

clean: ## Remove the virtualenv, node_modules and local data
	rm -rf $(VENV) node_modules var
