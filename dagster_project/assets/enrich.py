"""Enrichment asset: `private.submission_enrichment`, between ingest and dbt (see `dagster_project/enrich`).

Its metadata counts texts and placeholders only: no text, no value of personal data reaches the Dagster UI.
"""

import dagster as dg

from dagster_project.asset_keys import raw_asset_key
from dagster_project.enrich.store import TABLE, enrich_submissions
from dagster_project.ingest.sources import RAW_TABLES
from dagster_project.resources import Warehouse


@dg.asset(
    key=dg.AssetKey(TABLE.split(".")),
    deps=[raw_asset_key(RAW_TABLES["portal_submissions"]), raw_asset_key(RAW_TABLES["portal_submission_texts"])],
    group_name="enrich",
    kinds={"duckdb", "python"},
    description="Detected language, topic and verified redaction of each submission's text (incremental).",
)
def submission_enrichment(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        stats = enrich_submissions(con)
    context.log.info(
        f"{stats.processed} texts processed, {stats.removed} removed; {stats.verified} of {stats.published_texts} "
        f"texts meant for publication verified, {stats.withheld} withheld"
    )
    return dg.MaterializeResult(
        metadata={
            "submissions": stats.submissions,
            "texts_processed": stats.processed,
            "texts_removed": stats.removed,
            "texts_for_publication": stats.published_texts,
            "redactions_verified": stats.verified,
            "texts_withheld": stats.withheld,
            "placeholders": dg.MetadataValue.json(stats.placeholders),
            "dagster/row_count": stats.submissions,
        }
    )
