# lkj: every target installs what it needs first. `make help` lists them.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     := build/demo.duckdb

# System packages (Debian/Ubuntu names) that `make deps` installs with apt-get:
# Tesseract OCR and its Indonesian model, for scanned reports (English comes with it).
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-ind
# Only for the tests: headless Chromium renders the HTML report (tests/test_report.py).
TEST_SYSTEM_PACKAGES := chromium

.DEFAULT_GOAL := help
.PHONY: help deps deps-test install-packages venv demo test eval check fix clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-6s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

deps: ## install the system packages lkj needs (apt-get; needs root)
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(SYSTEM_PACKAGES)"

deps-test: ## install the system packages lkj and its tests need (adds chromium)
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(SYSTEM_PACKAGES) $(TEST_SYSTEM_PACKAGES)"

install-packages:
	@missing=""; \
	for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "deps: system packages present ($(if $(strip $(PACKAGES)),$(strip $(PACKAGES)),none needed))"; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
		echo "deps: no apt-get here; install these with your package manager:$$missing" >&2; exit 1; \
	elif [ "$$(id -u)" -ne 0 ]; then \
		echo "deps: need root to install:$$missing -- run 'sudo make deps'" >&2; exit 1; \
	else \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "venv: no python3.11 or python3 on PATH" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -e '.[dev,ray]'
	touch $@

venv: $(STAMP) ## create .venv and install lkj with its dev tools (again only when pyproject.toml changes)

demo: deps venv ## ingest the bundled sample corpus into build/demo.duckdb and print its summary
	@test -d corpus/demo || { echo "demo: corpus/demo is missing; it ships with the repository (regenerate: $(BIN)/lkj corpus generate --out corpus/demo)" >&2; exit 1; }
	$(BIN)/lkj ingest corpus/demo --db $(DB) --force
	$(BIN)/lkj query summary --db $(DB)

test: deps-test venv ## run the test suite
	$(BIN)/pytest -q

eval: deps venv ## score the extractor against the gold (lkj eval)
	$(BIN)/lkj eval

check: venv ## read-only checks: formatting, lint, types, tests
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy lkj models normalize extract corpus
	$(BIN)/pytest -q

fix: venv ## rewrite: format and apply lint fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean: ## remove build output (keeps .venv)
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
