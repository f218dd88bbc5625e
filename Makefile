# Gemengd Wonen: entry points for development and CI.
#
# Needs only python3.11 on the machine (npm optionally: the browser tests read
# node_modules/axe-core, and `make vendor` copies Bootstrap and htmx out of node_modules).
# Everything runs from the project venv in .venv through .venv/bin/... paths; nothing is activated.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# Re-install the Python package only when pyproject.toml changes (or the venv is gone).
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
NPM := $(shell command -v npm 2>/dev/null)
VENDOR := static/vendor
PYTEST_ARGS ?=
# make run serves on localhost only; HOST=0.0.0.0 exposes it to the network on purpose.
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test lint migrations-check vendor worker worker-pdf beat backup

help:
	@echo "make install           .venv with the package and its dev extras; npm ci when npm exists"
	@echo "make run [PORT=8000]   compile messages, migrate, seed the demo data, runserver on localhost"
	@echo "make test              the test suite (PYTEST_ARGS='...' passes options to pytest)"
	@echo "make lint              ruff check + ruff format --check"
	@echo "make migrations-check  fail when a model change has no migration"
	@echo "make vendor            copy Bootstrap and htmx from node_modules into $(VENDOR)"
	@echo "make worker            Celery worker for both queues, default and pdf (needs CELERY_BROKER_URL)"
	@echo "make worker-pdf        Celery worker for the pdf queue only, recycled after 20 tasks"
	@echo "make beat              Celery beat: periodic tasks, the outbox sweeper (needs CELERY_BROKER_URL)"
	@echo "make backup            database + private media into ./backups (BACKUP_DIR=...)"

# ---------------------------------------------------------------------------------------------
# Installation

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install -e ".[dev]"
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(STAMP) $(if $(NPM),$(NODE_STAMP))
	@$(if $(NPM),true,echo "Note: npm not found; skipped npm ci (the browser tests need node_modules/axe-core).")

# ---------------------------------------------------------------------------------------------
# Running

# The demo password as the app itself sees it (environment, then .env, then the default).
SHOW_DEMO_PASSWORD = $$(DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-gemengdwonen.settings.dev} \
	$(PY) -c 'from django.conf import settings; print(settings.DEMO_PASSWORD)' 2>/dev/null \
	|| echo "$${DEMO_PASSWORD:-gemengd-wonen-demo}")

# Are there any translation catalogues (outside .venv and node_modules)? compilemessages fails
# when it finds no locale directory at all.
HAS_PO = find . \( -path ./.venv -o -path ./node_modules -o -path ./.git \) -prune -o -name '*.po' -print -quit | grep -q .

run: install
	@if ! $(HAS_PO); then \
		echo "Note: no .po files yet; nothing to compile."; \
	elif command -v msgfmt >/dev/null 2>&1; then \
		echo "$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules"; \
		$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules; \
	else \
		echo "Note: msgfmt (GNU gettext) not found; using the committed .mo files."; \
	fi
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo
	@echo "Gemengd Wonen: http://localhost:$(PORT)"
	@echo "Log in as coach / beheerder / locatie / begeleider / bewoner / welzijn / gemeente / stuurgroep / secretaris / privacy / admin with password $(SHOW_DEMO_PASSWORD)"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

# Celery needs a broker; without one the tasks run eagerly inside the web process anyway.
define require_broker
@test -n "$$CELERY_BROKER_URL" || grep -qsE '^[[:space:]]*CELERY_BROKER_URL=[^[:space:]]' .env || { \
		echo "CELERY_BROKER_URL is not set (e.g. CELERY_BROKER_URL=redis://127.0.0.1:6379/0 make $@)."; \
		exit 1; }
endef

# Development: one worker for both queues, its processes recycled (WeasyPrint's memory) like
# production's PDF worker. Production runs the two queues apart (docker-compose.yml).
worker: install
	$(require_broker)
	$(VENV)/bin/celery -A gemengdwonen worker -l info -Q default,pdf --max-tasks-per-child 20

