"""Unit tests: pure logic, fast. No pipeline run, no dbt command, no Dagster run, no CKAN portal, no browser and no
real data folder: each test makes what it reads (a table, a landing file, a manifest) or reads the repository's own
files (the dbt manifest, catalogue.yml, the labelled samples in tests/data)."""
