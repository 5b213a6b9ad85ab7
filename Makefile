# HallOps: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= auto

.PHONY: run test serve lint format install messages check clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## run: install, migrate the embedded SQLite database, load demo data, serve on http://$(HOST):$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite (DATABASE_URL picks the database; SQLite when unset)
test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(WORKERS)

## serve: production-like: gunicorn + a Celery worker and beat against DATABASE_URL and CELERY_BROKER_URL
serve: install
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py collectstatic --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(VENV)/bin/celery -A config worker --loglevel=INFO & \
	DJANGO_SETTINGS_MODULE=config.settings.production $(VENV)/bin/celery -A config beat --loglevel=INFO & \
	DJANGO_SETTINGS_MODULE=config.settings.production $(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 3; \
	kill %1 %2 2>/dev/null || true

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: refresh the zh_Hans catalogue and compile it (needs gettext); commit both files
messages: install
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
