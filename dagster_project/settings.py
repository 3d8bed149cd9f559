"""Settings: every path and knob of a run, read from `EPARL_*` environment variables with documented defaults.

This is the only place that reads the environment, but for one secret: the CKAN API token, which the CKAN
resource reads from `EPARL_CKAN_API_TOKEN` only when it makes a client (`resources.py`), so it is never a
setting, a field of run configuration, or in the UI or the logs. Neither the settings nor the token can be
changed when a run is launched: the resources made from them take no run config. The CLI's options, the tests
and `make` set these variables; dbt reads the same ones through `dbt/profiles.yml`, so the warehouse path is
defined once. A setting has its type (a path, a number, a text): `from_env` converts each value once, and a value
that is not a number where one is due stops with the variable's name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from dagster_project.layout import DATA_DIR


def variable(name: str) -> str:
    """The environment variable of the setting `name`."""
    return f"EPARL_{name.upper()}"


def _parse(name: str, kind: str, raw: object) -> object:
    """A setting's value from its text (an override may already be of its type): paths resolved, numbers checked."""
    if kind == "Path":
        return Path(str(raw)).expanduser().resolve()
    if kind in ("int", "float"):
        try:
            return int(str(raw)) if kind == "int" else float(str(raw))
        except ValueError:
            number = "a whole number" if kind == "int" else "a number"
            raise ValueError(f"{variable(name)} must be {number}, not {str(raw)!r}") from None
    return str(raw)


@dataclass(frozen=True)
class Settings:
    """What a run reads and writes. Field names map to `EPARL_<NAME>` variables."""

    landing_dir: Path = DATA_DIR / "landing"
    warehouse: Path = DATA_DIR / "warehouse.duckdb"
    publish_dir: Path = DATA_DIR / "published"
    validation_dir: Path = DATA_DIR / "validation"
    captures_dir: str = ""
    """A capture store of `eparl fetch` that the pipeline adapts into the landing folder before loading it, and
    the sensor watches (empty: none; `eparl adapt` does the same by hand)."""
    duckdb_memory_limit: str = "3GB"
    """DuckDB's memory limit for the pipeline and dbt; beyond it DuckDB spills to `duckdb_temp_dir`."""
    duckdb_temp_dir: str = ""
    """Where DuckDB spills (empty: `<warehouse>.tmp` beside the warehouse file, DuckDB's own default)."""
    ckan_url: str = ""
    """A CKAN portal to publish to as well as the local folder (empty: the local folder only)."""
    ckan_timeout_seconds: float = 120.0
    ckan_attempts: int = 5
    """How many times a call to the portal is tried when it is down, slow or answers 5xx."""
    # Published aggregates of submissions: the least number of submissions a cell may count (smaller cells are
    # merged into a `suppressed` row, or withheld). dbt reads it as the var `submissions_min_cell`.
    submissions_min_cell: int = 10
    # The legal term for answering a submission, Administrative Procedural and Process Code of the Republic of
    # Kazakhstan (No. 350-VI of 29 June 2020), article 76: 15 working days, extendable by a reasoned decision to
    # at most two months. See docs/submissions.md.
    answer_term_working_days: int = 15
    answer_extended_term_months: int = 2
    releases_dir: str = ""
    """Where read-only releases of the published layer go (empty: `releases/` beside the warehouse file)."""
    releases_kept: int = 3
    sql_memory_limit: str = "1GB"
    """DuckDB's memory limit for `eparl sql`."""
    sql_timeout_seconds: float = 60.0
    """How long one `eparl sql` query may run, reading its answer included, before it is interrupted."""
    sql_max_rows: int = 10_000
    """The most rows `eparl sql` shows of one answer; a longer answer is cut, and says so."""
    sql_max_chars: int = 10_000_000
    """The most characters of values `eparl sql` shows of one answer (a few very long values count too)."""

    @property
    def releases_path(self) -> Path:
        """`releases_dir`, or `releases/` beside the warehouse (so a test's tmp warehouse gets tmp releases)."""
        if self.releases_dir:
            return Path(self.releases_dir).expanduser().resolve()
        return self.warehouse.parent / "releases"

    @property
    def captures_path(self) -> Path | None:
        return Path(self.captures_dir).expanduser().resolve() if self.captures_dir else None

    @property
    def duckdb_temp_path(self) -> Path:
        if self.duckdb_temp_dir:
            return Path(self.duckdb_temp_dir).expanduser().resolve()
        return self.warehouse.with_name(self.warehouse.name + ".tmp")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        for field in fields(cls):
            raw = overrides.get(field.name)
            if raw is None:
                raw = os.environ.get(variable(field.name))
            if raw is None:
                continue
            values[field.name] = _parse(field.name, field.type, raw)
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        values = {variable(field.name): str(getattr(self, field.name)) for field in fields(self)}
        return values | {"EPARL_DUCKDB_TEMP_DIR": str(self.duckdb_temp_path)}  # dbt's profile needs the path

    def export(self) -> None:
        """Put these settings in the environment, where dbt (a subprocess) and later reads find them."""
        os.environ.update(self.to_env())
