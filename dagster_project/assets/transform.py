"""Transform assets: the dbt project (`dbt/`), loaded into Dagster once from its manifest.

`dbt build` runs the models and their dbt tests (shown as asset checks). Each dbt model's asset key is its
warehouse relation (`staging/…`, `core/…`, `published/…`), and its group is its layer, so the Dagster graph
reads like the warehouse. dbt sources map to the ingest assets of the same raw tables.
"""

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from dagster_project.settings import DBT_DIR

DBT_PROJECT = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
# dbt from this environment, whether or not the environment is on PATH
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")
# One target folder for every run (dagster-dbt's default is a new folder per run, which only grows); reusing
# it also keeps dbt's partial-parse state from one run to the next.
DBT_RUN_TARGET = DBT_DIR / "target" / "run"
_DBT_INPUTS = ("models", "macros", "seeds", "tests", "dbt_project.yml")


def _newest_input_mtime(project_dir: Path) -> float:
    paths = [project_dir / name for name in _DBT_INPUTS]
    files = [p for path in paths if path.exists() for p in ([path] if path.is_file() else path.rglob("*"))]
    return max(p.stat().st_mtime for p in files if p.is_file())


def ensure_manifest() -> Path:
    """Parse the dbt project when its manifest is missing or older than any model, macro or seed."""
    manifest = DBT_PROJECT.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_input_mtime(DBT_PROJECT.project_dir):
        subprocess.run(
            [DBT_EXECUTABLE, "parse", "--quiet", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
            check=True,
        )
    return manifest


class EparlDbtTranslator(DagsterDbtTranslator):
    """Asset key = warehouse relation (schema, name); group = layer."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] in ("model", "seed", "snapshot"):
            schema = props["config"].get("schema") or props["schema"]
            return spec.replace_attributes(key=dg.AssetKey([schema, props["name"]]), group_name=schema)
        return spec


@dbt_assets(manifest=ensure_manifest(), dagster_dbt_translator=EparlDbtTranslator(), project=DBT_PROJECT)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """Build the warehouse with dbt: seeds, staging, core, private and published models, and their tests."""
    yield from dbt.cli(["build"], context=context, target_path=DBT_RUN_TARGET).stream()
