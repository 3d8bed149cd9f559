"""Settings are read from the environment once, each as its type: paths resolved, numbers as numbers, and a value
that is not a number names its variable. Pure: no pipeline."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from dagster_project.settings import Settings


@pytest.fixture(autouse=True)
def no_settings_in_the_environment(monkeypatch):
    """What earlier tests of this worker exported (a run exports its settings for dbt) is not this test's."""
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


def test_what_a_run_exports_is_read_back_as_the_same_settings(monkeypatch, tmp_path):
    settings = Settings.from_env(warehouse=tmp_path / "w.duckdb", ckan_attempts=7, sql_timeout_seconds=3)
    for name, value in settings.to_env().items():
        monkeypatch.setenv(name, value)
    read = Settings.from_env()
    assert replace(read, duckdb_temp_dir="") == settings  # dbt's profile is given the temp folder's path
    assert read.duckdb_temp_path == settings.duckdb_temp_path


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
