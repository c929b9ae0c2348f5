# Two commands: `make run` and `make test`. Everything else is a detail of these.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai demo --if-empty
	$(BIN)/gongkai search sync
	$(BIN)/gongkai runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/gongkai check --fail-level WARNING
	$(BIN)/gongkai makemigrations --check --dry-run
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

bench: $(STAMP)
	$(BIN)/python bench/workdays.py
	$(BIN)/python bench/scanner.py
	$(BIN)/python bench/clock.py
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/report_documents.py
	$(BIN)/python bench/annual_report.py
	$(BIN)/python bench/analyzer.py
	nice -n 10 $(BIN)/python bench/reindex.py --items 100000
	nice -n 10 $(BIN)/python bench/search.py --items 100000
	nice -n 10 $(BIN)/python bench/pages.py --items 100000

clean:
	rm -rf $(VENV) data staticfiles
