"""The benchmark runs end to end at the tiny scale, with the command the README documents, and its figures add
up: every stage timed, the held-out day loaded exactly once, nothing published when nothing changed, DuckDB
alone producing the same tables, every start-up command timed beside its target. No timing is asserted: the
benchmark's figures are for reading. Its helpers alone (the convocation landing): tests/unit/test_bench.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bench.measure import STAGES
from bench.run import PUBLISHED_TABLES, STARTUP
from dagster_project.layout import PROJECT_DIR

RUNS = ("full_refresh", "incremental", "no_change")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "results.json"
    # relative to the checkout, as `make bench` gives it (BENCH_OUT): the runs' folders must still work
    relative = os.path.relpath(out, PROJECT_DIR)
    # each start-up command timed once: the suite reads that every one is timed, not how fast (bench/ does)
    command = [sys.executable, "-m", "bench.run", "--scales", "tiny", "--out", relative, "--startup-tries", "1"]
    finished = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    assert "| tiny | no_change |" in finished.stdout  # the table is printed
    assert '| tiny | `eparl sql "select 1"` |' in finished.stdout  # and the start-up's
    return json.loads(out.read_text(encoding="utf-8"))["scales"]["tiny"]


def test_every_kind_of_run_has_every_stage_timed(tiny: dict) -> None:
    assert tuple(tiny["runs"]) == RUNS
    for run in tiny["runs"].values():
        assert tuple(run["stages"]) == STAGES  # no step fell outside the known stages
        assert run["peak_rss_bytes"] > 0 and run["warehouse_bytes"] > 0 and run["ratio_to_duckdb"] > 0
    assert all(seconds > 0 for seconds in tiny["runs"]["full_refresh"]["stages"].values())


def test_every_start_up_command_is_timed_beside_its_target(tiny: dict) -> None:
    assert tuple(tiny["startup"]) == tuple(STARTUP)
    for name, timed in tiny["startup"].items():
        assert timed["seconds"] > 0 and timed["target_seconds"] == STARTUP[name][1], name


def test_the_held_out_day_loses_no_record(tiny: dict) -> None:
    held = tiny["held_out"]
    assert held["vote_events"] > 0 and held["votes"] > 0 and held["submissions"] > 0
    for kind in ("vote_events", "votes", "submissions"):
        assert tiny["before_new_day"][kind] + held[kind] == tiny["generated"][kind] == tiny["landed"][kind]


def test_the_full_refresh_loads_the_landing_without_the_held_out_day(tiny: dict) -> None:
    ingest = tiny["runs"]["full_refresh"]["ingest"]
    assert ingest["raw/popolo_votes"]["records_new"] == tiny["before_new_day"]["votes"]
    assert ingest["raw/portal_submissions"]["records_new"] == tiny["before_new_day"]["submissions"]


def test_the_incremental_run_loads_exactly_the_new_day(tiny: dict) -> None:
    held, ingest = tiny["held_out"], tiny["runs"]["incremental"]["ingest"]
    assert {table: loaded["files_loaded"] for table, loaded in ingest.items() if loaded["files_loaded"]} == {
        table: 1
        for table in ingest
        if table.startswith(("raw/popolo_", "raw/portal_", "private/portal_"))  # one votes file, one submissions file
    }
    assert ingest["raw/popolo_vote_events"]["records_new"] == held["vote_events"]
    assert ingest["raw/popolo_votes"]["records_new"] == held["votes"]
    assert ingest["raw/portal_submissions"]["records_new"] == held["submissions"]
    assert tiny["runs"]["incremental"]["rows_landed"] == held["votes"] + held["submissions"]


def test_a_run_with_nothing_new_loads_and_publishes_nothing(tiny: dict) -> None:
    run = tiny["runs"]["no_change"]
    assert all(loaded["files_loaded"] == 0 and loaded["records_new"] == 0 for loaded in run["ingest"].values())
    assert run["bytes_sent"]["publish"] == 0
    assert run["rows_landed"] == 0


def test_duckdb_alone_builds_the_same_published_tables(tiny: dict) -> None:
    for kind, run in tiny["runs"].items():
        baseline = tiny["baselines"][run["baseline"]]
        assert {t: baseline["rows"][t] for t in PUBLISHED_TABLES} == {
            t: run["published_rows"][t] for t in PUBLISHED_TABLES
        }, kind
    assert tiny["runs"]["full_refresh"]["published_rows"]["person_votes"] == tiny["before_new_day"]["votes"]
