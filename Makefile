# One command to run, one to test (see README). Everything else is a helper of these two.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: setup run test lint typecheck unit test-sqlite test-postgres bench browser-deps clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## Serve the demo territory on the embedded SQLite database.
run: setup
	$(BIN)/concerto migrate
	$(BIN)/concerto demo --if-empty
	$(BIN)/concerto serve

## Lint, type-check, then the whole suite on SQLite and the database part again on PostgreSQL.
test: setup browser-deps lint typecheck test-sqlite test-postgres

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

PACKAGES := $(patsubst %/__init__.py,%,$(wildcard service/__init__.py solver/__init__.py notifications/__init__.py))

typecheck: setup
	$(BIN)/mypy $(PACKAGES)

test-sqlite: setup
	$(BIN)/pytest

# Under CI an unreachable PostgreSQL fails the run; elsewhere it is reported and skipped.
test-postgres: setup
	@if $(BIN)/python -m tests.support.ensure_postgres "$(PG_URL)"; then \
		TEST_DATABASE_URL="$(PG_URL)" $(BIN)/pytest -m "db and not sqlite"; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is unreachable at $(PG_URL): the PostgreSQL run is required under CI." >&2; exit 1; \
	else \
		echo "PostgreSQL is unreachable at $(PG_URL): PostgreSQL run SKIPPED." >&2; \
	fi

AXE := tests/browser/node_modules/axe-core/axe.min.js

browser-deps: $(AXE)
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed: browser tests will fail"

# axe-core, the accessibility checker the browser tests inject into each page (pinned in package.json).
$(AXE): tests/browser/package.json
	cd tests/browser && npm install --no-audit --no-fund --silent
	touch $(AXE)

bench: setup
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
