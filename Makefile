# Every target builds its own virtual environment on first use, so a fresh clone needs nothing else.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: chat test lint format bench bench-slack eval clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

chat: $(STAMP)
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
