# Two commands for a fresh machine with only Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install worker beat messages clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reproducible installs: the pinned versions in requirements-dev.lock (pip-tools; `make lock`
# after changing pyproject.toml's dependencies).
$(STAMP): requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py ensure_admin
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py demo_accounts
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lock: $(STAMP)
	$(BIN)/pip-compile -q --strip-extras --extra deploy --no-emit-index-url --no-emit-find-links \
	  -o requirements.lock pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --extra deploy --extra dev --extra browser \
	  --no-emit-index-url --no-emit-find-links -c requirements.lock -o requirements-dev.lock pyproject.toml

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: $(STAMP)
	$(BIN)/celery -A config worker -l info -Q celery,imports

beat: $(STAMP)
	$(BIN)/celery -A config beat -l info

# Needs GNU gettext; the compiled .mo files are committed so `make run` does not.
APPS := core forum proposals commitments environment agroprices roads
messages: $(STAMP)
	for app in $(APPS); do \
	  (cd $$app && mkdir -p locale && PYTHONPATH=.. DJANGO_SETTINGS_MODULE=config.settings \
	   ../$(BIN)/django-admin makemessages -l en --no-obsolete) ; done
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=tests \
	  --ignore=bench $(foreach app,$(APPS),--ignore=$(app))
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3
