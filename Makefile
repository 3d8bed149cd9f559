# One command to set up and run the demo, one to set up and run every test. See README.md.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
BIN := .venv/bin
# The real CKAN portal the publisher's tests run against lives in a venv of its own, never in the project's.
CKAN_VENV := .tools/ckan
CKAN_REQUIREMENTS := tests/support/ckan_portal/requirements.txt

export DAGSTER_DISABLE_TELEMETRY := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1

.PHONY: setup ckan-env demo bench test lint ui clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

# --compile-bytecode: uv installs no .pyc files, and where Python may not write them (PYTHONDONTWRITEBYTECODE, a
# read-only image) every start compiles Dagster, dbt and the rest from source: seconds before any command runs.
# The first sync compiles them once (about 30 s); later syncs only what changed.
setup: $(UV)  ## the project's virtual environment (.venv), exactly as uv.lock pins it
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)

# Installed by uv, as the project's venv is: about 8 s where pip took about 20 s from the same cache.
ckan-env: $(UV)  ## CKAN 2.12 and its extensions in .tools/ckan; reinstalled only when the requirements file changes
	@want=$$(sha256sum $(CKAN_REQUIREMENTS) | cut -d' ' -f1); \
	if [ "$$(cat $(CKAN_VENV)/requirements.sha256 2>/dev/null)" = "$$want" ]; then \
		echo "CKAN venv $(CKAN_VENV) is up to date"; \
	else \
		echo "Installing CKAN into $(CKAN_VENV)" && rm -rf $(CKAN_VENV) && \
		$(UV) venv --quiet --python $(PYTHON) $(CKAN_VENV) && \
		$(UV) pip install --quiet --compile-bytecode --python $(CKAN_VENV)/bin/python -r $(CKAN_REQUIREMENTS) && \
		echo "$$want" > $(CKAN_VENV)/requirements.sha256; \
	fi

demo: setup  ## generate the demo data, run the whole pipeline, publish to data/published
	$(BIN)/eparl demo

SCALES ?= s
BENCH_OUT ?= bench/results/results.json
bench: setup  ## the benchmark at SCALES (tiny, s, m, l; comma-separated): a table on screen, figures in BENCH_OUT
	$(BIN)/python -m bench.run --scales $(SCALES) --out $(BENCH_OUT)

lint: setup  ## ruff for Python, sqlfluff for the dbt SQL
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt/models

# Two workers (pytest-xdist), each taking whole test files, so that a module's shared pipeline run is made once, in the
# order tests/conftest.py sets (the longest first: LONGEST_FIRST), not reordered by their number of tests;
# the session's demo run is made once for both (tests/e2e/conftest.py). TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 2
test: lint ckan-env  ## the linters, then the whole test suite (the CKAN tests against a real portal included)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

ui: setup  ## the Dagster UI on http://127.0.0.1:3000
	$(BIN)/eparl ui

clean:  ## remove what the demo made (data/) and the environments
	rm -rf data .venv .tools dbt/target dbt/logs
