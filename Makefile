# Backbone — the two commands a newcomer needs: `make demo` and `make test`.
# Everything they need is installed here, on a fresh machine, when missing.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint test-sqlite test-postgres deps system icu messages bench clean

demo: deps messages
	$(BIN)/backbone demo

test: deps system messages lint test-sqlite test-postgres

lint:
	$(BIN)/ruff format --check backbone config
	$(BIN)/ruff check backbone config

test-sqlite:
	$(BIN)/pytest -q

# On PostgreSQL: the tests whose behaviour can differ by database — raw SQL, roll-ups,
# imports, locking, migrations and the rest listed in backbone/conftest.py
# (POSTGRES_BEHAVIOUR) or marked in their module — so that `make test` stays well inside its
# time. The SQLite pass runs every test.
test-postgres:
	$(BIN)/python -m backbone.lib.pgcluster -- $(BIN)/pytest -q -m "postgres_behaviour and not browser and not served"

deps: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml | icu
	@command -v $(PY) >/dev/null || PY=python3; \
	  [ -x $(BIN)/python ] || $$(command -v $(PY) || command -v python3) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages: Chromium for the browser tests, PostgreSQL for the database tests,
# gettext to compile the translations, Pango and the DejaVu fonts for the PDF reports.
system:
	@missing=""; \
	  command -v chromium >/dev/null || missing="$$missing chromium"; \
	  command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	  /sbin/ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	  fc-list 2>/dev/null | grep -qi dejavusans || missing="$$missing fonts-dejavu-core"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing:$$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	  fi

# PyICU has no wheel for Linux: pip compiles it, which needs ICU's headers, pkg-config to
# find them, and a C++ compiler.
icu:
	@missing=""; \
	  command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	  pkg-config --exists icu-i18n 2>/dev/null || missing="$$missing libicu-dev"; \
	  command -v g++ >/dev/null || missing="$$missing g++"; \
	  $$(command -v $(PY) || command -v python3) -c 'import os, sys, sysconfig; \
	    sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
	    || missing="$$missing python3-dev"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing:$$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	  fi

messages:
	@command -v msgfmt >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext >/dev/null; }
	BACKBONE_DEMO=1 $(BIN)/backbone compilemessages -v0 --ignore=.venv --ignore=node_modules --ignore=var

# The measurement benchmark at national scale (about 10 million values), on SQLite and then
# on a throwaway PostgreSQL; each run prints one `name: value` line per figure.
bench: deps system
	BACKBONE_DEMO=1 $(BIN)/backbone bench measurement --scale national --database sqlite
	BACKBONE_DEMO=1 $(BIN)/backbone bench measurement --scale national --database postgres
	BACKBONE_DEMO=1 $(BIN)/backbone bench activities --scale national --database sqlite
	BACKBONE_DEMO=1 $(BIN)/backbone bench activities --scale national --database postgres

clean:
	rm -rf $(VENV) node_modules var
