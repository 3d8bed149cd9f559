"""Publish assets: one per open dataset of the catalogue (`publish/catalogue.yml`).

Each depends on the published tables it ships, so a blocking validation failure on any of them skips it, and
it refuses to run when the latest build of any of them has no passing suite (`unvalidated_tables`). The asset
builds the dataset's files and datapackage.json and ships them to the target (the local folder); its metadata
says where, what changed and how many bytes were sent.
"""

import dagster as dg

from dagster_project.assets.validate import published_asset_key, unvalidated_tables
from dagster_project.resources import Warehouse
from dagster_project.settings import Settings
from publish.catalogue import Catalogue, Dataset
from publish.local import LocalFolderTarget
from publish.package import build_dataset

PUBLISH_GROUP = "publish"


def is_synthetic_warehouse(con) -> bool:
    """True when any loaded file came from a landing folder marked synthetic: then every dataset says so."""
    return bool(con.execute("SELECT coalesce(bool_or(is_synthetic), false) FROM audit.load_log").fetchone()[0])


def _dataset_asset(catalogue: Catalogue, dataset: Dataset, settings: Settings) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["datasets", dataset.name]),
        deps=[published_asset_key(t) for t in dataset.tables],
        group_name=PUBLISH_GROUP,
        kinds={"csv", "parquet"},
        description=f"Open dataset '{dataset.name}': {dataset.title.en}.",
    )
    def _publish(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
        problems = unvalidated_tables(context.instance, dataset.tables)
        if problems:
            raise dg.Failure(
                description=f"dataset {dataset.name} is not published: " + "; ".join(problems),
                allow_retries=False,
            )
        with warehouse.connect(read_only=True) as con:
            synthetic = is_synthetic_warehouse(con)
            built = build_dataset(con, catalogue, dataset, settings.publish_dir / ".build" / dataset.name, synthetic)
        shipped = LocalFolderTarget(settings.publish_dir).ship(built)
        context.log.info(
            f"{dataset.name}: {len(shipped.written)} files written, {len(shipped.unchanged)} unchanged, "
            f"{len(shipped.removed)} removed, {shipped.bytes_sent} bytes to {shipped.location}"
        )
        return dg.MaterializeResult(
            metadata={
                "location": dg.MetadataValue.path(shipped.location),
                "datapackage": dg.MetadataValue.path(f"{shipped.location}/datapackage.json"),
                "synthetic": synthetic,
                "files_written": dg.MetadataValue.json(list(shipped.written)),
                "files_unchanged": len(shipped.unchanged),
                "files_removed": dg.MetadataValue.json(list(shipped.removed)),
                "bytes_sent": shipped.bytes_sent,
                "rows": dg.MetadataValue.json({f.table: f.rows for f in built.files if f.format == "csv"}),
            }
        )

    return _publish


def publish_assets(catalogue: Catalogue, settings: Settings) -> list[dg.AssetsDefinition]:
    return [_dataset_asset(catalogue, dataset, settings) for dataset in catalogue.datasets]
