# Brand Generator: one dev environment for every service.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export PYTHONDONTWRITEBYTECODE := 1

SERVICES := shared api-service logo-gen-service palette-service rationale-service pdf-service
COMPANY ?= Acme Robotics
INDUSTRY ?= technology
STYLE ?= modern
OUT ?= out/acme
STACK_PORT ?= 8000
DEMO_COMPANY ?= Northwind Coffee Roasters
DEMO_INDUSTRY ?= coffee shop
DEMO_STYLE ?= warm
DEMO_TAGLINE ?= Small batches, big mornings
DEMO_OUT ?= out/demo

.PHONY: install system-deps services test test-fast lint typecheck generate bench profile-fleet demo stack images clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip

install: $(VENV)/.installed ## Install every service (editable) and the dev tools

$(VENV)/.installed: $(BIN)/python $(foreach s,$(SERVICES),$(s)/pyproject.toml) pyproject.toml
	@bash infrastructure/scripts/system-deps.sh
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q $(foreach s,$(SERVICES),-e ./$(s)) -e './logo-gen-service[sdxl]' --group dev
	@touch $@

system-deps: ## Debian packages the tests use (fonts, poppler, promtool, docker-compose)
	@bash infrastructure/scripts/system-deps.sh

services: ## Start RabbitMQ and Redis when they are not running
	@bash infrastructure/scripts/start-services.sh

generate: install ## Generate a brand kit on the embedded default
	$(BIN)/brandgen generate --company "$(COMPANY)" --industry "$(INDUSTRY)" --style "$(STYLE)" --out "$(OUT)"

# pytest may keep its rewritten test modules and our sources' bytecode (in the ignored __pycache__
# folders): without that cache every run recompiles them, about ten seconds of each start.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest
FAST := not rabbitmq and not redis and not slow
WORKERS ?= 2

# The in-process lane first, under coverage (the figure is printed, not enforced); then the rest on
# two workers that share the 2 CPUs while the other waits on a backend; the fleet suites (e2e,
# faults) last, in one process with one fleet, since a fault test restarts the shared RabbitMQ.
# Exit status 5 is "no test selected" (PYTEST_ARGS naming a folder without fleet tests).
test: install services lint typecheck ## Install, start services, run static checks and the whole suite
	$(PYTEST) -q -n $(WORKERS) -m "$(FAST)" --cov --cov-report= $(PYTEST_ARGS) || [ $$? -eq 5 ]
	@echo "line coverage of the in-process lane: $$($(BIN)/coverage report --format=total)%"
	$(PYTEST) -q -n $(WORKERS) --dist loadgroup -m "not fleet and not ($(FAST))" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(PYTEST) -q -m fleet $(PYTEST_ARGS) || [ $$? -eq 5 ]

test-fast: install ## The edit loop (under a minute): memory backends and the in-process API, nothing slow
	$(PYTEST) -q -n $(WORKERS) -m "$(FAST)" $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Each service's tests folder is its own mypy run: their conftest modules share one name.
SERVICE_TESTS := $(foreach s,$(SERVICES),$(s)/tests)

typecheck: ## mypy over every package and every test (pytest fixtures may stay unannotated)
	$(BIN)/mypy
	@for tests in $(SERVICE_TESTS); do \
		echo "mypy $$tests"; \
		MYPYPATH=$$tests $(BIN)/mypy --allow-untyped-defs --allow-incomplete-defs $$tests || exit 1; \
	done

bench: install services ## Benchmarks: one table measured in one run (about 7 minutes)
	$(BIN)/python -m tests.bench.run

profile-fleet: install services ## Where the fleet's CPU goes under load: py-spy on each worker (about 2 minutes)
	$(BIN)/python -m tests.bench.profile_fleet

images: $(BIN)/python ## Build every CPU image (api, logo, palette, rationale, pdf) with docker or podman
	$(BIN)/python infrastructure/scripts/build_images.py

stack: install services ## Run the fleet (API, four workers, FalkorDB, moto S3) in the foreground; Ctrl-C stops it
	BRANDGEN_STACK_PORT=$(STACK_PORT) $(BIN)/python tests/fleet.py

demo: install ## On a fresh machine: install, then generate a kit for a sample company
	$(BIN)/brandgen generate --company "$(DEMO_COMPANY)" --industry "$(DEMO_INDUSTRY)" --style "$(DEMO_STYLE)" \
		--tagline "$(DEMO_TAGLINE)" --out "$(DEMO_OUT)"
	@echo "demo kit: $(abspath $(DEMO_OUT)) (guidelines: $(abspath $(DEMO_OUT))/pdf/brand-guidelines.pdf)"

clean:
	rm -rf $(VENV) out .brandgen
