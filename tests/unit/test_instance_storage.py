"""`instance_storage.held_open`, which keeps the Dagster instance's SQLite files open while `eparl run` runs: SQLite
then keeps each file's write-ahead log between Dagster's connections instead of checkpointing and deleting it at
every event, and what is stored is the same. That a whole run stores the same: tests/e2e/test_incremental.py."""

from __future__ import annotations

import uuid

import dagster as dg

from dagster_project.instance_storage import held_open


def _event(instance: dg.DagsterInstance) -> None:
    instance.report_runless_asset_event(dg.AssetMaterialization(dg.AssetKey(["somewhere", "table"])))


def test_the_write_ahead_log_stays_between_dagsters_connections_while_held(tmp_path):
    """Without it, the log of the event index is gone as soon as Dagster's connection closes (the checkpoint every
    event paid); while it is held the log stays; once the block ends it is checkpointed and gone as before, and
    every event is stored."""
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        index_log = tmp_path / "history" / "runs" / "index.db-wal"
        _event(instance)
        assert not index_log.exists()
        run_id = str(uuid.uuid4())
        with held_open(instance, run_id) as held:
            assert tmp_path / "history" / "runs" / "index.db" in held
            assert tmp_path / "history" / "runs" / f"{run_id}.db" in held  # made before the run's first event
            _event(instance)
            _event(instance)
            assert index_log.exists()
        assert not index_log.exists()
        records = instance.fetch_materializations(dg.AssetKey(["somewhere", "table"]), limit=10).records
        assert len(records) == 3


def test_an_instance_without_sqlite_files_holds_nothing():
    """An instance whose storage is not the default SQLite folder (here: in memory) runs as before."""
    with dg.DagsterInstance.ephemeral() as instance, held_open(instance, str(uuid.uuid4())) as held:
        assert held == []
