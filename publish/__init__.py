"""Open datasets: the catalogue (`catalogue.yml`, `catalogue.py`), how a dataset is built (`package.py`) and
the targets it is shipped to (`local.py`).

Nothing here imports the orchestration or Dagster: of `dagster_project` only the leaf helpers `layout`, `hashing`
and `privacy.detector` (`tests/unit/test_import_layers.py`). The `warehouse` dataset, which ships a release, is
built beside the releases (`dagster_project/release/dataset.py`)."""
