"""What the Dagster UI shows: the whole asset graph, its checks, the job, the schedule and the sensor."""

from __future__ import annotations

import dagster as dg

from dagster_project.assets.transform import DBT_PROJECT
from dagster_project.automation import landing_sensor
from dagster_project.definitions import defs
from dagster_project.ingest.sources import RAW_TABLES
from dagster_project.settings import Settings
from publish.catalogue import catalogue_for

CATALOGUE = catalogue_for(DBT_PROJECT.manifest_path)


def test_the_asset_graph_runs_from_raw_tables_to_datasets():
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {f"{t.schema}/{t.name}" for t in RAW_TABLES.values()} <= keys
    assert {f"published/{t.name}" for t in CATALOGUE.tables} <= keys
    assert {f"datasets/{d.name}" for d in CATALOGUE.datasets} <= keys
    # each dataset depends on exactly the published tables of its catalogue entry
    for dataset in CATALOGUE.datasets:
        parents = graph.get(dg.AssetKey(["datasets", dataset.name])).parent_keys
        assert {k.to_user_string() for k in parents} == {f"published/{t.name}" for t in dataset.tables}
    # and the published tables are built (through dbt) from the raw tables
    upstream = graph.upstream_key_iterator(dg.AssetKey(["published", "person_votes"]))
    assert dg.AssetKey(["raw", "popolo_votes"]) in set(upstream)


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

    sensor = landing_sensor(Settings(landing_dir=tmp_path))
    first = sensor.evaluate_tick(dg.build_sensor_context(cursor=None))
    assert len(first.run_requests) == 1
    unchanged = sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor))
    assert unchanged.run_requests == [] and unchanged.skip_message
    (tmp_path / "notes.txt").write_text("not a landing file", encoding="utf-8")
    assert sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor)).run_requests == []
    (tmp_path / "popolo").mkdir()
    (tmp_path / "popolo" / "new.json").write_text("{}", encoding="utf-8")
    changed = sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor))
    assert len(changed.run_requests) == 1 and changed.cursor != first.cursor
