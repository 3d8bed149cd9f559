"""The one change-detection mechanism (`dagster_project/step_memo.py`): what a step records as done, from which
fingerprint, and what it must do again. The pipeline's use of it is tested by the runs in
`tests/e2e/test_pipeline.py` and `tests/e2e/test_incremental.py`."""

from __future__ import annotations

import json
from dataclasses import replace

from dagster_project.assets.transform import inputs_fingerprint
from dagster_project.hashing import digest
from dagster_project.resources import Warehouse
from dagster_project.settings import DBT_MODEL_VARS, Settings
from dagster_project.step_memo import Done, StepMemo, memo_folder


def test_a_part_is_done_again_when_its_fingerprint_changes_or_it_was_never_done(tmp_path):
    memo = StepMemo(tmp_path / "warehouse.duckdb", "suite/person_votes")
    assert memo.changed({"2024-01-01": "a", "2024-04-01": "b"}) == ["2024-01-01", "2024-04-01"]
    memo.record({"2024-01-01": Done("a", "run-1"), "2024-04-01": Done("b", "run-1")})
    assert memo.changed({"2024-01-01": "a", "2024-04-01": "b"}) == []
    assert memo.changed({"2024-01-01": "a", "2024-04-01": "changed", "2024-07-01": "new"}) == [
        "2024-04-01",
        "2024-07-01",
    ]
    assert memo.done_from("2024-01-01", "a") == Done("a", "run-1")
    assert memo.done_from("2024-01-01", "other") is None
    assert memo.done_from("never", "a") is None


def test_recording_keeps_the_other_parts_and_forgets_what_failed(tmp_path):
    memo = StepMemo(tmp_path / "warehouse.duckdb", "dbt")
    memo.record(
        {"core/a": Done("f1", "run-1"), "core/b": Done("f1", "run-1"), "core/a:not_null_id": Done("f1", "run-1")}
    )
    # a later run built core/a again, and its test failed: core/b, not selected, keeps its record
    memo.record({"core/a": Done("f2", "run-2")}, forget=["core/a", "core/a:not_null_id"])
    assert memo.done() == {"core/a": Done("f2", "run-2"), "core/b": Done("f1", "run-1")}
    assert memo.changed({"core/a": "f2", "core/a:not_null_id": "f2"}) == ["core/a:not_null_id"]


def test_what_a_step_keeps_comes_back_as_it_was_recorded(tmp_path):
    memo = StepMemo(tmp_path / "warehouse.duckdb", "datasets/votes")
    rows = {"votes": 12, "person_votes": 3400, "по-русски": 1}
    memo.record({"/published/votes": Done("f", "run-1", {"rows": rows})})
    assert StepMemo(tmp_path / "warehouse.duckdb", "datasets/votes").done()["/published/votes"].kept == {"rows": rows}


def test_each_step_has_its_own_file_beside_the_warehouse_and_a_broken_one_counts_as_nothing_done(tmp_path):
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    votes, docs = StepMemo(warehouse, "datasets/votes"), StepMemo(warehouse, "docs/site")
    votes.record({"x": Done("f", "run-1")})
    docs.record({"y": Done("g", "run-1")})
    assert memo_folder(warehouse) == tmp_path / "data" / "warehouse.duckdb.steps"
    assert sorted(p.name for p in memo_folder(warehouse).iterdir()) == ["datasets__votes.json", "docs__site.json"]
    assert json.loads(votes.path.read_text(encoding="utf-8")) == {
        "x": {"fingerprint": "f", "run_id": "run-1", "kept": {}}
    }
    votes.path.write_text('{"x": {"fingerprint": "f", "run_', encoding="utf-8")  # cut short
    assert votes.done() == {}
    assert votes.changed({"x": "f"}) == ["x"]
    assert docs.changed({"y": "g"}) == []


def test_a_digest_changes_with_any_part_of_what_it_describes():
    described = (("rows", {"votes": "12:34:56"}), ("code", "ab12"), [("EPARL_SCALE", "1")])
    assert digest(described) == digest((("rows", {"votes": "12:34:56"}), ("code", "ab12"), [("EPARL_SCALE", "1")]))
    assert digest(described) != digest((("rows", {"votes": "12:34:57"}), ("code", "ab12"), [("EPARL_SCALE", "1")]))
    assert digest(described) != digest((("rows", {"votes": "12:34:56"}), ("code", "ab12"), [("EPARL_SCALE", "2")]))


def test_dbt_s_fingerprint_follows_the_settings_its_models_read_not_where_the_warehouse_is(tmp_path):
    warehouse = Warehouse(path=str(tmp_path / "warehouse.duckdb"))
    with warehouse.connect():
        pass  # an empty warehouse: nothing loaded yet
    settings = Settings(warehouse=tmp_path / "warehouse.duckdb")
    before = inputs_fingerprint(warehouse, settings)
    elsewhere = replace(settings, warehouse=tmp_path / "elsewhere.duckdb", duckdb_memory_limit="1GB")
    assert inputs_fingerprint(warehouse, elsewhere) == before
    for name in DBT_MODEL_VARS:
        changed = replace(settings, **{name: getattr(settings, name) + 1})
        assert inputs_fingerprint(warehouse, changed) != before, name
