# Every target builds its own virtual environment on first use, so a fresh clone needs nothing else.
# `make chat` installs only what running rolebot needs; every other target adds the test extra.
VENV ?= .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed

.PHONY: chat test lint format bench bench-slack eval clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $(RUN_STAMP)

# The test environment holds the run environment, so it marks both as installed.
$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(RUN_STAMP) $(STAMP)

chat: $(RUN_STAMP)
	$(VENV)/bin/rolebot chat

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/hadolint Dockerfile
	$(VENV)/bin/rolebot validate
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/hadolint Dockerfile

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

eval: $(STAMP)
	$(VENV)/bin/rolebot eval

bench: $(STAMP)
	$(PY) bench/answer_latency.py

bench-slack: $(STAMP)
	$(PY) -m bench.slack_load

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
