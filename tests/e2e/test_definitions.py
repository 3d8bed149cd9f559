"""What a run launched from the Dagster UI may not change: a run of the job's definitions can neither retarget a
resource nor make it read an environment variable, and the legitimate launch runs. What the UI shows, read from the
definitions without a run: tests/unit/test_definitions.py."""

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
