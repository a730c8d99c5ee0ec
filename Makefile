# Two commands for a fresh machine with Python 3.11+ and make:
#   make run    set up, migrate, load the bundled editions, serve on :8000
#   make test   the whole test suite (SQLite; browser tests need Chromium)
# In production (the README's variables set):
#   make serve  DEBUG off, migrate, collectstatic, gunicorn from config/gunicorn.conf.py
#   make load   the production server under wrk while an edition is published

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test test-postgres bench lint mutate setup migrate editions load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(BIN)/python manage.py migrate --noinput

editions: migrate
	$(BIN)/python manage.py load_bundled_editions
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

run: editions
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: setup
	DJANGO_DEBUG=0 $(BIN)/python manage.py check --deploy --fail-level ERROR
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 exec $(BIN)/gunicorn -c config/gunicorn.conf.py

# Traffic to 127.0.0.1 only, bounded in time; not a CI gate. wrk is Debian's.
load: setup
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python tests/load/run.py $(LOAD_ARGS)

test: setup
	$(BIN)/python -m pytest

test-postgres: setup
	DATABASE_URL=$${TEST_POSTGRES_URL:-$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}} $(BIN)/python -m pytest -m "not e2e"

bench: setup
	$(BIN)/python tests/bench/run.py $(BENCH_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/vulture
	$(BIN)/python tests/quality/complexity.py

# Mutation testing of the core modules, each against its own tests (about
# half an hour; not part of `make test` or CI). Prints the table of
# tests/mutation/report.py; equivalent mutants are in tests/mutation/equivalent.txt.
mutate: setup
	$(BIN)/python -m pip install --quiet -r requirements-mutation.txt
	$(BIN)/python tests/mutation/report.py

clean:
	rm -rf $(VENV) staticfiles test-results .pytest_cache mutants
