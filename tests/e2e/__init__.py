"""End-to-end tests: the pipeline run through the `eparl` CLI or the Dagster definitions on demo data, and what it
published: opened in headless Chromium, shipped to a real CKAN portal. A module's runs are made once, by module
fixtures (`make test` gives each worker whole files), and the session's demo run once for all (e2e/conftest.py)."""
