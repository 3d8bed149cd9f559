"""What the Dagster UI shows: the whole asset graph, its checks, the job, the schedule and the sensor; the
conventions a data engineer reads there (owners, the `pii` tag, dbt descriptions, groups, freshness, when to turn
the schedule and the sensor on), all read from the definitions without a run. What a run launched from it may not
change: tests/e2e/test_definitions.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import dagster as dg

from dagster_project import definitions
from dagster_project.assets import transform
from dagster_project.assets.transform import dbt_models, ensure_manifest, relation_metadata
from dagster_project.automation import landing_sensor
from dagster_project.conventions import DATA_PROTECTION, PII_TAG
from dagster_project.definitions import build_definitions
from dagster_project.enrich.store import TABLE as ENRICHMENT_TABLE
from dagster_project.ingest.sources import RAW_TABLES
from dagster_project.resources import Warehouse
from dagster_project.settings import Settings
from publish.catalogue import catalogue_for
from tests.support.pipeline import settings_under

CATALOGUE = catalogue_for(ensure_manifest())
defs = definitions.defs()  # what `dagster dev` loads: the deployment's definitions, of the environment's settings


def test_the_asset_graph_runs_from_raw_tables_to_datasets():
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {f"{t.schema}/{t.name}" for t in RAW_TABLES.values()} <= keys
    assert {f"published/{t.name}" for t in CATALOGUE.tables} <= keys
    assert {f"datasets/{d.name}" for d in CATALOGUE.built_datasets} <= keys
    # each dataset depends on exactly the published tables of its catalogue entry
    for dataset in CATALOGUE.built_datasets:
        parents = graph.get(dg.AssetKey(["datasets", dataset.name])).parent_keys
        assert {k.to_user_string() for k in parents} == {f"published/{t.name}" for t in dataset.tables}
    # and the published tables are built (through dbt) from the raw tables
    upstream = graph.upstream_key_iterator(dg.AssetKey(["published", "person_votes"]))
    assert dg.AssetKey(["raw", "popolo_votes"]) in set(upstream)


def test_the_landing_page_comes_after_every_dataset_and_ships_to_the_portal_when_there_is_one(tmp_path):
    graph = defs.resolve_asset_graph()
    page = graph.get(dg.AssetKey(["datasets", "index"]))
    datasets = {f"datasets/{d.name}" for d in (*CATALOGUE.built_datasets, CATALOGUE.warehouse)}
    assert {k.to_user_string() for k in page.parent_keys} == datasets | {"docs/site"}
    assert page.group_name == "open_datasets" and CATALOGUE.contact_email in page.owners
    assert dg.AssetKey(["datasets", "index"]) in defs.resolve_job_def("full_pipeline").asset_layer.selected_asset_keys
    assert dg.AssetKey(["ckan", "index"]) not in graph.get_all_asset_keys()  # no portal configured
    with_portal = build_definitions(settings_under(tmp_path, ckan_url="http://127.0.0.1:5000")).resolve_asset_graph()
    portal_page = with_portal.get(dg.AssetKey(["ckan", "index"]))
    assert portal_page.parent_keys == {dg.AssetKey(["datasets", "index"])}


def test_every_published_table_has_a_blocking_suite_and_every_raw_table_a_reconciliation():
    graph = defs.resolve_asset_graph()
    checks = {(key.asset_key.to_user_string(), key.name) for key in graph.asset_check_keys}
    for table in CATALOGUE.tables:
        assert (f"published/{table.name}", "great_expectations_suite") in checks
    for table in RAW_TABLES.values():
        if not table.is_companion:  # the private half of a CSV row is reconciled with its public half
            assert (f"{table.schema}/{table.name}", "records_reconcile") in checks
    suite = next(
        c
        for c in defs.get_asset_checks_def(
            dg.AssetCheckKey(dg.AssetKey(["published", "bills"]), "great_expectations_suite")
        ).check_specs
    )
    assert suite.blocking


def test_the_schedule_and_the_sensor_run_the_full_pipeline(tmp_path):
    assert defs.resolve_schedule_def("nightly_full_pipeline").job_name == "full_pipeline"
    assert defs.resolve_sensor_def("landing_folder_sensor").job_name == "full_pipeline"

    resources = {"settings": Settings(landing_dir=tmp_path)}  # the sensor watches the settings' landing folder
    first = landing_sensor.evaluate_tick(dg.build_sensor_context(cursor=None, resources=resources))
    assert len(first.run_requests) == 1
    unchanged = landing_sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor, resources=resources))
    assert unchanged.run_requests == [] and unchanged.skip_message
    (tmp_path / "notes.txt").write_text("not a landing file", encoding="utf-8")
    tick = landing_sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor, resources=resources))
    assert tick.run_requests == []
    (tmp_path / "popolo").mkdir()
    (tmp_path / "popolo" / "new.json").write_text("{}", encoding="utf-8")
    changed = landing_sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor, resources=resources))
    assert len(changed.run_requests) == 1 and changed.cursor != first.cursor


def _asset_nodes():
    graph = defs.resolve_asset_graph()
    return {key: graph.get(key) for key in graph.get_all_asset_keys()}


def _personal_relations() -> set[str]:
    """What holds personal data, read from what each table holds rather than from where it lives: the raw tables
    with an author's column, the dbt models with a column documented PERSONAL, and the enrichment of the texts."""
    manifest = json.loads(ensure_manifest().read_text(encoding="utf-8"))
    raw = {f"{t.schema}/{t.name}" for t in RAW_TABLES.values() if any(c.startswith("author_") for c in t.columns)}
    dbt = {
        f"{node['config'].get('schema') or node['schema']}/{node['name']}"
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and any((c.get("description") or "").startswith("PERSONAL") for c in node["columns"].values())
    }
    return raw | dbt | {ENRICHMENT_TABLE.replace(".", "/")}


