# Two commands: `make run` (set up and start the app) and `make test` (set up and run every check).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Local test database server started by `make test` (see scripts/ensure_postgres.sh).
TEST_DATABASE_URL ?= postgresql+psycopg://deploytest:deploytest@127.0.0.1:5432/postgres
# Two workers, one test file each at a time (a browser module keeps its app server and browser).
PYTEST_ARGS ?= -n 2 --dist loadfile

.PHONY: run test lint typecheck pytest system-deps node-deps postgres diagrams bench clean migrate

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# `make run` serves this machine only (127.0.0.1:8501). HOST=0.0.0.0 serves every network the
# machine is on; `make class` does that and prints the address learners open.
HOST ?= 127.0.0.1
PORT ?= 8501
.PHONY: class
# FORWARDED_ALLOW_IPS empty: Streamlit's web server (uvicorn) would otherwise believe
# X-Forwarded-For from any peer on 127.0.0.1; the app's TRUSTED_PROXIES alone decides.
run: $(VENV)/.runtime
	FORWARDED_ALLOW_IPS= $(BIN)/streamlit run serve.py --server.address $(HOST) --server.port $(PORT)

class: $(VENV)/.runtime
	@echo "Serving the room on port $(PORT). Learners open: $${PUBLIC_URL:-http://$$($(BIN)/python -c \
	  'from deploycore.infra.public_url import lan_ip; print(lan_ip() or "THIS-MACHINE-ADDRESS")'):$(PORT)}"
	FORWARDED_ALLOW_IPS= $(BIN)/streamlit run serve.py --server.address 0.0.0.0 --server.port $(PORT)

# REPLICAS app processes behind nginx on HOST:CLUSTER_PORT (Ctrl+C stops them all). Needs
# PostgreSQL in DATABASE_URL for more than one replica; see the README's "Several replicas".
REPLICAS ?= 2
CLUSTER_PORT ?= 8080
.PHONY: cluster
cluster: $(VENV)/.runtime
	$(BIN)/python -m deploy.cluster --replicas $(REPLICAS) --host $(HOST) --port $(CLUSTER_PORT)

# Bring the configured database (DATABASE_URL or the SQLite default) to the newest schema. The app
# also does this at start; run it by hand to upgrade ahead of a class or to read why it fails.
migrate: $(VENV)/.runtime
	$(BIN)/python -m deploycore.infra.migrations

# Debian packages the tests need: chromium (browser tests), graphviz (diagram PNGs), PostgreSQL,
# wrk (the endpoint benchmark's load generator), nginx (replicas behind one address; the tests
# run their own unprivileged nginx, never the system service). nginx lives in /usr/sbin.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v dot >/dev/null \
	    || ! command -v pg_ctlcluster >/dev/null || ! command -v wrk >/dev/null \
	    || ! PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium graphviz postgresql wrk nginx fonts-dejavu-core >/dev/null; \
	fi

postgres: system-deps
	bash scripts/ensure_postgres.sh

# axe-core, the WCAG checker the browser tests inject (tests/e2e/axe.py), pinned exactly in
# package.json and installed with the machine's npm into node_modules/ (git-ignored; no lock
# file, see .npmrc). Skipped when node_modules already holds that package.json's install.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json
	@command -v npm >/dev/null || { apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	npm install --no-package-lock --no-audit --no-fund --loglevel=error
	touch $@

node-deps: $(AXE)

# lint-imports checks the layer contracts in pyproject.toml ([tool.importlinter]).
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.dev
	$(BIN)/mypy

pytest: $(VENV)/.dev system-deps postgres node-deps
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

diagrams: $(VENV)/.runtime
	$(BIN)/python scripts/render_diagrams.py

# Every bench/bench_*.py prints its figures as JSON (bench_class.py has its own target).
bench: $(VENV)/.dev system-deps postgres
	@for script in $(filter-out bench/bench_class.py,$(wildcard bench/bench_*.py)); do \
	  echo "== $$script"; TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python $$script || exit 1; \
	done

# A class of 200 (197 protocol-level learners + 3 in chromium, an instructor in chromium) on 1
# and on 2 app replicas behind nginx, one replica SIGKILLed mid-question; each run on its own
# scratch PostgreSQL database. Prints one JSON object. BENCH_CLASS_ARGS="--learners 40" etc.
BENCH_CLASS_ARGS ?=
.PHONY: bench-class
bench-class: $(VENV)/.dev system-deps postgres
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python bench/bench_class.py $(BENCH_CLASS_ARGS)

# The shirt shop's real-time scoring endpoint in the foreground (Ctrl+C stops it).
SERVE_PORT ?= 8000
SERVE_WORKERS ?= 1
.PHONY: serve
serve: $(VENV)/.runtime
	$(BIN)/python -m deploycore.scenarios.recommender.server serve --port $(SERVE_PORT) --workers $(SERVE_WORKERS)

clean:
	rm -rf $(VENV) .venv-runtime node_modules .pytest_cache .mypy_cache .ruff_cache .import_linter_cache artifacts

# Import a GIFT or YAML question file without the UI: prints {"imported", "by_type", "refused"}
# as JSON; exit 0 when the file was read (even with refused questions), 2 when it cannot be.
# OUT=path.yaml also writes the imported questions as a bank file.
.PHONY: quiz-import
quiz-import: $(VENV)/.runtime
	@test -n "$(FILE)" || { echo "usage: make quiz-import FILE=path [OUT=out.yaml]" >&2; exit 2; }
	@$(BIN)/python -m deploycore.quiz import "$(FILE)" $(if $(OUT),-o "$(OUT)")

# Weekly orange-juice batch scenario: regenerate the seeded data, retrain, run one week's job.
.PHONY: oj-data oj-train oj-batch
WEEK ?= 150
oj-data: $(VENV)/.runtime
	$(BIN)/python scripts/generate_oj_data.py

oj-train: $(VENV)/.runtime
	$(BIN)/python -m deploycore.scenarios.forecasting.train

oj-batch: $(VENV)/.runtime
	$(BIN)/python -m deploycore.scenarios.forecasting --week $(WEEK)

# Refresh the price catalog from the providers' public price lists (needs the network): writes
# data/prices/catalog-YYYY-MM-DD.csv and prints each row's change. REGIONS=eastus,westeurope,
# us-east-1 adds regions; Google Cloud needs GCP_BILLING_API_KEY (skipped without it).
REGIONS ?=
.PHONY: prices
prices: $(VENV)/.runtime
	$(BIN)/python -m deploycore.costing.prices refresh $(if $(REGIONS),--regions $(REGIONS))