worker-pdf: install
	$(require_broker)
	$(VENV)/bin/celery -A gemengdwonen worker -l info -Q pdf --concurrency 1 --max-tasks-per-child 20

# The schedule file lives in .venv so it never shows up in the working tree.
beat: install
	$(require_broker)
	$(VENV)/bin/celery -A gemengdwonen beat -l info --schedule $(VENV)/celerybeat-schedule

BACKUP_DIR ?= backups

# The database (pg_dump, or SQLite's online backup) and PRIVATE_MEDIA_ROOT, together.
backup: install
	$(PY) manage.py backup --output-dir $(BACKUP_DIR)

# ---------------------------------------------------------------------------------------------
# Checks

# The settings module comes from pyproject.toml (gemengdwonen.settings.test), even when the
# shell exports another one; pass PYTEST_ARGS="--ds=..." to override on purpose.
test: install
	unset DJANGO_SETTINGS_MODULE; $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

# ---------------------------------------------------------------------------------------------
# Vendored front-end files (committed; no CDN at runtime). The source maps are copied too: the
# minified files reference them, and collectstatic with the manifest storage fails without them.

vendor: $(if $(NPM),$(NODE_STAMP))
	@test -d node_modules/bootstrap -a -d node_modules/htmx.org || { \
		echo "node_modules is missing: run npm ci first (needs npm)."; exit 1; }
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx
	cp node_modules/bootstrap/dist/css/bootstrap.min.css \
	   node_modules/bootstrap/dist/css/bootstrap.min.css.map \
	   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js \
	   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map \
	   node_modules/bootstrap/LICENSE \
	   $(VENDOR)/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE $(VENDOR)/htmx/
	@bootstrap=$$($(PYTHON) -c 'import json; print(json.load(open("node_modules/bootstrap/package.json"))["version"])'); \
	popper=$$($(PYTHON) -c 'import json; print(json.load(open("node_modules/@popperjs/core/package.json"))["version"])'); \
	htmx=$$($(PYTHON) -c 'import json; print(json.load(open("node_modules/htmx.org/package.json"))["version"])'); \
	sed -e "s/@BOOTSTRAP@/$$bootstrap/g" -e "s/@POPPER@/$$popper/g" -e "s/@HTMX@/$$htmx/g" \
		<<<"$$VENDOR_README" >$(VENDOR)/README.md; \
	echo "Vendored Bootstrap $$bootstrap (with Popper $$popper) and htmx $$htmx into $(VENDOR)."

define VENDOR_README
# Vendored front-end files

These files are served by Django/WhiteNoise from our own origin; no CDN is used at runtime.
They are committed, and are copied unchanged from `node_modules` by `make vendor`
(the versions are pinned exactly in `package.json` / `package-lock.json`).
Do not edit them by hand: bump the version with `npm install --save-exact <package>@<version>`,
then run `make vendor` and commit the result.

| File | Package | Version | Source in node_modules |
|---|---|---|---|
| `bootstrap/bootstrap.min.css` (+ `.map`) | bootstrap | @BOOTSTRAP@ | `bootstrap/dist/css/` |
| `bootstrap/bootstrap.bundle.min.js` (+ `.map`) | bootstrap (includes @popperjs/core @POPPER@) | @BOOTSTRAP@ | `bootstrap/dist/js/` |
| `htmx/htmx.min.js` | htmx.org | @HTMX@ | `htmx.org/dist/` |

Licences: Bootstrap is MIT (`bootstrap/LICENSE`), htmx is 0BSD (`htmx/LICENSE`).

The source maps are kept because the minified files point to them: collectstatic with the
manifest storage (production) fails on a reference to a missing file.

axe-core is not vendored here: the browser tests read `node_modules/axe-core/axe.min.js`.
endef
export VENDOR_README
