"""The dbt commands `make test` runs besides the pipeline's `dbt build`: `dbt source freshness` warns on a day-old
load and errors on a week-old one, and every dbt unit test passes on the demo warehouse; and the published tables
that dbt built enforce their contract's constraints. The conventions read from the manifest alone:
tests/unit/test_dbt_conventions.py."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from dagster_project.layout import DBT_DIR, DBT_EXECUTABLE
from dagster_project.settings import Settings


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
    run = subprocess.run(
        [
            *(DBT_EXECUTABLE, "source", "freshness", "--select", "source:raw"),
            *Settings(warehouse=warehouse, duckdb_temp_dir=str(tmp_path / "spill")).dbt_vars(),
            *("--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)),
            *("--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")),
        ],
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
    run = subprocess.run(
        [
            *(DBT_EXECUTABLE, "test", "--select", "test_type:unit"),
            *Settings(warehouse=warehouse, duckdb_temp_dir=str(tmp_path / "spill")).dbt_vars(),
            *("--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)),
            *("--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    unit_tests = set(manifest["unit_tests"])
    assert len(unit_tests) >= 10
    assert {r["unique_id"]: r["status"] for r in results} == dict.fromkeys(unit_tests, "pass")


def test_the_published_tables_enforce_the_not_null_constraints_of_their_contract(manifest, demo_release, tmp_path):
    """dbt writes a published table's `not_null` columns (dbt/contract/tables.yml) as constraints of its contract,
    not as tests: in the warehouse it built they are DuckDB's NOT NULL constraints, each one, and a null is refused."""
    declared = {
        (node["name"], name)
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"].get("schema") == "published"
        for name, column in node["columns"].items()
        if any(constraint["type"] == "not_null" for constraint in column.get("constraints", ()))
    }
    assert ("persons", "person_id") in declared and len(declared) >= 100
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_release["settings"].warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        enforced = con.execute(
            "SELECT table_name, unnest(constraint_column_names) FROM duckdb_constraints() "
            "WHERE schema_name = 'published' AND constraint_type = 'NOT NULL'"
        ).fetchall()
        assert set(enforced) == declared
        with pytest.raises(duckdb.ConstraintException, match=r"NOT NULL constraint failed: persons\.person_id"):
            con.execute("INSERT INTO published.persons (person_name) VALUES ('x')")
