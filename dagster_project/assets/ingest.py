"""Ingest assets: one Dagster asset per raw table, one multi-asset step per landing source.

Each step reads its files once (see `ingest/loader.py`) and reports, per raw table, how many records came in,
how many loaded and how many went to quarantine; an asset check per raw table proves that the three agree. Each
also lists the landing folder's files that no source reads (`ignored_files`).
"""

import dagster as dg

from dagster_project.adapters.registry import ADAPTERS
from dagster_project.asset_keys import landing_asset_key, raw_asset_key
from dagster_project.ingest.adapt import ADAPTED_SOURCES
from dagster_project.ingest.loader import TableLoadStats, ignored_files, load_source
from dagster_project.ingest.sources import SOURCES, Source
from dagster_project.resources import Warehouse
from dagster_project.settings import Settings

INGEST_GROUP = "ingest"


def _metadata(stats: TableLoadStats, ignored: list[str]) -> dict[str, dg.MetadataValue]:
    reasons = "\n".join(f"| {reason} | {count} |" for reason, count in stats.quarantine_reasons.items())
    return {
        "ignored_files": dg.MetadataValue.json(ignored),
        "files": dg.MetadataValue.int(stats.files),
        "files_loaded": dg.MetadataValue.int(stats.files_loaded),
        "files_unchanged": dg.MetadataValue.int(stats.files_unchanged),
        "files_removed": dg.MetadataValue.int(stats.files_removed),
        "records_in": dg.MetadataValue.int(stats.records_in),
        "records_loaded": dg.MetadataValue.int(stats.records_loaded),
        "records_quarantined": dg.MetadataValue.int(stats.records_quarantined),
        "dagster/row_count": dg.MetadataValue.int(stats.records_loaded),
        "quarantine_reasons": dg.MetadataValue.md(
            f"| reason | records |\n|---|---|\n{reasons}" if reasons else "nothing quarantined"
        ),
    }


def _ingest_asset(source: Source) -> dg.AssetsDefinition:
    specs = [
        dg.AssetSpec(
            raw_asset_key(table),
            group_name=INGEST_GROUP,
            description=table.description,
            kinds={"duckdb"},
            deps=[landing_asset_key(a.name) for a in ADAPTERS] if source.name in ADAPTED_SOURCES else [],
            metadata={"landing": f"{source.folder}/{source.pattern} in the landing folder (EPARL_LANDING_DIR)"},
        )
        for table in source.tables
    ]
    checks = [
        dg.AssetCheckSpec(
            "records_reconcile",
            asset=raw_asset_key(table),
            description="Every record the files hold (counted from the files) is in the raw table or in quarantine: "
            "records_in = loaded + quarantined.",
        )
        for table in source.tables
    ]

    @dg.multi_asset(
        name=f"ingest_{source.name}",
        specs=specs,
        check_specs=checks,
        description=source.description,
    )
    def _ingest(context: dg.AssetExecutionContext, warehouse: Warehouse, settings: dg.ResourceParam[Settings]):
        with warehouse.connect() as con:
            stats = load_source(con, source, settings.landing_dir)
        ignored = ignored_files(settings.landing_dir)  # the landing folder's files no source reads
        if ignored:
            context.log.warning(f"{len(ignored)} files of the landing folder are not read: {', '.join(ignored[:10])}")
        for table, table_stats in zip(source.tables, stats, strict=True):
            context.log.info(
                f"{table.name}: {table_stats.records_in} in, {table_stats.records_loaded} loaded, "
                f"{table_stats.records_quarantined} quarantined ({table_stats.files_loaded} files read, "
                f"{table_stats.files_unchanged} unchanged)"
            )
            yield dg.MaterializeResult(asset_key=raw_asset_key(table), metadata=_metadata(table_stats, ignored))
            yield dg.AssetCheckResult(
                asset_key=raw_asset_key(table),
                check_name="records_reconcile",
                passed=table_stats.reconciles,
                metadata={
                    "records_in": table_stats.records_in,
                    "loaded_plus_quarantined": table_stats.records_loaded + table_stats.records_quarantined,
                },
            )

    return _ingest


def ingest_assets() -> list[dg.AssetsDefinition]:
    return [_ingest_asset(source) for source in SOURCES]
