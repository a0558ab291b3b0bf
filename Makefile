# AuditPortal: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := auditportal.settings

.PHONY: run serve bench load test test-fast test-e2e fuzz lint format css deps test-deps system-deps browser redis libreoffice migrate seed clean

# The demo's reports (and e-mails) go through the task queue in the database, as in production:
# a task worker started beside runserver makes the report files while the pages already serve,
# and stops with it (Ctrl-C).
run seed: export DJANGO_TASKS_BACKEND := django_tasks_db.DatabaseBackend

run: deps css system-deps migrate seed  ## serve the demo on http://127.0.0.1:8000
	@DJANGO_DEBUG=true $(PY) manage.py db_worker --interval 1 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null; wait $$WORKER 2>/dev/null' EXIT INT TERM; \
	echo "Task worker (pid $$WORKER) is making the demo's report files in the background."; \
	DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# Production's topology on this machine: PostgreSQL, gunicorn with 2 workers, the task worker
# and production settings (README: "Running in production"). Ctrl-C stops it all.
serve: deps css system-deps  ## serve with production settings on http://localhost:8000
	@bash scripts/serve.sh

# Every page at regional and national size, served by gunicorn on PostgreSQL, as ratios to a
# trivial page in the same run (README: "Speed"). BENCH_SIZE=regional skips the national
# data set; BENCH_REQUESTS sets the requests a page (30). A throwaway PostgreSQL unless
# DATABASE_URL names a server.
bench: test-deps system-deps  ## measure every page; the table goes to bench/results/latest.json
	@bash bench/run.sh pages

# 50 auditors autosaving for 60 s (LOAD_USERS, LOAD_SECONDS), then a check of every answer.
load: test-deps system-deps  ## the autosave load test against gunicorn and PostgreSQL
	@bash bench/run.sh load

# The browser journeys run in processes of their own: Playwright leaves an event loop running
# in its thread, where Django can no longer serve an async view (the health endpoint's).
test: test-deps css system-deps browser redis libreoffice  ## run the whole suite (browser journeys included)
	$(PY) -m pytest -n 2 -m "not e2e" $(PYTEST_ARGS)
	$(PY) -m pytest -n 2 -m e2e $(PYTEST_ARGS)

test-fast: test-deps css redis libreoffice  ## everything but the browser journeys
	$(PY) -m pytest -n 2 -m "not e2e" $(PYTEST_ARGS)

test-e2e: test-deps css system-deps browser  ## only the browser journeys
	$(PY) -m pytest -n 2 $(or $(E2E),tests/e2e) $(PYTEST_ARGS)

fuzz: test-deps css  ## every form against 1,000 hostile examples each (CI runs 100)
	FUZZ_EXAMPLES=1000 $(PY) -m pytest -n 2 tests/fuzz $(PYTEST_ARGS)

lint: test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: test-deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The database cache holds the sign-in throttle and used codes, shared by every worker.
migrate: deps
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py createcachetable

seed: deps
	DJANGO_DEBUG=true $(PY) manage.py seed_demo

$(PY):
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.stamp-deps: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.stamp-test-deps: requirements-test.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@ $(VENV)/.stamp-deps

deps: $(VENV)/.stamp-deps
test-deps: $(VENV)/.stamp-test-deps

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend compiled with Arial; its images and script copied beside it.
static/css/app.css: node_modules/.stamp $(wildcard static-src/*.scss)
	mkdir -p static/css static/govuk
	npx sass --load-path=. --load-path=static-src --style=compressed --no-source-map --quiet-deps static-src/app.scss $@
	cp -r node_modules/govuk-frontend/dist/govuk/assets static/govuk/
	rm -rf static/govuk/assets/fonts
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/govuk/

css: static/css/app.css

# WeasyPrint needs pango, harfbuzz's subsetter and Arial-metric fonts from the system.
system-deps:
	@bash scripts/system-deps.sh weasyprint

# Debian's Chromium for the browser journeys; without it they are skipped with a reason.
browser:
	@bash scripts/system-deps.sh chromium || true

# redis-server for the test of the Redis cache (started by the test itself); else skipped.
redis:
	@bash scripts/system-deps.sh redis || true

# LibreOffice Writer for the test that opens the Word report in it; else skipped.
libreoffice:
	@bash scripts/system-deps.sh libreoffice || true

clean:
	rm -rf $(VENV) node_modules static/css/app.css static/govuk staticfiles
