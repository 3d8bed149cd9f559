"""Dagster resources: the run's settings, the DuckDB warehouse and the CKAN portal, and what a launch may configure.

A DuckDB file takes one writing process at a time, so a connection is opened for one piece of work and closed
before the next (dbt, a separate process, must find the file free). Readers open it read-only.

Anyone who reaches the Dagster UI can launch a run with run config of their own, and Dagster lets run config
override every field of a `ConfigurableResource` and fill any field from any environment variable
(`{env: NAME}`). So one resource alone takes run config, `settings` (`settings_resource`): a field for each setting
a run may set (`settings.LAUNCH_SETTINGS`), of Dagster's plain types `String`, `Int` and `Float`, which take a
value and never an `{env: NAME}`, with the deployment's settings as defaults. The others are made from the run's
settings (`warehouse`) or from the deployment's (`ckan`, `dbt`) behind an empty config schema (`fixed`): a launch
that configures them is refused ("unexpected config entry") before anything runs. It cannot point the portal
elsewhere, send its token there, nor make a field show a secret in an error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project.settings import Settings
from publish.catalogue import Catalogue
from publish.ckan import CkanTarget
from publish.ckan_client import CkanClient, Retry

CKAN_TOKEN_VARIABLE = "EPARL_CKAN_API_TOKEN"


class Warehouse(dg.ConfigurableResource):
    """The DuckDB warehouse file, with DuckDB's memory limit and spill folder taken from the settings."""

    path: str
    memory_limit: str = "3GB"
    temp_directory: str = ""

    @classmethod
    def of(cls, settings: Settings) -> Warehouse:
        return cls(
            path=str(settings.warehouse),
            memory_limit=settings.duckdb_memory_limit,
            temp_directory=str(settings.duckdb_temp_path),
        )

    @property
    def duckdb_config(self) -> dict[str, str]:
        return {
            "memory_limit": self.memory_limit,
            **({"temp_directory": self.temp_directory} if self.temp_directory else {}),
        }

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(self.path, read_only=read_only, config=self.duckdb_config)
        try:
            yield con
        finally:
            con.close()


class CkanPortal(dg.ConfigurableResource):
    """A CKAN portal. The API token of a user who may create the catalogue's organization and datasets is read
    from EPARL_CKAN_API_TOKEN only when a client is made: it is in no field, so in no config, repr or log."""

    url: str
    timeout_seconds: float = 120.0
    attempts: int = 5

    def target(self, catalogue: Catalogue, log) -> CkanTarget:
        token = os.environ.get(CKAN_TOKEN_VARIABLE, "")
        client = CkanClient(self.url, token, self.timeout_seconds, Retry(attempts=self.attempts), log)
        return CkanTarget(client, catalogue)


# Dagster's config type of each kind of setting: plain types, which take no `{env: NAME}` (the *Source types do).
_CONFIG_TYPES = {"Path": dg.String, "str": dg.String, "int": dg.Int, "float": dg.Float}


def settings_resource(deployment: Settings) -> dg.ResourceDefinition:
    """The run's settings: the deployment's, as the run config of a launch sets them (`Settings.launched`)."""
    defaults = deployment.launch_config()
    schema = {
        name: dg.Field(_CONFIG_TYPES[kind], default_value=defaults[name], is_required=False)
        for name, kind in Settings.launch_settings().items()
    }
    return dg.ResourceDefinition(
        resource_fn=lambda init: deployment.launched(init.resource_config),
        config_schema=schema,
        description="The run's paths and knobs (EPARL_* variables; README, Settings). Set them at launch as "
        "`eparl run` does; the CKAN portal and its token are the deployment's.",
    )


def warehouse_resource() -> dg.ResourceDefinition:
    """The DuckDB warehouse of the run's settings."""
    return dg.ResourceDefinition(
        resource_fn=lambda init: Warehouse.of(init.resources.settings),
        config_schema={},
        required_resource_keys={"settings"},
        description="The DuckDB warehouse of the run's settings (`warehouse`, `duckdb_memory_limit`).",
    )


def fixed(resource: object, description: str) -> dg.ResourceDefinition:
    """A resource that is `resource` itself, whatever the run config: its config schema is empty."""
    return dg.ResourceDefinition(resource_fn=lambda _: resource, config_schema={}, description=description)


def fixed_io_manager() -> dg.IOManagerDefinition:
    """Dagster's filesystem IO manager in the instance's storage folder (its default), with no config: its
    `base_dir` would otherwise be run config that reads any environment variable."""
    return dg.IOManagerDefinition(
        resource_fn=dg.FilesystemIOManager().create_io_manager,
        config_schema={},
        description="Pickles step outputs under DAGSTER_HOME/storage; not configurable at launch.",
    )
