"""Keeping the Dagster instance's SQLite files open while a run executes in this process (`held_open`).

Dagster's default storage (`$DAGSTER_HOME/history`: `runs.db`, and in `runs/` the cross-run `index.db` and one
`<run_id>.db` per run, in SQLite's WAL mode) opens a new connection for every event it stores and closes it
after. When the connection that closes is the last one open on its file, SQLite checkpoints the write-ahead log
into the database and deletes it, and the next connection makes it anew. A run stores some 1,700 events (one with
nothing new too: dbt's 86 models and 360 tests are carried over, each planned, output and reported), each through
several such connections, and the checkpoints cost more than the run's own work. One idle connection held on each
file spares them: the log is then checkpointed by SQLite's usual rule (every 1,000 pages), and each event costs
its own write and `fsync`, as before.

What is held is a plain connection that runs one read and holds no transaction, so it blocks no writer or reader
(the UI, another run) and changes nothing in what is stored; when it closes, SQLite checkpoints as it always
does. Only files that exist are opened, so an instance with another storage (Postgres, another folder) holds
nothing and runs as before, only without the saving.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import dagster as dg


def storage_files(instance: dg.DagsterInstance, run_id: str) -> list[Path]:
    """The SQLite files of the instance's default storage that a run writes: run storage, event index, the run's
    own event log."""
    history = Path(instance.root_directory) / "history"
    return [history / "runs.db", history / "runs" / "index.db", history / "runs" / f"{run_id}.db"]


@contextmanager
def held_open(instance: dg.DagsterInstance, run_id: str) -> Iterator[list[Path]]:
    """Hold one idle connection on each of the instance's SQLite files for the run `run_id` while the block runs;
    yield the files held. The run's own event log is made first by reading it (Dagster makes a run's log when it
    is first read or written), so it is held from the run's first event on."""
    instance.all_logs(run_id)  # an empty list: the run does not exist yet; its log file does now
    with ExitStack() as stack:
        held = []
        for path in storage_files(instance, run_id):
            if not path.is_file():
                continue
            connection = stack.enter_context(closing(sqlite3.connect(path, isolation_level=None)))
            connection.execute("SELECT count(*) FROM sqlite_master").fetchall()  # opens the file and its log
            held.append(path)
        yield held
