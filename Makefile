# One command to set up and run the demo, one to set up and run every test. See README.md.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
BIN := .venv/bin

export DAGSTER_DISABLE_TELEMETRY := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1

.PHONY: setup demo test lint ui clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

setup: $(UV)  ## the project's virtual environment (.venv), exactly as uv.lock pins it
	$(UV) sync --frozen --python $(PYTHON)

demo: setup  ## generate the demo data, run the whole pipeline, publish to data/published
	$(BIN)/eparl demo

lint: setup  ## ruff for Python, sqlfluff for the dbt SQL
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt/models

test: lint  ## the linters, then the whole test suite
	$(BIN)/pytest

ui: setup  ## the Dagster UI on http://127.0.0.1:3000
	$(BIN)/eparl ui

clean:  ## remove what the demo made (data/) and the environments
	rm -rf data .venv .tools dbt/target dbt/logs
