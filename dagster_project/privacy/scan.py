"""Scans for personal data with the gate's detector (`detector.py`): a DuckDB relation, and published files.

`scan_relation` runs the detector on each string column's distinct values (the same verdict as on every row, at a
fraction of the work) and returns, for each column and kind, how many rows hold it and the keys of up to
`SAMPLE_KEYS` of them: never the value, so a leak can be named in the Dagster UI, the logs and the check's
metadata without being copied there. The blocking check of each published table uses it on the rows that
changed (`dagster_project/assets/validate.py`).

`scan_files` reads every data file of a built dataset, with DuckDB's own readers (CSV as text, every column;
Parquet's string columns; every string column of every table of a DuckDB file) or, for a JSON document such as the
Popolo export's, one element at a time (`dagster_project/json_documents.py`: every string, keyed by its JSON
path), and scans it the same way: the last look before a dataset is shipped (`dagster_project/assets/publish.py`).
Names are looked for only in `CITIZENS_TABLES`, and metadata files (datapackage.json, release.json) are ours, not
data, so they are not read. The files of one dataset share most of their strings (a table's CSV and Parquet twins
all of them, its tables their ids and dates), so one scan asks the detector about each short string once
(`Verdicts`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.json_documents import elements
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


class Verdicts:
    """The detector's verdict (`kinds_in`) on each string, worked out once for the strings of up to
    `REMEMBERED_LENGTH` characters: ids, dates, names and titles, which recur across the files of a dataset. A
    longer text (a citizen's comment) is seldom in more files than its table's CSV and Parquet, and is not held: it
    is detected again."""

    REMEMBERED_LENGTH = 200

    def __init__(self) -> None:
        self._known: dict[tuple[str, bool], frozenset[str]] = {}

    def kinds(self, value: str, names: bool) -> frozenset[str]:
        if len(value) > self.REMEMBERED_LENGTH:
            return frozenset(kinds_in(value, names))
        key = (value, names)
        if (known := self._known.get(key)) is None:
            known = self._known[key] = frozenset(kinds_in(value, names))
        return known


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
    verdicts: Verdicts | None = None,
) -> list[Leak]:
    """The leaks in `columns` of `relation` (rows filtered by `where` with `params`), keyed by `key_columns` (or,
    when there are none, by row number); `verdicts` carries the detector's verdicts from the relations scanned
    before."""
    names = table in CITIZENS_TABLES
    verdicts = verdicts or Verdicts()
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
    flagged_by_column: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
    for column, value in values:
        if value is not None and (kinds := verdicts.kinds(value, names)):
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
    verdicts = Verdicts()
    with duckdb.connect() as con:
        for path in sorted(paths):
            literal = "'" + str(path).replace("'", "''") + "'"
            if path.suffix == ".duckdb":
                leaks += _scan_database(con, path, primary_keys, verdicts)
                continue
            if path.suffix == ".json" and path.name not in METADATA_FILES:
                leaks += _scan_json(path, verdicts)
                continue
            if path.suffix == ".csv":
                relation = f"read_csv({literal}, all_varchar = true, header = true)"
            elif path.suffix == ".parquet":
                relation = f"read_parquet({literal})"
            else:
                continue
            key = primary_keys.get(path.stem, ())
            columns = _varchar_columns(con, relation)
            leaks += scan_relation(con, relation, path.stem, columns, key, file=path.name, verdicts=verdicts)
    return leaks


def _scan_json(path: Path, verdicts: Verdicts) -> list[Leak]:
    """The leaks in every string of a JSON document, each keyed by its JSON path. An element of a top-level array
    (the Popolo export's `{"persons": [...]}`) is `$.*[3]`, so its strings are `$.*[3].links[0].note` (the fourth
    object's first link's note); a string elsewhere is keyed by its own path (`$.source`).

    The document is read one element of a top-level array at a time (`json_documents.elements`), never held whole:
    DuckDB's JSON functions hold a document several times over (a convocation's 250 MB of vote events did not fit
    in 8 GB). The detector runs on each distinct string, as `scan_relation` does; the paths are collected in a
    second reading, only when something was found."""
    table = path.stem
    names = table in CITIZENS_TABLES
    flagged = {value: kinds for value in _json_values(path) if (kinds := verdicts.kinds(value, names))}
    if not flagged:
        return []
    found = sorted((where, value) for where, value in _json_located_strings(path) if value in flagged)
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for where, value in found:
        for kind in flagged[value]:
            by_kind[kind].append({JSON_PATH: where})
    return [
        Leak(table, JSON_VALUE, kind, len(keys), tuple(keys[:SAMPLE_KEYS]), path.name)
        for kind, keys in sorted(by_kind.items())
    ]


def _json_elements(path: Path) -> Iterator[tuple[str, object]]:
    """Each element of each top-level array of a JSON document with its path prefix (`$.*[3]`); any other
    top-level member whole, with its path (`$.source`); a document that is not an object, whole (`$`)."""
    for member, index, element in elements(path):
        if index is not None:
            yield f"$.*[{index}]", element
        else:
            yield ("$" if member is None else f"$.{_json_key(member)}"), element


def _json_values(path: Path) -> set[str]:
    values: set[str] = set()
    for _, element in _json_elements(path):
        pending = [element]
        while pending:
            item = pending.pop()
            if isinstance(item, str):
                values.add(item)
            elif isinstance(item, dict):
                pending.extend(item.values())
            elif isinstance(item, list):
                pending.extend(item)
    return values


def _json_located_strings(path: Path) -> Iterator[tuple[str, str]]:
    for prefix, element in _json_elements(path):
        pending = [(prefix, element)]
        while pending:
            where, item = pending.pop()
            if isinstance(item, str):
                yield where, item
            elif isinstance(item, dict):
                pending.extend((f"{where}.{_json_key(k)}", v) for k, v in item.items())
            elif isinstance(item, list):
                pending.extend((f"{where}[{i}]", v) for i, v in enumerate(item))


def _json_key(key: str) -> str:
    """A member's name in a JSON path, quoted (as DuckDB's json_tree quotes it) unless it is a plain name."""
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else json.dumps(key, ensure_ascii=False)


def _scan_database(
    con: duckdb.DuckDBPyConnection, path: Path, primary_keys: dict[str, Sequence[str]], verdicts: Verdicts
) -> list[Leak]:
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
            columns = _varchar_columns(con, relation)
            leaks += scan_relation(con, relation, table, columns, key, file=file, verdicts=verdicts)
        return leaks
    finally:
        con.execute("DETACH scanned")
