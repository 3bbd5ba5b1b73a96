# The two commands: `make run` (site with sample data on SQLite) and `make test` (everything).
# Both create .venv when missing and install the project into it.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
RUN_HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev lint test-sqlite test-postgres system-deps browser-deps \
        benchmark loadtest evaluate clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The checkout's .env (DEBUG on, a generated secret, the SQLite database) is written once and
# read by every manage.py command after, in any shell (factcheck/dev_env.py).
run: install
	$(PY) -m factcheck.dev_env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_sample_corpus
	$(PY) manage.py create_demo_accounts
	$(PY) manage.py demo_review
	@echo "factcheck is serving on http://$(RUN_HOST)/ (admin at http://$(RUN_HOST)/admin/)"
	$(PY) manage.py runserver $(RUN_HOST)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(VENV)/bin/mypy articles factcheck benchmarks tests

# Browser tests drive Debian's chromium; installed here when missing and we may (root).
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "chromium is missing: sudo apt-get install chromium (browser tests will be skipped)"; \
	  fi; \
	fi

# The slowest tests are listed after each pass: where the suite's time goes.
PYTEST_ARGS ?= --durations=25

# Each pass has a Redis database of its own (its workers' queues, the broker fault test), so
# the two passes can run at the same time without taking each other's tasks.
SQLITE_TEST_REDIS_URL ?= redis://127.0.0.1:6379/13
PG_TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

test-sqlite: install-dev
	@echo "== tests on SQLite"
	env -u DATABASE_URL TEST_REDIS_URL=$(SQLITE_TEST_REDIS_URL) $(PY) -m pytest $(PYTEST_ARGS)

# PostgreSQL: DATABASE_URL when it names one, else the local server when it answers.
test-postgres: install-dev
	@url="$${DATABASE_URL:-$(PG_TEST_URL)}"; \
	case "$$url" in postgres*) ;; *) url="$(PG_TEST_URL)";; esac; \
	if $(PY) -c "import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$$url" 2>/dev/null; then \
	  echo "== tests on PostgreSQL ($$url)"; \
	  DATABASE_URL="$$url" TEST_REDIS_URL=$(PG_TEST_REDIS_URL) $(PY) -m pytest $(PYTEST_ARGS); \
	elif [ "$(REQUIRE_SERVICES)" = "1" ]; then \
	  echo "PostgreSQL does not answer at $$url and REQUIRE_SERVICES=1" >&2; exit 1; \
	else \
	  echo "== PostgreSQL does not answer at $$url: skipping the PostgreSQL run"; \
	fi

# The two passes run side by side: much of a pass is spent waiting on workers, servers and
# the browser, so two share the cores well. Each pass's output is printed whole when it ends.
test: install-dev browser-deps lint
	@echo "== tests on SQLite and on PostgreSQL, side by side"
	$(MAKE) --no-print-directory -j2 --output-sync=recurse test-sqlite test-postgres

# Benchmarks run on scratch PostgreSQL databases (dropped and created here), each with the
# data it makes itself; the API and page benchmarks get a database of their own, as they
# refuse one that already holds articles.
BENCH_DB ?= factcheck_bench
PG_ROOT ?= postgres://postgres@127.0.0.1:5432
BENCH_ARTICLES ?= 10000
# DEBUG stays off: with it on Django keeps every query in memory, which a benchmark would
# measure instead of the code.
BENCH_ENV = DEBUG=0 ALLOWED_HOSTS=localhost \
	SECRET_KEY=benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz
scratch_db = $(PY) -c "import sys, psycopg; c = psycopg.connect('$(PG_ROOT)/postgres', autocommit=True); c.execute(f'DROP DATABASE IF EXISTS {sys.argv[1]} WITH (FORCE)'); c.execute(f'CREATE DATABASE {sys.argv[1]}')" $(1) \
	&& DATABASE_URL=$(PG_ROOT)/$(1) $(BENCH_ENV) $(PY) manage.py migrate -v0
benchmark: install-dev
	mkdir -p benchmark-results
	$(call scratch_db,$(BENCH_DB))
	DATABASE_URL=$(PG_ROOT)/$(BENCH_DB) $(BENCH_ENV) $(PY) manage.py benchmark import --articles $(BENCH_ARTICLES) --naive | tee benchmark-results/import.json
	DATABASE_URL=$(PG_ROOT)/$(BENCH_DB) $(BENCH_ENV) $(PY) manage.py benchmark import --articles 50000 | tee benchmark-results/import-50k.json
	DATABASE_URL=$(PG_ROOT)/$(BENCH_DB) $(BENCH_ENV) $(PY) manage.py benchmark reconcile | tee benchmark-results/reconcile.json
	DATABASE_URL=$(PG_ROOT)/$(BENCH_DB) $(BENCH_ENV) $(PY) manage.py benchmark extraction | tee benchmark-results/extraction.json
	$(call scratch_db,$(BENCH_DB)_api)
	DATABASE_URL=$(PG_ROOT)/$(BENCH_DB)_api $(BENCH_ENV) $(PY) manage.py benchmark_api --json | tee benchmark-results/api.json
	$(call scratch_db,$(BENCH_DB)_pages)
	DATABASE_URL=$(PG_ROOT)/$(BENCH_DB)_pages $(BENCH_ENV) $(PY) manage.py benchmark_pages --json | tee benchmark-results/pages.json

# The extractor scored on every public annotated set, one language a set (``*_gold.jsonl``
# beside the tests, the shared English sets when ../shared is there); CI prints it. The
# tests assert the thresholds; this shows the figures.
EVAL_SETS ?= $(sort $(wildcard tests/eval/*.jsonl ../shared/eval/*.jsonl))
evaluate: install-dev
	@dir=$$(mktemp -d); export DATABASE_URL="sqlite:///$$dir/eval.sqlite3" DEBUG=1; \
	$(PY) manage.py migrate -v0 || exit 1; \
	for set in $(EVAL_SETS); do \
	  echo "== extraction on $$set"; $(PY) manage.py evaluate_extraction "$$set" || exit 1; \
	done; rm -rf "$$dir"

# A bounded, mixed load against gunicorn + a Celery worker on PostgreSQL and Redis;
# checks its own pass criteria (exit status 1 when one fails).
loadtest: install-dev
	$(PIP) install --quiet -e '.[dev,load]'
	$(PY) benchmarks/loadtest/run.py

clean:
	rm -rf $(VENV) db.sqlite3 .test-db*.sqlite3* staticfiles .pytest_cache
