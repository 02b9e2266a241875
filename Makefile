# Every target builds its own virtual environment on first use, so a fresh clone needs nothing else.
# `make chat` installs only what running rolebot needs; every other target adds the test extra.
VENV ?= .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
# torch and model2vec live in their own venv: they build the embedding table, never run with rolebot.
# rolebot is installed there too (pinned as the image pins it): the table is tuned on texts as
# rolebot reads them (scripts/tuning_corpus.py).
BUILD_VENV ?= .venv-build
BUILD_STAMP := $(BUILD_VENV)/.installed

.PHONY: chat test lint format bench bench-slack bench-replicas bench-store bench-peers bench-semantic embeddings fit-ranking eval constraints clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	$(PY) -m bot.kb.prebuilt >/dev/null
	touch $(RUN_STAMP)

# The test environment holds the run environment, so it marks both as installed.
$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m bot.kb.prebuilt >/dev/null
	touch $(RUN_STAMP) $(STAMP)

$(BUILD_STAMP): scripts/build-requirements.txt pyproject.toml constraints.txt
	test -x $(BUILD_VENV)/bin/python || python3 -m venv $(BUILD_VENV)
	$(BUILD_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BUILD_VENV)/bin/python -m pip install --quiet -r scripts/build-requirements.txt
	$(BUILD_VENV)/bin/python -m pip install --quiet -e . -c constraints.txt
	touch $(BUILD_STAMP)

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

# One replica on SQLite, one on PostgreSQL + Redis, two behind nginx (Debian's `nginx` package):
# three runs each at 200 and 500 concurrent requests, medians and ranges.
bench-replicas: $(STAMP)
	$(PY) -m bench.slack_load --setups sqlite postgres two --levels 200 500 --runs 3 --no-pin

# The store's write throughput and commit latency, SQLite against PostgreSQL (the test server).
bench-store: $(STAMP)
	$(PY) -m bench.store_write

# The peers (scikit-learn, bm25s, MiniLM with torch) live in their own environment, so neither
# rolebot nor `make test` ever needs them. torch is pinned with them so pip cannot pull another.
PEERS_VENV := .venv-peers
PEERS_STAMP := $(PEERS_VENV)/.installed

$(PEERS_STAMP): pyproject.toml
	test -x $(PEERS_VENV)/bin/python || python3 -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PEERS_VENV)/bin/python -m pip install --quiet -e '.[peers]' torch==2.13.0
	touch $(PEERS_STAMP)

# Other question sets: `make bench-peers PEERS_SETS="REAL.yaml EXISTING.yaml"` (default:
# bot/evalset/real.yaml and bot/evalset/questions.yaml).
bench-peers: $(PEERS_STAMP)
	$(PEERS_VENV)/bin/python -m bench.peers $(PEERS_SETS)


# Refits bot/answering/ranking.json on the existing set and the real set's dev split (seconds).
fit-ranking: $(STAMP)
	$(PY) scripts/fit_ranking.py

# Rebuilds bot/semantic/data/minilm_static.npz and tests/semantic/reference.json (about ten minutes).
embeddings: $(BUILD_STAMP)
	HF_HUB_OFFLINE=1 $(BUILD_VENV)/bin/python scripts/build_embeddings.py

# Static embeddings against full MiniLM on the question set, at several dimensions.
bench-semantic: $(BUILD_STAMP)
	HF_HUB_OFFLINE=1 $(BUILD_VENV)/bin/python -m bench.semantic_quality

# Re-pins every package the Docker image installs (constraints.txt) on the image's Python, 3.11;
# run after changing a dependency in pyproject.toml, and commit the result.
LOCK_PYTHON ?= python3.11
constraints:
	$(LOCK_PYTHON) scripts/lock_constraints.py

clean:
	rm -rf $(VENV) $(PEERS_VENV) $(BUILD_VENV) build dist .pytest_cache .mypy_cache .ruff_cache
