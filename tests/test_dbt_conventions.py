"""The dbt project keeps dbt's own conventions, read from its manifest: an intermediate layer for the `int_*` models,
an exposure for every open dataset, the docs site and CKAN (generated from the catalogue), the project's overview
on the docs site's first page, freshness on the raw tables' load time, and contracts with `access: public` on every
published model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import duckdb
import pytest
import yaml

from dagster_project.assets.transform import DBT_EXECUTABLE, ensure_manifest
from dagster_project.ingest.loader import PROVENANCE_COLUMNS
from dagster_project.ingest.sources import SOURCES
from dagster_project.layout import DBT_DIR
from publish.catalogue import CATALOGUE_FILE
from publish.exposures import EXPOSURES_FILE, file_datasets, render


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(ensure_manifest().read_text(encoding="utf-8"))


def _models(manifest: dict) -> dict[str, dict]:
    return {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "model"}


def _published(manifest: dict) -> dict[str, dict]:
    return {name: n for name, n in _models(manifest).items() if n["config"].get("schema") == "published"}


def test_every_published_model_has_an_enforced_contract_and_public_access(manifest):
    published = _published(manifest)
    assert len(published) >= 28  # the tables of every dataset, the research marts among them
    for name, node in published.items():
        assert node["access"] == "public", name
        assert node["config"]["contract"]["enforced"] is True, name
        assert all(column.get("data_type") for column in node["columns"].values()), name
    # and nothing else is public: the other layers stay `protected` (private: `private`)
    assert {n["name"] for n in _models(manifest).values() if n["access"] == "public"} == set(published)


def test_int_models_and_only_they_are_the_intermediate_layer(manifest):
    models = _models(manifest)
    intermediate = {name for name, n in models.items() if n["original_file_path"].startswith("models/intermediate/")}
    assert {"int_research__group_positions", "int_research__vote_event_periods"} <= intermediate
    assert intermediate == {name for name in models if name.startswith("int_")}
    for name in intermediate:
        assert models[name]["config"]["schema"] == "intermediate", name
        # a shared step: more than one model is built from it, or it feeds another int_ model
        children = [c for c in manifest["child_map"][models[name]["unique_id"]] if c.startswith("model.")]
        assert children, f"{name} is an intermediate step nothing is built from"


def test_the_exposures_file_is_generated_from_the_catalogue():
    assert EXPOSURES_FILE.read_text(encoding="utf-8") == render(), "run: .venv/bin/python -m publish.exposures"


def test_every_open_dataset_the_docs_site_and_ckan_are_exposures_of_their_tables(manifest):
    catalogue = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    published = {n["unique_id"] for n in _published(manifest).values()}
    seeds = {n["unique_id"] for n in manifest["nodes"].values() if n["resource_type"] == "seed"}
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    datasets = {f"dataset_{d['name']}": d for d in catalogue["datasets"]}
    files = {f"dataset_{entry['name']}": entry for entry in file_datasets(catalogue)}
    assert "dataset_warehouse" in files
    assert set(exposures) == {*datasets, *files, "docs_site", "ckan_portal"}
    for name, dataset in {**datasets, **files}.items():
        assert exposures[name]["label"] == dataset["title"]["en"]
        if name == "dataset_warehouse":
            continue
        assert set(exposures[name]["depends_on"]["nodes"]) == {f"model.eparl.{t}" for t in dataset.get("tables", ())}
    assert set(exposures["dataset_warehouse"]["depends_on"]["nodes"]) == published | seeds
    for name in ("docs_site", "ckan_portal"):
        assert set(exposures[name]["depends_on"]["nodes"]) == published, name
    assert exposures["dataset_votes"]["owner"]["email"] == "opendata@parlam.kz"


def test_the_docs_site_opens_on_the_project_s_overview(manifest):
    """dbt docs shows `doc.<project>.__overview__` instead of its own welcome page (`doc.dbt.__overview__`)."""
    overview = manifest["docs"]["doc.eparl.__overview__"]["block_contents"]
    assert overview.startswith("# e-Parlament open data")
    for layer in ("`raw`", "`staging`", "`core`", "`intermediate`", "`published`", "`reference`", "`private`"):
        assert layer in overview


def test_every_raw_table_declares_freshness_on_the_loader_s_load_time(manifest):
    assert PROVENANCE_COLUMNS["_loaded_at"] == "TIMESTAMPTZ"
    sources = {s["name"]: s for s in manifest["sources"].values() if s["source_name"] == "raw"}
    raw_tables = {t.name for source in SOURCES for t in source.tables if t.schema == "raw"}
    assert set(sources) == raw_tables
    for name, source in sources.items():
        assert source["loaded_at_field"] == "_loaded_at", name
        assert source["freshness"]["warn_after"] == {"count": 1, "period": "day"}, name
        assert source["freshness"]["error_after"]["count"] > 1, name


def test_dbt_source_freshness_warns_on_a_day_old_load_and_errors_on_a_week_old_one(manifest, tmp_path):
    """`dbt source freshness` on a warehouse whose raw tables were loaded now, except bills (two days ago: warn)
    and petitions (ten days ago: error)."""
    warehouse = tmp_path / "warehouse.duckdb"
    now = datetime.now(UTC)
    loaded = {"bills": now - timedelta(days=2), "petitions": now - timedelta(days=10)}
    sources = [s["name"] for s in manifest["sources"].values() if s["source_name"] == "raw"]
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE SCHEMA raw")
        for name in sources:
            con.execute(f"CREATE TABLE raw.{name} AS SELECT ?::TIMESTAMPTZ AS _loaded_at", [loaded.get(name, now)])
    env = {**os.environ, "EPARL_WAREHOUSE": str(warehouse), "EPARL_DUCKDB_TEMP_DIR": str(tmp_path / "spill")}
    run = subprocess.run(
        [
            *(DBT_EXECUTABLE, "source", "freshness", "--select", "source:raw"),
            *("--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)),
            *("--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stdout[-2000:]  # an error-level staleness fails the command
    results = json.loads((tmp_path / "target" / "sources.json").read_text())["results"]
    status = {result["unique_id"].rsplit(".", 1)[1]: result["status"] for result in results}
    assert status.pop("bills") == "warn"
    assert status.pop("petitions") == "error"
    assert set(status.values()) == {"pass"} and len(status) == len(sources) - 2


def test_every_dbt_unit_test_passes_on_the_demo_warehouse(manifest, demo_release, tmp_path):
    """The pipeline's `dbt build` leaves the unit tests out (they test the SQL, not the data): here they run, each
    of the project's, against a copy of the demo warehouse (a unit test reads the columns of the model's parents)."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_release["settings"].warehouse, warehouse)
    env = {**os.environ, "EPARL_WAREHOUSE": str(warehouse), "EPARL_DUCKDB_TEMP_DIR": str(tmp_path / "spill")}
    run = subprocess.run(
        [
            *(DBT_EXECUTABLE, "test", "--select", "test_type:unit"),
            *("--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)),
            *("--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    unit_tests = set(manifest["unit_tests"])
    assert len(unit_tests) >= 10
    assert {r["unique_id"]: r["status"] for r in results} == dict.fromkeys(unit_tests, "pass")
