"""Dagster resources: the DuckDB warehouse and the CKAN portal.

A DuckDB file takes one writing process at a time, so a connection is opened for one piece of work and closed
before the next (dbt, a separate process, must find the file free). Readers open it read-only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from publish.catalogue import Catalogue
from publish.ckan import CkanTarget
from publish.ckan_client import CkanClient, Retry


class Warehouse(dg.ConfigurableResource):
    """The DuckDB warehouse file, with DuckDB's memory limit and spill folder taken from the settings."""

    path: str
    memory_limit: str = "3GB"
    temp_directory: str = ""

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
    """A CKAN portal and the API token of a user who may create the catalogue's organization and datasets."""

    url: str
    api_token: str
    timeout_seconds: float = 120.0
    attempts: int = 5

    def target(self, catalogue: Catalogue, log) -> CkanTarget:
        client = CkanClient(self.url, self.api_token, self.timeout_seconds, Retry(attempts=self.attempts), log)
        return CkanTarget(client, catalogue)
