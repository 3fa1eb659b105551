# The two commands that matter: `make run` (site with demo data on SQLite, no services) and
# `make test` (the whole suite). Both set up the virtual environment from a fresh clone.
PY := .venv/bin/python
STAMP := .venv/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTEST_ARGS ?=

.PHONY: install run test lint format vendor chromium bench bench-quick bench-web bench-imports clean

$(STAMP): pyproject.toml
	python3 -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	.venv/bin/pip install --quiet -e ".[dev]"
	rm -f .venv/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data --size small
	@echo ""
	@echo "Serving on http://127.0.0.1:8000/  (stop with Ctrl-C)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install chromium
	$(PY) -m pytest $(PYTEST_ARGS)

chromium:
	@scripts/ensure_chromium.sh

lint: install
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .
	.venv/bin/lint-imports --no-cache
	.venv/bin/djhtml --check $$(git ls-files 'templates/*.html' '*/templates/*.html')
	$(PY) manage.py makemigrations --check --dry-run

format: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .
	.venv/bin/djhtml $$(git ls-files 'templates/*.html' '*/templates/*.html')

vendor:
	scripts/vendor.sh

# The full roster benchmark (about 50 minutes; writes benchmarks/roster/RESULTS.md).
bench: install
	$(PY) -m benchmarks.roster.run

# A smoke run of the same benchmark in seconds.
bench-quick: install
	$(PY) -m benchmarks.roster.run --quick

# The web benchmark: national data on PostgreSQL behind gunicorn, a Celery worker and Redis, all
# on 127.0.0.1, then the schedule import at 10,000 and 20,000 rows (about 20 minutes; writes
# benchmarks/web/RESULTS.md).
bench-web: install
	$(PY) -m benchmarks.web.run
	$(PY) -m benchmarks.imports.run

# The schedule import benchmark alone (about 5 minutes; its rows of benchmarks/web/RESULTS.md).
bench-imports: install
	$(PY) -m benchmarks.imports.run

clean:
	rm -rf .venv db.sqlite3 staticfiles media private-media .pytest_cache
