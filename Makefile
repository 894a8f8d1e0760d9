# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1
# One process per core, each with threads: throttle counts live in the database, so they hold
# across processes, and SQLite's writers queue on its write lock (BEGIN IMMEDIATE).
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
THREADS ?= 8
# glibc gives each thread that meets contention a malloc arena of its own, and freed memory
# stays in the arena: with 8 threads a worker grows by about 10 MiB it never uses again. Two
# arenas per process keep it lean at no measured cost (bench/pages_load.py serves the same way).
export MALLOC_ARENA_MAX ?= 2

.PHONY: run dev test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/flask --app teahouse db upgrade
	@echo ""
	@echo "  Teahouse is serving on http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo ""
	$(BIN)/gunicorn --config python:teahouse.serving --bind $(HOST):$(PORT) \
		--workers $(WORKERS) --threads $(THREADS) --access-logfile - "teahouse:create_app()"

dev: $(VENV)/.installed
	$(BIN)/flask --app teahouse db upgrade
	$(BIN)/flask --app teahouse run --debug --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(BIN)/python bench/report.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache dist build
