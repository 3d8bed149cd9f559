"""The loader reads many files per query: what it loads and quarantines, and why, is the same as reading each file
alone, whatever the batch holds (a file that is not JSON, not UTF-8 or of an unknown shape, duplicates across
files, a link to another file of the batch)."""

from __future__ import annotations

import duckdb
import pytest

from dagster_project.ingest import loader
from dagster_project.ingest.loader import landed_files, load_landing
from dagster_project.ingest.sources import POPOLO
from tests.support.landing import write_json, write_text

VOLATILE = {"_loaded_at", "loaded_at", "quarantined_at"}
EVENT = {"id": "v1", "organization_id": "o1", "start_date": "2024-01-01T10:00:00+05:00"}


def _landing(tmp_path):
    landing = tmp_path / "landing"
    popolo = landing / "popolo"
    write_json(
        popolo / "a.json",
        {
            "persons": [{"id": "p1", "name": "A"}, None, 5, {"id": "p2"}],
            "vote_events": [{**EVENT, "votes": [{"voter_id": "p1", "option": "no"}, None, {"option": "maybe"}]}],
        },
    )
    write_json(popolo / "b.json", {"persons": [{"id": "p1", "name": "B"}], "vote_events": [{**EVENT, "votes": {}}]})
    write_text(popolo / "broken.json", '{"persons": [1, 2')
    (popolo / "latin1.json").write_bytes('{"persons": [{"id": "p3", "name": "Café"}]}'.encode("latin-1"))
    write_json(popolo / "odd.json", {"persons": {"id": "p4"}})
    (popolo / "c.json").symlink_to("a.json")
    write_text(landing / "bills" / "bills.jsonl", '{"id": "b1"}\n{"id":\n[1]\n')
    write_text(landing / "bills" / "more.jsonl", '{"id": "b1", "actions": [{"date": "x"}]}\n')
    return landing


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    tables = con.execute(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
        "WHERE table_schema IN ('raw', 'private', 'audit') AND table_type = 'BASE TABLE'"
    ).fetchall()
    found = {}
    for (table,) in tables:
        schema, name = table.split(".")
        columns = con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
            [schema, name],
        ).fetchall()
        kept = ", ".join(f'"{c}"' for (c,) in columns if c not in VOLATILE)
        found[table] = con.execute(f"SELECT {kept} FROM {table} ORDER BY ALL").fetchall()
    return found


def test_a_batch_of_files_loads_what_each_file_alone_loads(tmp_path, monkeypatch: pytest.MonkeyPatch):
    landing = _landing(tmp_path)
    batches = loader._batches(POPOLO, landed_files(landing, POPOLO))
    assert [[f.relative_path for f in batch] for batch in batches] == [
        ["popolo/a.json", "popolo/b.json", "popolo/broken.json"],  # c.json is a.json: it starts the next batch
        ["popolo/c.json", "popolo/latin1.json", "popolo/odd.json"],
    ]
    together = duckdb.connect(str(tmp_path / "together.duckdb"))
    stats = load_landing(together, landing)
    monkeypatch.setattr(loader, "BATCH_BYTES", 0)  # every file a batch of its own
    alone = duckdb.connect(str(tmp_path / "alone.duckdb"))
    assert load_landing(alone, landing) == stats
    assert _tables(together) == _tables(alone)
    assert all(s.reconciles for s in stats.values())
    reasons = dict(
        together.execute("SELECT source_file, reason FROM private.quarantine WHERE record IS NULL").fetchall()
    )
    assert reasons["popolo/broken.json"].startswith("not valid JSON")
    assert reasons["popolo/latin1.json"] == "not valid JSON"
    assert reasons["popolo/odd.json"].startswith("$.persons is object, not an array")
    # c.json is a link to a.json: the same file, so never in a.json's batch; its records are kept (it sorts last)
    kept = together.execute("SELECT id, _source_file FROM raw.popolo_persons ORDER BY id").fetchall()
    assert kept == [("p1", "popolo/c.json")]
