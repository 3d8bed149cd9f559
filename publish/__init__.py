"""Open datasets: the catalogue (`catalogue.yml`, `catalogue.py`), how a dataset is built (`package.py`) and
the targets it is shipped to (`local.py`)."""
