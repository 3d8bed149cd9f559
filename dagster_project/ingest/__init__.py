"""Ingest: the landing formats (`sources.py`) and the DuckDB loader that turns them into raw tables (`loader.py`)."""
