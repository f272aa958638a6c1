# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# ical.js (npm), the second, independent parser the calendar tests check every .ics with.
JS_STAMP := tests/js/node_modules/.package-lock.json
# Browser code the build copies into the site (the search worker's Russian stemmer), from npm.
VENDOR_STAMP := generator/vendor/node_modules/.package-lock.json

.PHONY: site test serve check lint clean bench

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

site: $(STAMP) $(VENDOR_STAMP)
	$(BIN)/gorag build

check: $(STAMP)
	$(BIN)/gorag check

serve: $(STAMP) $(VENDOR_STAMP)
	$(BIN)/gorag serve

$(VENDOR_STAMP): generator/vendor/package.json generator/vendor/package-lock.json
	npm ci --prefix generator/vendor --no-audit --no-fund --silent

$(JS_STAMP): tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --silent

test: $(STAMP) $(VENDOR_STAMP) $(JS_STAMP) lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	# The package strictly; then the package with the tests (which are typed, not strictly).
	$(BIN)/mypy --strict generator/gorag
	$(BIN)/mypy

# Gorag against plain mkdocs-material + static-i18n on synthetic corpora; e.g. BENCH_ARGS="--sizes 200".
BENCH_ARGS ?=
bench: $(STAMP) $(VENDOR_STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf site .gorag .site.building .site.old
