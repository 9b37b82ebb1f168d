# Alongside: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= small
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test install install-dev migrate demo lint browser bench bench-draw load messages clean scale-out

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)

migrate: install
	$(BIN)/alongside migrate --noinput
	$(BIN)/alongside createcachetable

demo: migrate
	$(BIN)/alongside load_demo

run: demo
	@echo "Starting Alongside on http://$(HOST):$(PORT)/ (press Ctrl+C to stop)"
	HOST=$(HOST) PORT=$(PORT) $(BIN)/alongside serve

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/alongside makemigrations --check --dry-run

# The browser tests need a Chromium: installed here if the machine has none (see scripts/ensure-browser).
browser: install-dev
	@sh scripts/ensure-browser $(BIN)/python

test: install-dev lint browser
	$(BIN)/pytest -n 2 --dist loadfile -m "not scaleout"

# Alongside beyond one machine, started for real here: replica, RQ workers, two app servers, S3.
scale-out: install-dev
	@$(BIN)/pip install --quiet -e '.[dev,scale]' && touch $(DEV_STAMP) $(STAMP)
	bash scripts/scale-out-check

bench: install-dev
	$(BIN)/alongside bench --scale $(SCALE)

# How long the representative draw takes for pools of 10 to 10,000 applicants (docs/opportunities.md).
bench-draw: install-dev
	$(BIN)/alongside bench_draw

load: install-dev
	$(BIN)/alongside loadtest

# Gathers new strings when GNU gettext is installed; always compiles the .po files in Python.
messages: install-dev
	@if command -v xgettext >/dev/null; then \
	  $(BIN)/alongside makemessages -l cy --no-obsolete --add-location=file --ignore='tests/*' --ignore='data/*'; \
	else echo "xgettext not found: compiling the existing translations only"; fi
	$(BIN)/python -m alongside.core.i18n_compile

clean:
	rm -rf $(VENV) data/static
