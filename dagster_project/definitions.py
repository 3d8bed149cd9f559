"""The Dagster definitions: the one place where assets, checks, resources, the job, schedule and sensor meet, and
where every asset is given the project's conventions (`conventions.py`: owners, the `pii` tag, freshness).

`dagster dev` loads `defs` from here (pyproject's [tool.dagster]): the definitions of the deployment's settings
(the environment, `Settings.from_env`), built when Dagster asks for them, not when this module is imported. What
the deployment decides is fixed here: the defaults of a run's settings and whether there is a CKAN portal. A run
takes its own settings from the `settings` resource's run config (`resources.settings_resource`); `eparl run`
launches the same job with its settings as that run config, so the CLI and the UI run the same assets the same way.
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
from dagster_project.assets.transform import DBT_PROJECT, dbt_models, ensure_manifest
from dagster_project.assets.validate import validation_checks
from dagster_project.automation import full_pipeline, landing_sensor, nightly_schedule
from dagster_project.conventions import with_conventions
from dagster_project.layout import DBT_EXECUTABLE
from dagster_project.resources import (
    CkanPortal,
    fixed,
    fixed_io_manager,
    settings_resource,
    warehouse_resource,
)
from dagster_project.settings import Settings
from publish.catalogue import catalogue_for


def ckan_portal(deployment: Settings) -> CkanPortal:
    """The deployment's portal; its API token is read from EPARL_CKAN_API_TOKEN when a client is made."""
    return CkanPortal(
        url=deployment.ckan_url,
        timeout_seconds=deployment.ckan_timeout_seconds,
        attempts=deployment.ckan_attempts,
    )


def resources(deployment: Settings) -> dict[str, dg.ResourceDefinition]:
    """Every resource of the job: the run's settings (configurable at launch, `settings_resource`), and the others,
    which are not (`resources.fixed`)."""
    made = {
        "io_manager": fixed_io_manager(),
        "settings": settings_resource(deployment),
        "warehouse": warehouse_resource(),
        "dbt": fixed(DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=DBT_EXECUTABLE), "The dbt project."),
    }
    if deployment.ckan_url:
        made["ckan"] = fixed(ckan_portal(deployment), f"The CKAN portal {deployment.ckan_url}.")
    return made


def build_definitions(deployment: Settings, loggers: dict | None = None) -> dg.Definitions:
    """The definitions of a deployment: its settings are the defaults of every run's (`settings` resource)."""
    catalogue = catalogue_for(ensure_manifest())
    portal = deployment.ckan_url
    assets = [
        *adapt_assets(),
        *ingest_assets(),
        submission_enrichment,
        dbt_models(),
        *publish_assets(catalogue, portal),
        release_asset(catalogue),
        docs_asset(),
    ]
    return dg.Definitions(
        assets=with_conventions(assets, catalogue),
        asset_checks=validation_checks(catalogue),
        jobs=[full_pipeline],
        schedules=[nightly_schedule],
        sensors=[landing_sensor],
        resources=resources(deployment),
        loggers=loggers,
    )


@dg.definitions
def defs() -> dg.Definitions:
    """The deployment's definitions, as `dagster dev` and a code server load them."""
    return build_definitions(Settings.from_env())
