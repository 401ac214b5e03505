# Two commands: `make run` (the whole platform locally) and `make test` (the whole suite).
# Both create or update .venv from pyproject.toml first; nothing else needs to be installed.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# This machine's pip config names local mirrors that may not exist; their warnings are noise.
QUIET_PIP := { grep -v -e "is ignored: it is neither a file nor a directory" || true; }

.PHONY: run call test lint bench openapi synth lambda-layers dashboard clean

# The dashboard (dashboard_static/): npm ci from the committed lockfile, then types from docs/openapi.json,
# tsc and vite build into dashboard_static/dist/, which the local gateway serves at / and CDK deploys.
DASHBOARD := dashboard_static
DASHBOARD_DEPS := $(DASHBOARD)/node_modules/.installed
DASHBOARD_BUILD := $(DASHBOARD)/dist/index.html
DASHBOARD_SOURCES := $(shell find $(DASHBOARD)/src $(DASHBOARD)/index.html $(DASHBOARD)/vite.config.ts \
	$(DASHBOARD)/tsconfig.json -type f -not -name '*.gen.ts' 2>/dev/null) docs/openapi.json

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing Vocadesk and its dependencies into $(VENV) ..."
	@$(PIP) --upgrade 'pip>=25.1' 2>&1 | $(QUIET_PIP)  # 25.1+ installs dependency groups
	@$(PIP) --group dev 2>&1 | $(QUIET_PIP)
	@touch $@

$(DASHBOARD_DEPS): $(DASHBOARD)/package-lock.json
	@echo "Installing the dashboard's packages (npm ci) ..."
	@cd $(DASHBOARD) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(DASHBOARD_BUILD): $(DASHBOARD_DEPS) $(DASHBOARD_SOURCES)
	@echo "Building the dashboard ..."
	@cd $(DASHBOARD) && npm run --silent build
	@touch $@

dashboard: $(DASHBOARD_BUILD)

run: $(INSTALLED) $(DASHBOARD_BUILD)
	@$(BIN)/python -m local_platform

# With `make run` going: a simulated Twilio caller dials the demo number and prints the call live.
call: $(INSTALLED)
	@$(BIN)/python -m local_platform.caller_simulator --to +15555550100

test: $(INSTALLED) $(DASHBOARD_BUILD)
	@$(BIN)/ruff check .
	@$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

lint: $(INSTALLED)
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

bench: $(INSTALLED)
	@$(BIN)/python -m benchmarks

# The Management API's OpenAPI document; rerun after changing a route or model (a test fails while it is stale).
openapi: $(INSTALLED)
	@$(BIN)/python -m functions.management.openapi --output docs/openapi.json

# The CDK stack's templates and assets into cdk.out/, offline (no AWS credentials, no Docker).
synth: $(INSTALLED) $(DASHBOARD_BUILD)
	@JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=18,20 $(BIN)/python -m infra_cdk.app
	@echo "cdk.out/: $$(ls cdk.out/*.template.json)"

# Each Lambda's dependency group as arm64 wheels for its layer (needs PyPI); run before `cdk deploy`.
lambda-layers: $(INSTALLED)
	@$(BIN)/python -m infra_cdk.lambda_code

clean:
	rm -rf $(VENV) .pytest_cache benchmarks/results cdk.out build $(DASHBOARD)/node_modules $(DASHBOARD)/dist
