"""The release asset: after the open datasets are published, a new read-only release of the warehouse for
researchers (`dagster_project/release/`), switched in atomically.

`release` depends on every `datasets/<name>` asset, so a failed suite or dbt test (which holds back its dataset)
also skips the release: a release is the whole warehouse validated together, and researchers keep reading the last
whole one. The `warehouse` dataset that ships a release is published with the other datasets
(`assets/publish.py`).
"""

import dagster as dg

from dagster_project.asset_keys import PUBLISH_GROUP, RELEASE_KEY
from dagster_project.release.build import build_release
from dagster_project.resources import Warehouse
from dagster_project.settings import Settings
from publish.catalogue import Catalogue


def release_asset(catalogue: Catalogue) -> dg.AssetsDefinition:
    @dg.asset(
        key=RELEASE_KEY,
        deps=[dg.AssetKey(["datasets", d.name]) for d in catalogue.datasets],
        group_name=PUBLISH_GROUP,
        kinds={"duckdb", "parquet"},
        description="A new read-only release of the published tables for researchers, switched in atomically.",
    )
    def release(
        context: dg.AssetExecutionContext, warehouse: Warehouse, settings: dg.ResourceParam[Settings]
    ) -> dg.MaterializeResult:
        made = build_release(
            settings.warehouse,
            settings.releases_path,
            context.run_id,
            kept=settings.releases_kept,
            duckdb_config=warehouse.duckdb_config,
        )
        unchanged = made.manifest["run_id"] != context.run_id
        context.log.info(
            f"release {made.release_id} is current{' (no published row changed)' if unchanged else ''}: "
            f"{made.directory}"
        )
        return dg.MaterializeResult(
            metadata={
                "release_id": made.release_id,
                "unchanged": unchanged,
                "location": dg.MetadataValue.path(str(made.directory)),
                "code_version": made.manifest["code_version"],
                "tables": dg.MetadataValue.json(made.manifest["tables"]),
            }
        )

    return release
