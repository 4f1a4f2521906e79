# Everything a fresh machine needs: `make demo` serves the demo, `make test` runs the tests.
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DIR ?= $(CURDIR)/var/demo
TEST_DIR ?= $(CURDIR)/var/test
BENCH_DIR ?= $(CURDIR)/var/bench
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on every core (pytest-xdist), a test class kept on one worker.
TEST_WORKERS ?= auto

.PHONY: demo test venv lint check typecheck clean office deploy-check bench bench-scale faults load

$(BIN)/orientir: pyproject.toml
	@test -x $(BIN)/python || "$$(scripts/find-python)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(BIN)/orientir

# The demo's server, and beside it the background worker of the long exports (`orientir
# worker`), which stops with it: the trap ends it however the server ends (Ctrl+C, an error).
demo: venv
	ORIENTIR_DATA_DIR=$(DEMO_DIR) $(BIN)/orientir migrate --verbosity 0
	ORIENTIR_DATA_DIR=$(DEMO_DIR) $(BIN)/orientir demo --reset
	@echo "Ориентир: откройте http://$(HOST):$(PORT)/ (остановить: Ctrl+C)"
	ORIENTIR_DATA_DIR=$(DEMO_DIR) $(BIN)/orientir worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	ORIENTIR_DATA_DIR=$(DEMO_DIR) DEBUG=$${DEBUG:-false} $(BIN)/orientir runserver --noreload $(HOST):$(PORT)

test: venv
	ORIENTIR_DATA_DIR=$(TEST_DIR) $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

check: venv
	ORIENTIR_DATA_DIR=$(TEST_DIR) $(BIN)/orientir makemigrations --check --dry-run

typecheck: venv
	ORIENTIR_DATA_DIR=$(TEST_DIR) $(BIN)/mypy src

# gunicorn started from deploy/'s recipe, with production settings, serves a page and a static file.
deploy-check: venv
	BIN=$(BIN) scripts/deploy-check

# Page budgets (README «Performance»): queries and median times per page and role against the
# layout-only page, on a generated region in $(BENCH_DIR), or on DATABASE_URL's if it is set.
# Not part of the tests: times depend on the machine.
bench: venv
	ORIENTIR_DATA_DIR=$(BENCH_DIR) $(BIN)/python benchmarks/pages.py $(BENCH_ARGS)

# The same pages on PostgreSQL with one region and with the country (REGIONS=85), compared:
# no page's ratio may grow by more than 20 % and no page's queries at all. Generating the
# country takes 10 minutes or more the first time; the databases are kept for the next run.
bench-scale: venv
	BIN=$(BIN) BENCH_DIR=$(BENCH_DIR) BENCH_ARGS="$(BENCH_ARGS)" scripts/bench-scale

# Faults (README «Faults»): the database lost mid-import, a full disk during an upload (tests,
# also in the suite), a worker killed mid-task, PostgreSQL restarted under load (scripts that
# start their own worker, private PostgreSQL cluster and gunicorn). Any failure fails the target.
faults: venv
	ORIENTIR_DATA_DIR=$(TEST_DIR) $(BIN)/python -m pytest tests/test_faults.py -q -p no:cacheprovider
	BIN=$(BIN) $(BIN)/python scripts/faults-worker
	BIN=$(BIN) $(BIN)/python scripts/faults-postgres

# Load (README «Load»): 50 people at work for LOAD_TIME (5m) against gunicorn from deploy/'s
# recipe, PostgreSQL (DATABASE_URL, or a database orientir_load it creates on 127.0.0.1) and
# the background worker, on loopback, then a step test; exits 1 on any error.
$(BIN)/locust: pyproject.toml | $(BIN)/orientir
	$(BIN)/python -m pip install --quiet -e '.[dev,load]'
	@touch $@

load: venv $(BIN)/locust
	BIN=$(BIN) scripts/load

# LibreOffice (PDF of the exported documents; .doc, .rtf, .odt, .xls, .ods imports), serif
# fonts, pdftoppm and Tesseract with Russian (scanned PDFs), from Debian packages.
office:
	scripts/install-office

clean:
	rm -rf $(VENV) var build *.egg-info
