# Two commands: `make run` and `make test`. Everything else is a detail of these.
# Both install what they need: the virtual environment from PyPI, and Debian's packages (CJK fonts
# for the letters; Chromium and poppler for the tests) through scripts/system-packages.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Parallel test workers (pytest-xdist); the browser tests run together on one of them.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder

.PHONY: run dev test test-fast install lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The real thing: gunicorn, the job worker and the search follower on http://127.0.0.1:$(PORT).
run: $(STAMP)
	@scripts/system-packages run
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai demo --if-empty
	$(BIN)/gongkai search sync
	$(BIN)/gongkai serve --port $(PORT)

# Django's development server (reloads on change), for working on the code.
dev: $(STAMP)
	@scripts/system-packages run
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai demo --if-empty
	$(BIN)/gongkai runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	@scripts/system-packages test
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/gongkai check --fail-level WARNING
	$(BIN)/gongkai makemigrations --check --dry-run
	$(PYTEST)

# The inner loop: everything but the browser tests.
test-fast: $(STAMP)
	@scripts/system-packages test
	$(BIN)/ruff check src tests bench
	$(PYTEST) -m "not e2e"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/workdays.py
	$(BIN)/python bench/scanner.py
	$(BIN)/python bench/clock.py
	$(BIN)/python bench/crypto.py
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/report_documents.py
	$(BIN)/python bench/annual_report.py
	$(BIN)/python bench/analyzer.py
	nice -n 10 $(BIN)/python bench/reindex.py --items 100000
	nice -n 10 $(BIN)/python bench/search.py --items 100000
	nice -n 10 $(BIN)/python bench/pages.py --items 100000

clean:
	rm -rf $(VENV) data staticfiles