def test_every_asset_has_owners_and_every_asset_with_personal_data_is_tagged_pii():
    nodes = _asset_nodes()
    for key, node in nodes.items():
        assert node.owners, key
        assert all(o.startswith("team:") or re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", o) for o in node.owners), key
    tagged = {key.to_user_string() for key, node in nodes.items() if node.tags.get(PII_TAG) == "true"}
    personal = _personal_relations()
    assert {"private/portal_submission_texts", "private/submission_texts", "private/submission_enrichment"} <= personal
    assert personal <= tagged
    assert tagged == {key.to_user_string() for key in nodes if key.path[0] == "private"}  # and nothing else
    for key in tagged:
        assert DATA_PROTECTION in nodes[dg.AssetKey.from_user_string(key)].owners
    # what the open datasets are made of answers to the publisher's contact
    for table in CATALOGUE.tables:
        assert CATALOGUE.contact_email in nodes[dg.AssetKey(["published", table.name])].owners


def test_dbt_assets_show_their_dbt_description_and_link_their_sql_rather_than_print_it():
    manifest = json.loads(ensure_manifest().read_text(encoding="utf-8"))
    dbt_keys = dbt_models().keys
    assert len(dbt_keys) > 50
    nodes = _asset_nodes()
    for key in dbt_keys:
        description = nodes[key].description or ""
        assert "Raw SQL" not in description and "```sql" not in description and "{{ ref(" not in description, key
    bills = nodes[dg.AssetKey(["published", "bills"])]
    assert bills.description == manifest["nodes"]["model.eparl.bills"]["description"]
    (reference,) = bills.metadata["dagster/code_references"].code_references
    assert reference.file_path.endswith("dbt/models/published/bills.sql") and Path(reference.file_path).is_file()
    # the columns dbt documents are in the asset's schema before any run
    columns = {c.name for c in bills.metadata["dagster/column_schema"].columns}
    assert {"bill_id", "title_kk", "title_ru"} <= columns


def test_group_names_cannot_be_confused():
    groups = {node.group_name for node in _asset_nodes().values()}
    assert {"published", "open_datasets", "private", "ingest"} <= groups and "publish" not in groups
    stems = [re.sub(r"[^a-z]", "", group)[:5] for group in groups]
    assert len(set(stems)) == len(groups), sorted(groups)  # `publish` beside `published` would share `publi`


def test_every_open_dataset_has_the_freshness_its_datapackage_promises_and_the_schedule_keeps_it():
    nodes = _asset_nodes()
    promised = {d.name: d.update_frequency for d in (*CATALOGUE.built_datasets, CATALOGUE.warehouse)}
    assert set(promised.values()) == {"daily"}
    for name in promised:
        policy = nodes[dg.AssetKey(["datasets", name])].freshness_policy
        # a time-window policy, the kind `FreshnessPolicy.time_window` makes (its class is not public API)
        assert type(policy) is type(dg.FreshnessPolicy.time_window(fail_window=timedelta(days=1))), name
        # late after a day and the run's time: a nightly run keeps it fresh, a missed night does not
        assert timedelta(days=1) < policy.fail_window.to_timedelta() <= timedelta(days=1, hours=3), name
    # the published tables are not datasets: they have no promise of their own
    assert nodes[dg.AssetKey(["published", "bills"])].freshness_policy is None
    schedule = defs.resolve_schedule_def("nightly_full_pipeline")
    minute, hour, *every_day = schedule.cron_schedule.split()
    assert every_day == ["*", "*", "*"] and minute.isdigit() and hour.isdigit()


def test_the_schedule_and_the_sensor_say_when_to_turn_each_on():
    schedule = defs.resolve_schedule_def("nightly_full_pipeline")
    sensor = defs.resolve_sensor_def("landing_folder_sensor")
    # off until a data engineer turns them on
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    for definition in (schedule, sensor):
        assert "full_pipeline" in definition.description and "Turn it on" in definition.description
    assert "02:00" in schedule.description and schedule.execution_timezone in schedule.description
    assert "daily" in schedule.description and "landing_folder_sensor" in schedule.description
    assert "nightly_full_pipeline" in sensor.description and "within a minute" in sensor.description
    assert sensor.minimum_interval_seconds == 60


def test_the_dbt_assets_row_counts_and_columns_are_read_from_the_warehouse_in_one_pass(tmp_path):
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"), memory_limit="256MB", temp_directory=str(tmp_path / "t"))
    with warehouse.connect() as con:
        con.execute("CREATE SCHEMA published; CREATE SCHEMA staging")
        con.execute(
            "CREATE TABLE published.bills AS "
            "SELECT 'b' || i AS bill_id, DATE '2024-01-01' + i::INTEGER AS d FROM range(7) AS t(i)"
        )
        con.execute("CREATE TABLE published.empty (n INTEGER)")
        con.execute("CREATE VIEW staging.stg_bills AS SELECT bill_id FROM published.bills")
    keys = [
        dg.AssetKey(["published", "bills"]),
        dg.AssetKey(["published", "empty"]),
        dg.AssetKey(["staging", "stg_bills"]),
    ]
    described = relation_metadata(warehouse, keys)
    bills = described[keys[0]]
    assert bills["dagster/row_count"].value == 7
    assert [(c.name, c.type) for c in bills["dagster/column_schema"].columns] == [("bill_id", "VARCHAR"), ("d", "DATE")]
    assert described[keys[1]]["dagster/row_count"].value == 0
    assert "dagster/row_count" not in described[keys[2]]  # a view is described, not counted
    assert [c.name for c in described[keys[2]]["dagster/column_schema"].columns] == ["bill_id"]


def test_loading_the_definitions_parses_dbt_only_when_a_dbt_file_changed(tmp_path, monkeypatch):
    """A copy of the dbt project stands for it, and `dbt parse` is only recorded (the real manifest is read, not
    written)."""
    project = tmp_path / "dbt"
    shutil.copytree(transform.DBT_DIR, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    parses = []
    monkeypatch.setattr(transform, "DBT_DIR", project)
    monkeypatch.setattr(transform, "MANIFEST_STAMP", tmp_path / "manifest.parsed_from")
    monkeypatch.setattr(transform.subprocess, "run", lambda command, **_: parses.append(command[1]))
    ensure_manifest()
    assert parses == ["parse"]  # never parsed from these files
    model = project / "models" / "published" / "bills.sql"
    os.utime(model)  # what a checkout does: newer than the manifest, the same contents
    ensure_manifest()
    assert parses == ["parse"]
    model.write_text(model.read_text(encoding="utf-8") + "\n-- changed\n", encoding="utf-8")
    ensure_manifest()
    assert parses == ["parse", "parse"]
    ensure_manifest()
    assert parses == ["parse", "parse"]  # parsed from the files as they are now
    model.rename(project / "models" / "core" / model.name)  # moved: another schema, the same contents
    ensure_manifest()
    assert parses == ["parse", "parse", "parse"]


def test_importing_the_definitions_builds_nothing():
    """`dagster dev` and every code server import the module: the dbt assets (whose manifest may need a `dbt parse`)
    and the rest are built when Dagster asks for the definitions, not on import."""
    code = (
        "import dagster_project.definitions, dagster_project.assets.transform as transform; "
        "print(transform.dbt_models.cache_info().currsize)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["0"]
    assert isinstance(defs, dg.Definitions) and defs.resolve_job_def("full_pipeline").resource_defs.keys() >= {
        "settings",
        "warehouse",
    }
