"""Dagster resources: the DuckDB warehouse.

A DuckDB file takes one writing process at a time, so a connection is opened for one piece of work and closed
before the next (dbt, a separate process, must find the file free). Readers open it read-only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb


class Warehouse(dg.ConfigurableResource):
    """The DuckDB warehouse file, with DuckDB's memory limit taken from the settings."""

    path: str
    memory_limit: str = "4GB"

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(self.path, read_only=read_only, config={"memory_limit": self.memory_limit})
        try:
            yield con
        finally:
            con.close()
