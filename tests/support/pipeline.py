"""Running the pipeline as the tests do: settings whose folders all lie under one root, the environment of an `eparl`
command run in this process, and the session's demo run (its scale, and a copy of it to run again on). The demo run
itself is a fixture (`demo_release`, tests/e2e/conftest.py); what one test module runs is that module's."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from dagster_project.settings import Settings

if TYPE_CHECKING:
    import dagster as dg

DEMO_RELEASE_SCALE = 0.05  # the scale of the session's demo run (seed 7)


def settings_under(root: Path, **overrides: object) -> Settings:
    """Settings whose landing folder, warehouse, publish folder and validation folder all lie under `root`."""
    return Settings(
        **{
            "landing_dir": root / "landing",
            "warehouse": root / "warehouse.duckdb",
            "publish_dir": root / "published",
            "validation_dir": root / "validation",
            **overrides,
        }
    )


def cli_environment(dagster_home: Path, **variables: object) -> dict[str, str | None]:
    """The environment of an `eparl` command run in this process (CliRunner's `env`): its Dagster home and
    `variables`, and no other EPARL_ variable: the command reads only the settings it is given, not those of the
    shell pytest was started from (a user's CKAN portal, say)."""
    inherited = {name: None for name in os.environ if name.startswith("EPARL_")}
    return {**inherited, "DAGSTER_HOME": str(dagster_home), **{name: str(v) for name, v in variables.items()}}


def copy_demo_release(demo_release: dict, root: Path) -> tuple[Settings, dg.DagsterInstance]:
    """A copy of the demo run under `root` (landing, warehouse, releases, published files and its Dagster instance),
    to run the pipeline again on as a daily run would: the settings pointing into the copy, and its instance."""
    import dagster as dg

    shutil.copytree(demo_release["root"], root, symlinks=True)
    return settings_under(root), dg.DagsterInstance.from_config(str(root / "dagster_home"))
