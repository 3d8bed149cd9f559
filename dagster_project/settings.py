"""Settings: every path and knob of a run, read from `EPARL_*` environment variables with documented defaults.

This is the only place that reads the environment (`Settings.from_env`), but for one secret: the CKAN API token,
which the CKAN resource reads from `EPARL_CKAN_API_TOKEN` only when it makes a client (`resources.py`), so it is
never a setting, a field of run configuration, or in the UI or the logs. A setting has its type (a path, a number,
a text): `from_env` converts each value once, and a value that is not a number where one is due stops with the
variable's name.

What the environment gives is the deployment's settings. A run takes them from the `settings` resource
(`resources.settings_resource`), whose run config has a field for each setting in `LAUNCH_SETTINGS`, typed, with
the deployment's value as its default: a run launched from the Dagster UI is configured there as `eparl run`
configures its own (`launch_config`). The portal and the SQL shell's limits are not among them: they are the
deployment's alone. dbt, a subprocess, is given the run's settings as `--vars` (`dbt_vars`), never through the
environment.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
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
    def launch_settings(cls) -> dict[str, str]:
        """The settings a launched run may set (`LAUNCH_SETTINGS`), each with its kind: Path, int, float or str."""
        return {field.name: field.type for field in fields(cls) if field.name in LAUNCH_SETTINGS}

    def launch_config(self) -> dict[str, object]:
        """These settings as the run config of the `settings` resource: what `eparl run` launches with, and the
        defaults the UI's launchpad shows (paths as text, numbers as numbers)."""
        return {name: _config_value(getattr(self, name)) for name in self.launch_settings()}

    def launched(self, config: Mapping[str, object]) -> Settings:
        """These (the deployment's) settings as a launched run's config sets them. A run may raise the least cell of
        the published aggregates of submissions, never lower it: that would publish smaller groups of citizens."""
        kinds = self.launch_settings()
        if unknown := sorted(set(config) - set(kinds)):
            raise ValueError(f"not settings a run may set: {', '.join(unknown)}")
        run = replace(self, **{name: _parse(name, kinds[name], value) for name, value in config.items()})
        if run.submissions_min_cell < self.submissions_min_cell:
            raise ValueError(
                f"a run may not lower submissions_min_cell below the deployment's {self.submissions_min_cell} "
                f"(asked for {run.submissions_min_cell}): that would publish smaller groups of citizens"
            )
        return run

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

    def dbt_vars(self) -> list[str]:
        """`--vars` for a dbt command: the settings its models read (`DBT_MODEL_VARS`), and the connection's that
        `dbt/profiles.yml` reads (the warehouse file, DuckDB's memory limit and spill folder)."""
        values = {
            **{name: getattr(self, name) for name in DBT_MODEL_VARS},
            "warehouse": str(self.warehouse),
            "duckdb_memory_limit": self.duckdb_memory_limit,
            "duckdb_temp_dir": str(self.duckdb_temp_path),
        }
        return ["--vars", json.dumps(values, sort_keys=True)]

    def to_env(self) -> dict[str, str]:
        """These settings as the environment of another `eparl` process, which reads them back as they are."""
        return {variable(field.name): str(getattr(self, field.name)) for field in fields(self)}


# The settings that are the dbt project's vars of the same names, which its models read (`var(...)`): they change
# what dbt builds. dbt_project.yml declares each with its setting's default, for a dbt run by hand.
DBT_MODEL_VARS = ("submissions_min_cell", "answer_term_working_days", "answer_extended_term_months")

# What a launched run may set. Not the CKAN portal (its token goes to whichever address is set) and its timings,
# which are the deployment's, nor the limits of `eparl sql`, which no run reads.
LAUNCH_SETTINGS = frozenset(field.name for field in fields(Settings) if not field.name.startswith(("ckan_", "sql_")))


def _config_value(value: object) -> object:
    return str(value) if isinstance(value, Path) else value
