"""The test suite (README.md, "What is where"): `unit/`, `e2e/` and `real_data/` hold the tests, `support/` the helpers
they import, `data/` the hand-labelled samples; fixtures are in the conftest.py files. `unit/test_test_layout.py`
keeps it so."""
