"""A real CKAN 2.12 portal for the tests (`portal.CkanPortal`), with the Solr stand-in it needs
(`solr_standin.py`) and the requirements of its own venv (`requirements.txt`, installed by `make ckan-env`). What
belongs here: starting, stopping and reaching the portal; what a test checks on it is the test's (the `ckan_portal`
fixture is in tests/e2e/conftest.py)."""
