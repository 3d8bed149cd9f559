"""Scans for personal data with the gate's detector (`detector.py`): a DuckDB relation, and published files.

`scan_relation` runs the detector on each string column's distinct values (the same verdict as on every row, at a
fraction of the work) and returns, for each column and kind, how many rows hold it and the keys of up to
`SAMPLE_KEYS` of them: never the value, so a leak can be named in the Dagster UI, the logs and the check's
metadata without being copied there. The blocking check of each published table uses it on the rows that
changed (`dagster_project/assets/validate.py`).

`scan_files` reads every data file of a built dataset with DuckDB's own readers (CSV as text, every column;
Parquet's string columns; every string column of every table of a DuckDB file; every string of every object of
a JSON document of arrays of objects, such as the Popolo export's, keyed by its JSON path) and scans it the same
way: the last look before a dataset is shipped (`dagster_project/assets/publish.py`). Names are looked for only
in `CITIZENS_TABLES`, and metadata files (datapackage.json, release.json) are ours, not data, so they are not
read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.privacy.detector import CITIZENS_TABLES, kinds_in
from dagster_project.release.build import MANIFEST_FILE

SAMPLE_KEYS = 20
WITHHELD = "<withheld>"  # a key column that is itself the leaking column is not shown
ROW_NUMBER = "_row_number"  # the key of a file's rows when its table has no known primary key (1 = first row)
JSON_PATH = "json_path"  # the key of a string in a JSON document: where it is ($.persons[3].name)
JSON_VALUE = "value"
METADATA_FILES = frozenset({"datapackage.json", MANIFEST_FILE})


@dataclass(frozen=True)
class Leak:
    """Personal data of one kind in one column: where (file, table, column), how often, and which rows by key."""

    table: str
    column: str
    kind: str
    rows: int
    keys: tuple[dict, ...]
    file: str | None = None

    def as_metadata(self) -> dict:
        return {"file": self.file, "table": self.table, "column": self.column, "kind": self.kind,
                "rows": self.rows, "keys": list(self.keys)}  # fmt: skip

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}{self.table}.{self.column}: {self.kind} in {self.rows} rows, keys {list(self.keys[:3])}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def scan_relation(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    table: str,
    columns: Sequence[str],
    key_columns: Sequence[str],
    where: str = "true",
    params: Sequence[object] = (),
    file: str | None = None,
) -> list[Leak]:
    """The leaks in `columns` of `relation` (rows filtered by `where` with `params`), keyed by `key_columns` (or,
    when there are none, by row number)."""
    names = table in CITIZENS_TABLES
    if not key_columns:
        relation = f"(SELECT *, row_number() OVER () AS {ROW_NUMBER} FROM {relation} WHERE ({where}))"
        key_columns, where = (ROW_NUMBER,), "true"
    if not columns:
        return []
    # One scan for every column (each column's distinct values, side by side), not one per column: a CSV is
    # parsed once however many columns it has.
    values = con.execute(
        f"SELECT DISTINCT unnest(?) AS column_name, "
        f"unnest([{', '.join(f'CAST({_quote(c)} AS VARCHAR)' for c in columns)}]) AS value "
        f"FROM {relation} WHERE ({where})",
        [list(columns), *params],
    ).fetchall()
    flagged_by_column: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for column, value in values:
        if value is not None and (kinds := kinds_in(value, names)):
            flagged_by_column[column][value] = kinds
    leaks = []
    for column, flagged in sorted(flagged_by_column.items()):
        keys = ", ".join(_quote(k) for k in key_columns)
        rows = con.execute(
            f"SELECT {keys}, {_quote(column)} FROM {relation} WHERE ({where}) "
            f"AND list_contains(?, CAST({_quote(column)} AS VARCHAR)) ORDER BY ALL",
            [*params, [str(value) for value in flagged]],
        ).fetchall()
        by_kind: dict[str, list[dict]] = defaultdict(list)
        for *key, value in rows:
            for kind in flagged[value]:
                by_kind[kind].append(
                    {
                        name: WITHHELD if name == column else _plain(part)
                        for name, part in zip(key_columns, key, strict=True)
                    }
                )
        leaks += [
            Leak(table, column, kind, len(found), tuple(found[:SAMPLE_KEYS]), file) for kind, found in by_kind.items()
        ]
    return sorted(leaks, key=lambda leak: (leak.table, leak.column, leak.kind))


def _plain(value: object) -> object:
    """Keys as JSON can carry them (dates as ISO text)."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def _varchar_columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    return [
        name for name, kind, *_ in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall() if kind == "VARCHAR"
    ]


def scan_files(paths: Iterable[Path], primary_keys: dict[str, Sequence[str]]) -> list[Leak]:
    """The leaks in every data file among `paths` (`.csv`, `.parquet`, `.duckdb`, `.json` but `METADATA_FILES`;
    others are skipped).

    A file `<table>.csv` or `<table>.parquet`, and a table of a DuckDB file, is keyed by its table's primary key
    when `primary_keys` knows it, else by its row number. A JSON file's strings are keyed by their JSON path."""
    leaks: list[Leak] = []
    with duckdb.connect() as con:
        for path in sorted(paths):
            literal = "'" + str(path).replace("'", "''") + "'"
            if path.suffix == ".duckdb":
                leaks += _scan_database(con, path, primary_keys)
                continue
            if path.suffix == ".json" and path.name not in METADATA_FILES:
                relation = _json_strings(literal, path.stat().st_size)
                leaks += scan_relation(con, relation, path.stem, (JSON_VALUE,), (JSON_PATH,), file=path.name)
                continue
            if path.suffix == ".csv":
                relation = f"read_csv({literal}, all_varchar = true, header = true)"
            elif path.suffix == ".parquet":
                relation = f"read_parquet({literal})"
            else:
                continue
            key = primary_keys.get(path.stem, ())
            leaks += scan_relation(con, relation, path.stem, _varchar_columns(con, relation), key, file=path.name)
    return leaks


def _json_strings(literal: str, size: int) -> str:
    """Every string of a JSON document of arrays of objects (`{"persons": [...]}`), with its JSON path
    (`$.*[3].links[0].note`: the fourth object's first link's note). Each object is walked apart: DuckDB's
    `json_tree` of a whole document of megabytes takes gigabytes. The document is one JSON value, so the reader
    must allow one of the file's size."""
    records = "json_extract(doc.json, '$.*[*]')"
    return f"""(
        SELECT '$.*[' || position || ']' || substr(tree.fullkey, 2) AS {JSON_PATH},
               json_extract_string(tree.atom, '$') AS {JSON_VALUE}
        FROM (SELECT unnest({records}) AS record, generate_subscripts({records}, 1) - 1 AS position
              FROM read_json_objects({literal}, maximum_object_size = {size + 1}) AS doc) AS records,
             json_tree(records.record) AS tree
        WHERE tree.type = 'VARCHAR'
    )"""


def _scan_database(con: duckdb.DuckDBPyConnection, path: Path, primary_keys: dict[str, Sequence[str]]) -> list[Leak]:
    con.execute("ATTACH ? AS scanned (READ_ONLY)", [str(path)])
    try:
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = 'scanned' "
            "ORDER BY ALL"
        ).fetchall()
        leaks = []
        for schema, table in tables:
            relation = f"scanned.{_quote(schema)}.{_quote(table)}"
            key = primary_keys.get(table, ()) if schema == "published" else ()
            file = f"{path.name}:{schema}.{table}"
            leaks += scan_relation(con, relation, table, _varchar_columns(con, relation), key, file=file)
        return leaks
    finally:
        con.execute("DETACH scanned")
