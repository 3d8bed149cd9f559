"""Hashing: the sha256 that identifies a landing file (provenance) and a published file (datapackage), and the
fingerprints that tell whether what a step reads changed since it last ran (`dagster_project/step_memo.py`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import duckdb


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def files_sha256(paths: Iterable[Path], root: Path | None = None) -> str:
    """One sha256 over several files' names and contents (e.g. the code a result depends on); with `root`, each
    file is named by its path under `root`, so a file moved to another folder changes it too."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        name = path.relative_to(root).as_posix() if root else path.name
        digest.update(f"{name}:{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def digest(value: object) -> str:
    """The sha256 of a value's `repr`: one fingerprint of everything a step reads (rows' fingerprints, files'
    sha256, settings), for values whose `repr` is deterministic (strings, numbers, tuples, lists, dicts built in a
    fixed order, dataclasses of those)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


def row_fingerprints(con: duckdb.DuckDBPyConnection, relation: str, batch: str = "'all'") -> dict[str, str]:
    """Per batch (the value of the SQL expression `batch` as text, '' for null), an order-independent digest of
    the rows: their count, and the sum and the xor of DuckDB's row hashes. One set-based pass."""
    rows = con.execute(
        f"SELECT coalesce(cast({batch} AS VARCHAR), ''), count(*), sum(hash(t)::HUGEINT), bit_xor(hash(t)) "
        f"FROM {relation} AS t GROUP BY 1"
    ).fetchall()
    return {key: f"{count}:{total}:{xor}" for key, count, total, xor in rows}
