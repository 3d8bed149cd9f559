"""Settings are read from the environment once, each as its type: paths resolved, numbers as numbers, and a value
that is not a number names its variable; a launched run's config sets those a run may set, typed, and dbt is given
them as vars. Pure: no pipeline."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from dagster_project.layout import DBT_DIR
from dagster_project.settings import DBT_MODEL_VARS, LAUNCH_SETTINGS, Settings


@pytest.fixture(autouse=True)
def no_settings_in_the_environment(monkeypatch):
    """The environment pytest was started in (a user's EPARL_* variables) is not this test's."""
    for name in [n for n in os.environ if n.startswith("EPARL_")]:
        monkeypatch.delenv(name)


def test_numbers_are_read_as_numbers_and_paths_resolved(monkeypatch, tmp_path):
    monkeypatch.setenv("EPARL_SUBMISSIONS_MIN_CELL", "12")
    monkeypatch.setenv("EPARL_SQL_TIMEOUT_SECONDS", "2.5")
    monkeypatch.setenv("EPARL_WAREHOUSE", str(tmp_path / "x" / ".." / "w.duckdb"))
    settings = Settings.from_env(releases_kept="4")
    assert settings.submissions_min_cell == 12 and settings.sql_timeout_seconds == 2.5 and settings.releases_kept == 4
    assert settings.warehouse == tmp_path / "w.duckdb"
    assert isinstance(Settings().sql_max_rows, int) and isinstance(Settings().ckan_timeout_seconds, float)


def test_settings_given_to_another_process_are_read_back_as_the_same_settings(monkeypatch, tmp_path):
    settings = Settings.from_env(warehouse=tmp_path / "w.duckdb", ckan_attempts=7, sql_timeout_seconds=3)
    for name, value in settings.to_env().items():
        monkeypatch.setenv(name, value)
    assert Settings.from_env() == settings


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [("ckan_attempts", "five", "a whole number"), ("sql_timeout_seconds", "1m", "a number")],
)
def test_a_value_that_is_not_a_number_names_its_variable(monkeypatch, name, value, expected):
    monkeypatch.setenv(f"EPARL_{name.upper()}", value)
    with pytest.raises(ValueError, match=f"EPARL_{name.upper()} must be {expected}, not '{value}'"):
        Settings.from_env()


def test_a_path_setting_accepts_a_path_as_an_override():
    assert Settings.from_env(landing_dir=Path("~")).landing_dir == Path.home()


def test_a_launch_config_is_typed_and_launches_the_same_settings(tmp_path):
    settings = Settings.from_env(warehouse=tmp_path / "w.duckdb", submissions_min_cell="12", releases_kept="4")
    config = settings.launch_config()
    assert config["warehouse"] == str(tmp_path / "w.duckdb") and config["submissions_min_cell"] == 12
    assert isinstance(config["releases_kept"], int) and isinstance(config["answer_term_working_days"], int)
    assert Settings().launched(config) == settings
    assert Settings().launched({}) == Settings()
    moved = Settings().launched({"landing_dir": str(tmp_path / "x" / ".." / "landing"), "releases_kept": 2})
    assert moved.landing_dir == tmp_path / "landing" and moved.releases_kept == 2


def test_a_launch_cannot_set_the_portal_nor_the_sql_shell_s_limits():
    assert not [name for name in LAUNCH_SETTINGS if name.startswith(("ckan_", "sql_"))]
    assert {"landing_dir", "warehouse", "publish_dir", "submissions_min_cell"} <= LAUNCH_SETTINGS
    with pytest.raises(ValueError, match="not settings a run may set: ckan_url"):
        Settings().launched({"ckan_url": "http://attacker.example"})


def test_a_launch_may_raise_the_least_cell_of_the_submissions_aggregates_but_never_lower_it():
    assert Settings().launched({"submissions_min_cell": 20}).submissions_min_cell == 20
    with pytest.raises(ValueError, match="may not lower submissions_min_cell below the deployment's 10"):
        Settings().launched({"submissions_min_cell": 3})


def test_dbt_is_given_the_settings_its_models_and_its_profile_read(tmp_path):
    """dbt reads no environment variable: dbt_project.yml declares the models' vars with the settings' defaults,
    and profiles.yml reads the connection's from the vars the pipeline passes."""
    settings = Settings(warehouse=tmp_path / "w.duckdb", submissions_min_cell=11)
    option, text = settings.dbt_vars()
    given = json.loads(text)
    assert option == "--vars" and given["submissions_min_cell"] == 11 and given["warehouse"] == str(settings.warehouse)
    assert given["duckdb_temp_dir"] == str(settings.duckdb_temp_path)
    project = yaml.safe_load((DBT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["vars"] == {name: getattr(Settings(), name) for name in DBT_MODEL_VARS}
    profile = (DBT_DIR / "profiles.yml").read_text(encoding="utf-8")
    assert set(re.findall(r"var\('(\w+)'", profile)) == set(given) - set(DBT_MODEL_VARS)
    dbt_files = [p for p in DBT_DIR.rglob("*") if p.suffix in (".yml", ".sql", ".py") and "target" not in p.parts]
    assert [p.name for p in dbt_files if "env_var(" in p.read_text(encoding="utf-8")] == []
