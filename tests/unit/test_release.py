"""Releases for researchers, on folders and warehouses made here: pruning keeps the newest and never the current
release, and a failed build leaves no partial folder. Releases made by a run, read through `eparl sql` and
published: tests/e2e/test_release.py."""

from __future__ import annotations

import duckdb
import pytest

from dagster_project.release.build import (
    build_release,
    current_release,
    list_releases,
    prune,
    switch_current,
)


def test_pruning_keeps_the_newest_and_never_the_current_release(tmp_path):
    for name in ("20260101T000000Z-a", "20260102T000000Z-b", "20260103T000000Z-c", "20260104T000000Z-d"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "release.json").write_text("{}", encoding="utf-8")
    switch_current(tmp_path, "20260101T000000Z-a")  # say an operator pointed current back at the oldest
    assert prune(tmp_path, kept=2) == ["20260102T000000Z-b"]
    assert [p.name for p in list_releases(tmp_path)] == [
        "20260101T000000Z-a",
        "20260103T000000Z-c",
        "20260104T000000Z-d",
    ]
    switch_current(tmp_path, "20260104T000000Z-d")
    assert current_release(tmp_path).release_id == "20260104T000000Z-d"
    assert not (tmp_path / ".current.tmp").exists()


def test_a_failed_release_build_leaves_no_partial_folder_and_the_next_removes_stale_ones(tmp_path):
    warehouse, releases = tmp_path / "warehouse.duckdb", tmp_path / "releases"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE SCHEMA published; CREATE TABLE published.t AS SELECT 1 AS x")
    with pytest.raises(duckdb.CatalogException, match="load_log"):  # fails after copying the tables
        build_release(warehouse, releases, "run-one")
    assert list(releases.glob("*.partial")) == [] and current_release(releases) is None
    # a build whose process was killed leaves its folder; the next build removes it, and makes its release
    stale = releases / ".20260101T000000000000Z-killed.partial"
    (stale / "parquet").mkdir(parents=True)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "CREATE SCHEMA audit; CREATE TABLE audit.load_log "
            "(source_file VARCHAR, raw_table VARCHAR, source_sha256 VARCHAR, file_bytes BIGINT)"
        )
    made = build_release(warehouse, releases, "run-two")
    assert current_release(releases).release_id == made.release_id and made.manifest["tables"] == {"published.t": 1}
    assert not stale.exists() and list(releases.glob("*.partial")) == []
