"""The names by which one asset module refers to another's assets: the keys, the check name and the group that more
than one module of `assets/` uses.

An asset module takes them from here, never from another asset module, so the modules of `assets/` stand side by
side and each depends only on what is below it (`tests/unit/test_import_layers.py`). A key that one module alone
uses stays in that module.
"""

from __future__ import annotations

import dagster as dg

from dagster_project.ingest.sources import RawTable
from publish.catalogue import Table

PUBLISH_GROUP = "open_datasets"  # not `publish`: beside dbt's group `published` (its tables) it would read as one
SUITE_CHECK = "great_expectations_suite"
"""The blocking check of each published table (`assets/validate.py`), which a dataset asks about before it ships."""
RELEASE_KEY = dg.AssetKey(["release"])
DOCS_KEY = dg.AssetKey(["docs", "site"])


def landing_asset_key(adapter: str) -> dg.AssetKey:
    return dg.AssetKey(["landing", adapter])


def raw_asset_key(table: RawTable) -> dg.AssetKey:
    return dg.AssetKey([table.schema, table.name])


def published_asset_key(table: Table) -> dg.AssetKey:
    return dg.AssetKey(["published", table.name])
