"""The asset graph, layer by layer: ingest (raw tables), transform (dbt), validate (Great Expectations checks),
publish (open datasets)."""
