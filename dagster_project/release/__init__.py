"""Releases: read-only copies of the published layer that researchers open while the pipeline builds the next.

After a successful run the `release` asset copies the `published` tables (and the `reference` code lists) from
the pipeline's warehouse into a new DuckDB file, writes the same tables as Parquet and a `release.json`, and then
switches the `current` link to it:

    <releases_dir>/
        20261122T054400Z-1a2b3c4d/      one folder per release, never changed once it is complete
            warehouse.duckdb            the tables, to open read-only (`eparl sql`, `duckdb -readonly`)
            parquet/<schema>.<table>.parquet
            release.json                code version, run id, UTC time, source files' sha256, tables and rows
        current -> 20261122T054400Z-1a2b3c4d

Everything about a release is in this package, and none of it imports Dagster:
- `build.py`: building a release, the atomic switch of `current`, pruning, and `current_release` for its readers;
- `dataset.py`: the open dataset `warehouse`, a release's DuckDB file and release.json with their datapackage;
- `sql.py`: `eparl sql`, researchers' read-only queries against the current release.
The assets that run them are `dagster_project/assets/release.py` (`release`) and `dagster_project/assets/publish.py`
(`datasets/warehouse`, `ckan/warehouse`).
"""
