"""The Dagster definitions: the one place where assets, checks, resources, the job, schedule and sensor meet, and
where every asset is given the project's conventions (`conventions.py`: owners, the `pii` tag, freshness).

`dagster dev` loads `defs` from here (pyproject's [tool.dagster]); the `eparl` CLI builds the same definitions
with its own settings, so the CLI and the UI run the same assets.
"""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from dagster_project.assets.adapt import adapt_assets
from dagster_project.assets.docs import docs_asset
from dagster_project.assets.enrich import submission_enrichment
from dagster_project.assets.ingest import ingest_assets
from dagster_project.assets.publish import publish_assets
from dagster_project.assets.release import release_asset
from dagster_project.assets.transform import DBT_PROJECT, dbt_models
from dagster_project.assets.validate import validation_checks
from dagster_project.automation import full_pipeline, landing_sensor, nightly_schedule
from dagster_project.conventions import with_conventions
from dagster_project.layout import DBT_EXECUTABLE
from dagster_project.resources import CkanPortal, Warehouse, fixed, fixed_io_manager
from dagster_project.settings import Settings
from publish.catalogue import catalogue_for


def ckan_portal(settings: Settings) -> CkanPortal:
    """The portal of the settings; its API token is read from EPARL_CKAN_API_TOKEN when a client is made."""
    return CkanPortal(
        url=settings.ckan_url,
        timeout_seconds=settings.ckan_timeout_seconds,
        attempts=settings.ckan_attempts,
    )


def resources(settings: Settings) -> dict[str, dg.ResourceDefinition]:
    """Every resource of the job, made from `settings` and not configurable at launch (`resources.fixed`)."""
    warehouse = Warehouse(
        path=str(settings.warehouse),
        memory_limit=settings.duckdb_memory_limit,
        temp_directory=str(settings.duckdb_temp_path),
    )
    made = {
        "io_manager": fixed_io_manager(),
        "warehouse": fixed(warehouse, f"The DuckDB warehouse {settings.warehouse}."),
        "dbt": fixed(DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=DBT_EXECUTABLE), "The dbt project."),
    }
    if settings.ckan_url:
        made["ckan"] = fixed(ckan_portal(settings), f"The CKAN portal {settings.ckan_url}.")
    return made


def build_definitions(settings: Settings, loggers: dict | None = None) -> dg.Definitions:
    settings.export()  # dbt runs as a subprocess and finds the warehouse through EPARL_WAREHOUSE
    catalogue = catalogue_for(DBT_PROJECT.manifest_path)
    assets = [
        *adapt_assets(settings),
        *ingest_assets(settings),
        submission_enrichment,
        dbt_models,
        *publish_assets(catalogue, settings),
        release_asset(catalogue, settings),
        docs_asset(settings),
    ]
    return dg.Definitions(
        assets=with_conventions(assets, catalogue),
        asset_checks=validation_checks(catalogue, settings),
        jobs=[full_pipeline],
        schedules=[nightly_schedule],
        sensors=[landing_sensor(settings)],
        resources=resources(settings),
        loggers=loggers,
    )


defs = build_definitions(Settings.from_env())
