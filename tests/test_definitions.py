"""What the Dagster UI shows: the whole asset graph, its checks, the job, the schedule and the sensor; and what
a run launched from it may not change."""

from __future__ import annotations

import dagster as dg
import pytest

from dagster_project.assets.transform import DBT_PROJECT
from dagster_project.automation import landing_sensor
from dagster_project.definitions import build_definitions, defs
from dagster_project.ingest.sources import RAW_TABLES
from dagster_project.settings import Settings
from publish.catalogue import catalogue_for
from tests.conftest import settings_under

CATALOGUE = catalogue_for(DBT_PROJECT.manifest_path)


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


def _fields_reading_the_environment(config_type, path: str = "") -> list[str]:
    """Every field of a run config schema that Dagster would fill from an environment variable (`{env: NAME}`):
    its StringSource, IntSource and BoolSource fields, at any depth."""
    if "Source" in str(config_type.key):
        return [path]
    found = []
    for name, field in (getattr(config_type, "fields", None) or {}).items():
        found += _fields_reading_the_environment(field.config_type, f"{path}.{name}")
    inner = getattr(config_type, "inner_type", None)
    return found + (_fields_reading_the_environment(inner, path) if inner is not None else [])


def test_a_launched_run_can_neither_retarget_a_resource_nor_make_it_read_an_environment_variable(tmp_path, monkeypatch):
    token = "the-portal-token-" + "q" * 16
    monkeypatch.setenv("EPARL_CKAN_API_TOKEN", token)
    settings = settings_under(tmp_path, ckan_url="http://127.0.0.1:9")
    for name, value in settings.to_env().items():  # build_definitions exports them; undone after the test
        monkeypatch.setenv(name, value)
    definitions = build_definitions(settings)
    job = definitions.resolve_job_def("full_pipeline")
    assert _fields_reading_the_environment(job.run_config_schema.config_type) == []

    # what a visitor of the UI could put in the launchpad, for every resource of the job
    env = {"env": "EPARL_CKAN_API_TOKEN"}
    hostile = {
        "ckan": {"url": "http://attacker.example", "api_token": env},
        "warehouse": {"path": env},
        "dbt": {"dbt_executable": env, "target": env},
        "io_manager": {"base_dir": env},
    }
    assert set(hostile) == set(job.resource_defs)
    instance = dg.DagsterInstance.ephemeral()
    popolo = list(definitions.get_assets_def(dg.AssetKey(["raw", "popolo_persons"])).keys)  # one multi-asset
    for key, config in hostile.items():
        with pytest.raises(dg.DagsterInvalidConfigError) as refused:
            job.execute_in_process(
                run_config={"resources": {key: {"config": config}}}, instance=instance, asset_selection=popolo
            )
        assert "unexpected config entr" in str(refused.value) and f"resources:{key}:config" in str(refused.value)
        assert token not in str(refused.value)
    assert instance.get_runs() == []  # refused before a run existed

    # the legitimate launch: no resource config; the resources are those of the settings
    result = job.execute_in_process(instance=instance, asset_selection=popolo)
    assert result.success and settings.warehouse.is_file()
    with dg.build_resources({"ckan": job.resource_defs["ckan"]}) as made:
        assert made.ckan.url == settings.ckan_url and token not in repr(made.ckan)
