"""Validation: the Great Expectations suite of each published table (`suites.py`) and its runner (`runner.py`)."""
