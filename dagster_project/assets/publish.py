"""Publish assets: for each open dataset of the catalogue (`publish/catalogue.yml`), one for the local folder
and, when a CKAN portal is configured, one for the portal.

`datasets/<name>` depends on the published tables it ships, so a blocking validation failure on any of them
skips it, and it refuses to run when the latest build of any of them has no passing suite
(`unvalidated_tables`). It builds the dataset's files and datapackage.json and ships them to the local folder.
`ckan/<name>` depends on it and ships that same folder to the portal, under the same refusal. The metadata of
both says where, what changed and how many bytes were sent.
"""

import dagster as dg

from dagster_project.assets.validate import published_asset_key, unvalidated_tables
from dagster_project.resources import CkanPortal, Warehouse
from dagster_project.settings import Settings
from publish.catalogue import Catalogue, Dataset
from publish.local import LocalFolderTarget
from publish.package import build_dataset

PUBLISH_GROUP = "publish"


def is_synthetic_warehouse(con) -> bool:
    """True when any loaded file came from a landing folder marked synthetic: then every dataset says so."""
    return bool(con.execute("SELECT coalesce(bool_or(is_synthetic), false) FROM audit.load_log").fetchone()[0])


def refuse_unvalidated(instance: dg.DagsterInstance, dataset: Dataset) -> None:
    problems = unvalidated_tables(instance, dataset.tables)
    if problems:
        raise dg.Failure(
            description=f"dataset {dataset.name} is not published: " + "; ".join(problems),
            allow_retries=False,
        )


def _dataset_asset(catalogue: Catalogue, dataset: Dataset, settings: Settings) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["datasets", dataset.name]),
        deps=[published_asset_key(t) for t in dataset.tables],
        group_name=PUBLISH_GROUP,
        kinds={"csv", "parquet"},
        description=f"Open dataset '{dataset.name}': {dataset.title.en}.",
    )
    def _publish(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
        refuse_unvalidated(context.instance, dataset)
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


def ckan_asset(catalogue: Catalogue, dataset: Dataset, settings: Settings) -> dg.AssetsDefinition:
    """`ckan/<dataset>`: ships the local folder's `<publish_dir>/<dataset>/` (made by `datasets/<dataset>`)."""

    @dg.asset(
        key=dg.AssetKey(["ckan", dataset.name]),
        deps=[dg.AssetKey(["datasets", dataset.name])],
        group_name=PUBLISH_GROUP,
        kinds={"ckan"},
        description=f"Open dataset '{dataset.name}' on the CKAN portal {settings.ckan_url}.",
    )
    def _publish(context: dg.AssetExecutionContext, ckan: CkanPortal) -> dg.MaterializeResult:
        refuse_unvalidated(context.instance, dataset)
        shipped = ckan.target(catalogue, context.log.warning).ship(settings.publish_dir / dataset.name, dataset)
        for change in shipped.changes:
            context.log.info(f"{dataset.name}: {change}")
        context.log.info(
            f"{dataset.name}: {len(shipped.changes)} changes, {shipped.bytes_uploaded} bytes uploaded, "
            f"{shipped.bytes_sent} bytes sent in all to {shipped.url}"
        )
        return dg.MaterializeResult(
            metadata={
                "dataset_url": dg.MetadataValue.url(shipped.url),
                "changes": dg.MetadataValue.json([str(change) for change in shipped.changes]),
                "bytes_uploaded": shipped.bytes_uploaded,
                "bytes_sent": shipped.bytes_sent,
            }
        )

    return _publish


def publish_assets(catalogue: Catalogue, settings: Settings) -> list[dg.AssetsDefinition]:
    """The local folder's dataset assets, and the portal's when `settings.ckan_url` is set."""
    local = [_dataset_asset(catalogue, dataset, settings) for dataset in catalogue.datasets]
    portal = [ckan_asset(catalogue, dataset, settings) for dataset in catalogue.datasets if settings.ckan_url]
    return local + portal
