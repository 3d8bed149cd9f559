"""What a run launched from the Dagster UI may change, and what not: it sets the run's settings as `eparl run`
does (typed, with the deployment's as defaults), but can neither retarget the portal or another resource nor make
any of them read an environment variable, nor lower the least cell of the submissions aggregates. What the UI
shows, read from the definitions without a run: tests/unit/test_definitions.py."""

from __future__ import annotations

import dagster as dg
import pytest

from dagster_project.definitions import build_definitions
from tests.support.pipeline import settings_under


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
    definitions = build_definitions(settings)
    job = definitions.resolve_job_def("full_pipeline")
    assert _fields_reading_the_environment(job.run_config_schema.config_type) == []

    # what a visitor of the UI could put in the launchpad, for every resource of the job
    env = {"env": "EPARL_CKAN_API_TOKEN"}
    hostile = {
        "ckan": ({"url": "http://attacker.example", "api_token": env}, "unexpected config entr"),
        "warehouse": ({"path": env}, "unexpected config entr"),
        "dbt": ({"dbt_executable": env, "target": env}, "unexpected config entr"),
        "io_manager": ({"base_dir": env}, "unexpected config entr"),
        "settings": ({"ckan_url": "http://attacker.example"}, "unexpected config entr"),
    }
    assert set(hostile) == set(job.resource_defs)
    hostile_settings = [{"landing_dir": env}, {"submissions_min_cell": env}, {"releases_kept": "3; rm -rf /"}]
    launches = [(key, config, why) for key, (config, why) in hostile.items()]
    launches += [("settings", config, "is not valid for expected type") for config in hostile_settings]
    instance = dg.DagsterInstance.ephemeral()
    popolo = list(definitions.get_assets_def(dg.AssetKey(["raw", "popolo_persons"])).keys)  # one multi-asset
    for key, config, why in launches:
        with pytest.raises(dg.DagsterInvalidConfigError) as refused:
            job.execute_in_process(
                run_config={"resources": {key: {"config": config}}}, instance=instance, asset_selection=popolo
            )
        assert why in str(refused.value) and f"resources:{key}:config" in str(refused.value)
        assert token not in str(refused.value)
    assert instance.get_runs() == []  # refused before a run existed

    # the legitimate launch: no resource config; the resources are those of the deployment's settings
    result = job.execute_in_process(instance=instance, asset_selection=popolo)
    assert result.success and settings.warehouse.is_file()
    with dg.build_resources({"ckan": job.resource_defs["ckan"]}) as made:
        assert made.ckan.url == settings.ckan_url and token not in repr(made.ckan)


def test_a_run_launched_with_settings_of_its_own_uses_them_as_eparl_run_does(tmp_path):
    deployment = settings_under(tmp_path / "deployment")
    definitions = build_definitions(deployment)
    job = definitions.resolve_job_def("full_pipeline")
    popolo = list(definitions.get_assets_def(dg.AssetKey(["raw", "popolo_persons"])).keys)
    instance = dg.DagsterInstance.ephemeral()
    elsewhere = tmp_path / "elsewhere.duckdb"
    launched = {"resources": {"settings": {"config": {"warehouse": str(elsewhere), "releases_kept": 5}}}}
    assert job.execute_in_process(run_config=launched, instance=instance, asset_selection=popolo).success
    assert elsewhere.is_file() and not deployment.warehouse.exists()
    # the launchpad's defaults are the deployment's settings, numbers as numbers
    fields = job.run_config_schema.config_type.fields["resources"].config_type.fields["settings"].config_type.fields
    config = fields["config"].config_type.fields
    assert config["warehouse"].default_value == str(deployment.warehouse)
    assert (
        config["submissions_min_cell"].default_value == 10 and config["submissions_min_cell"].config_type.key == "Int"
    )
    assert "ckan_url" not in config and "sql_max_rows" not in config
    # a launch may not publish smaller groups of citizens than the deployment does: the run fails, naming why
    lowered = {"resources": {"settings": {"config": {"submissions_min_cell": 3}}}}
    result = job.execute_in_process(run_config=lowered, instance=instance, asset_selection=popolo, raise_on_error=False)
    failures = [event.event_specific_data.error.to_string() for event in result.all_events if event.is_failure]
    assert not result.success and any("may not lower submissions_min_cell" in message for message in failures)
