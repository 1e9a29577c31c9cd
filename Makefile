# The two commands of the README:
#   make demo   set everything up and ingest the bundled samples into ./dossier.duckdb
#   make test   set everything up, check imports, lint, format and types (make lint), run the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint samples clean

demo: $(STAMP)
	@# Exit status 1 means "some sources failed and were recorded, the rest loaded":
	@# the samples include one damaged PDF on purpose, to show ingest_errors at work.
	$(BIN)/dossier ingest raw/samples || [ $$? -eq 1 ]
	$(BIN)/dossier sql "select event_date, date_precision, event_type, left(sentence, 70) as sentence from events order by event_date limit 5"

test: lint
	$(BIN)/python -m pytest -q

# The layers contract (pyproject.toml [tool.importlinter]), ruff's lint and format check, mypy.
lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Pinned, resolved dependencies (requirements.lock), then the project itself in editable mode.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

samples: $(STAMP)
	$(BIN)/python scripts/make_sample_pdfs.py raw/samples

clean:
	rm -rf $(VENV) .prefect dossier.duckdb dossier.duckdb.wal raw/archive
