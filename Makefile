# Two commands for a fresh machine with Python 3.11+ and make:
#   make run    set up, migrate, load the bundled editions, serve on :8000
#   make test   the whole test suite (SQLite; browser tests need Chromium)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres bench lint mutate setup migrate load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(BIN)/python manage.py migrate --noinput

load: migrate
	$(BIN)/python manage.py load_bundled_editions
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

run: load
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest

test-postgres: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest -m "not e2e"

bench: setup
	$(BIN)/python tests/bench/run.py

lint: setup
	$(BIN)/ruff check .

# Mutation testing of the core modules, each against its own tests (about
# half an hour; not part of `make test` or CI). Prints the table of
# tests/mutation/report.py; equivalent mutants are in tests/mutation/equivalent.txt.
mutate: setup
	$(BIN)/python -m pip install --quiet -r requirements-mutation.txt
	$(BIN)/python tests/mutation/report.py

clean:
	rm -rf $(VENV) staticfiles test-results .pytest_cache mutants
