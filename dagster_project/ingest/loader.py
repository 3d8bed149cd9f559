"""Load landing files into the raw tables with DuckDB's own readers and set-based SQL.

What belongs here: turning the declarations of `sources.py` into SQL, the bookkeeping that makes a load
idempotent and incremental (a file whose sha256 is already loaded is skipped; a changed file replaces its
rows; a file gone from the landing folder takes its rows with it), and quarantine. Nothing here loops over
records in Python: each file is read once by DuckDB (`read_text`, `read_csv`), its records are unnested and
checked in SQL, and the good ones are inserted in one statement.

Every record that came in ends either in its raw table or in `private.quarantine` (with the file, the
position and the reason); `audit.load_log` keeps the count of both per file and raw table, so
records_in = records_loaded + records_quarantined can be checked at any time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.hashing import file_sha256
from dagster_project.ingest.sources import SOURCES, RawTable, Source

PROVENANCE_COLUMNS = {
    "_source_file": "VARCHAR",
    "_source_sha256": "VARCHAR",
    "_record_position": "VARCHAR",
    "_loaded_at": "TIMESTAMPTZ",
}
SYNTHETIC_MARKER = "synthetic.json"

_AUDIT_DDL = """
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS private;
CREATE SCHEMA IF NOT EXISTS audit;
CREATE TABLE IF NOT EXISTS private.quarantine (
    source VARCHAR NOT NULL,
    raw_table VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    record_position VARCHAR,
    reason VARCHAR NOT NULL,
    record VARCHAR,
    quarantined_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS audit.load_log (
    source VARCHAR NOT NULL,
    raw_table VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    file_bytes BIGINT NOT NULL,
    is_synthetic BOOLEAN NOT NULL,
    records_in BIGINT NOT NULL,
    records_loaded BIGINT NOT NULL,
    records_quarantined BIGINT NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (raw_table, source_file)
);
"""


@dataclass(frozen=True)
class LandedFile:
    path: Path
    relative_path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class TableLoadStats:
    """What one load did to one raw table, and the totals it now holds."""

    raw_table: str
    files: int
    files_loaded: int
    files_unchanged: int
    files_removed: int
    records_in: int
    records_loaded: int
    records_quarantined: int
    quarantine_reasons: dict[str, int]

    @property
    def reconciles(self) -> bool:
        return self.records_in == self.records_loaded + self.records_quarantined


def landed_files(landing_dir: Path, source: Source) -> list[LandedFile]:
    folder = landing_dir / source.folder
    paths = sorted(p for p in folder.glob(source.pattern) if p.is_file()) if folder.is_dir() else []
    return [LandedFile(p, p.relative_to(landing_dir).as_posix(), file_sha256(p), p.stat().st_size) for p in paths]


def is_synthetic_landing(landing_dir: Path) -> bool:
    return (landing_dir / SYNTHETIC_MARKER).is_file()


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ddl_columns(table: RawTable) -> dict[str, str]:
    columns: dict[str, str] = {}
    if table.parent_key:
        columns[table.parent_key[0]] = "VARCHAR"
    for name in table.columns:
        columns[name] = "JSON" if name in table.json_columns else "VARCHAR"
    return {**columns, **PROVENANCE_COLUMNS}


def ensure_tables(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """Create the audit tables and the source's raw tables; a raw table whose declared columns changed is
    rebuilt, and its files forgotten so they load again."""
    con.execute(_AUDIT_DDL)
    for table in source.tables:
        wanted = _ddl_columns(table)
        existing = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
            [table.schema, table.name],
        ).fetchall()
        current = {name: ("TIMESTAMPTZ" if kind == "TIMESTAMP WITH TIME ZONE" else kind) for name, kind in existing}
        if current == wanted:
            continue
        columns_sql = ", ".join(f'"{name}" {kind}' for name, kind in wanted.items())
        con.execute(f"CREATE OR REPLACE TABLE {table.schema}.{table.name} ({columns_sql})")
        con.execute("DELETE FROM audit.load_log WHERE raw_table = ?", [table.name])
        con.execute("DELETE FROM private.quarantine WHERE raw_table = ?", [table.name])


def _reason_sql(table: RawTable) -> str:
    if not table.rules:
        return "NULL::VARCHAR"
    parts = ", ".join(f"CASE WHEN {rule.bad_sql} THEN {rule.reason_sql} END" for rule in table.rules)
    return f"nullif(concat_ws('; ', {parts}), '')"


def _extract_sql(table: RawTable, record: str) -> str:
    columns = []
    for name, path in table.columns.items():
        function = "json_extract" if name in table.json_columns else "json_extract_string"
        columns.append(f'{function}({record}, {_sql_str(path)}) AS "{name}"')
    return ", ".join(columns)


def forget_file(con: duckdb.DuckDBPyConnection, source: Source, file: str) -> None:
    """Remove everything one landing file brought: its raw rows, its quarantine rows, its load-log rows."""
    for table in source.tables:
        con.execute(f"DELETE FROM {table.schema}.{table.name} WHERE _source_file = ?", [file])
    con.execute("DELETE FROM audit.load_log WHERE source = ? AND source_file = ?", [source.name, file])
    con.execute("DELETE FROM private.quarantine WHERE source = ? AND source_file = ?", [source.name, file])


class _FileLoad:
    """Loads one landed file into every raw table of its source.

    `read()` parses the file into temporary tables (a parse error would abort a DuckDB transaction, so it
    happens first, outside one); `write()` then replaces the file's rows inside the caller's transaction.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, source: Source, landed: LandedFile, synthetic: bool):
        self.con = con
        self.source = source
        self.landed = landed
        self.synthetic = synthetic
        self.unreadable: str | None = None
        self.counts: dict[str, tuple[int, int]] = {}

    def read(self) -> None:
        path = _sql_str(str(self.landed.path))
        if self.source.file_format == "jsonl":
            statement = f"""
                CREATE OR REPLACE TEMP TABLE _records AS
                SELECT try_cast(line AS JSON) AS rec, 'line ' || line_number AS pos,
                       CASE WHEN NOT json_valid(line) THEN 'line is not valid JSON'
                            WHEN json_type(try_cast(line AS JSON)) <> 'OBJECT' THEN 'line is not a JSON object'
                       END AS bad,
                       line AS text
                FROM (
                    SELECT rtrim(unnest(lines), chr(13)) AS line, generate_subscripts(lines, 1) AS line_number
                    FROM (SELECT string_split(content, chr(10)) AS lines FROM read_text({path}))
                )
                WHERE trim(line) <> ''
            """
        elif self.source.file_format == "json":
            statement = f"CREATE OR REPLACE TEMP TABLE _document AS SELECT content::JSON AS doc FROM read_text({path})"
        else:
            statement = f"""
                DROP TABLE IF EXISTS _csv_rejects; DROP TABLE IF EXISTS _csv_scans;
                CREATE OR REPLACE TEMP TABLE _csv AS
                SELECT row_number() OVER () AS _row, *
                FROM read_csv({path}, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true,
                              store_rejects = true, rejects_table = '_csv_rejects', rejects_scan = '_csv_scans')
            """
        try:
            self.con.execute(statement)
        except duckdb.Error as error:
            kind = "not valid JSON" if self.source.file_format == "json" else "not a readable file"
            self.unreadable = f"{kind}: {str(error).splitlines()[0]}"
            return
        if self.source.file_format == "json":
            if self.con.execute("SELECT json_type(doc) FROM _document").fetchone()[0] != "OBJECT":
                self.unreadable = "the file's top level is not a JSON object"
        elif self.source.file_format == "csv":
            header = {row[0] for row in self.con.execute("SELECT column_name FROM (DESCRIBE _csv)").fetchall()}
            missing = sorted({c for t in self.source.tables for c in t.columns.values()} - header)
            if missing:
                self.unreadable = f"the header lacks the columns {', '.join(missing)}"

    def write(self) -> None:
        forget_file(self.con, self.source, self.landed.relative_path)
        if self.unreadable:
            self._quarantine_whole_file(self.unreadable)
        elif self.source.file_format == "csv":
            self._load_csv()
        else:
            self._load_json()
        for table in self.source.tables:
            loaded, quarantined = self.counts.get(table.name, (0, 0))
            self.con.execute(
                "INSERT INTO audit.load_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
                [
                    self.source.name,
                    table.name,
                    self.landed.relative_path,
                    self.landed.sha256,
                    self.landed.size,
                    self.synthetic,
                    loaded + quarantined,
                    loaded,
                    quarantined,
                ],
            )

    def _provenance_sql(self) -> str:
        return f"{_sql_str(self.landed.relative_path)}, {_sql_str(self.landed.sha256)}"

    def _quarantine_whole_file(self, reason: str) -> None:
        """A file that cannot be read at all counts as one record in, and one quarantined, per raw table."""
        for table in self.source.tables:
            if table.is_companion:
                continue
            self.con.execute(
                "INSERT INTO private.quarantine VALUES (?, ?, ?, ?, 'whole file', ?, NULL, now())",
                [self.source.name, table.name, self.landed.relative_path, self.landed.sha256, reason],
            )
            self.counts[table.name] = (0, 1)

    def _split(self, table: RawTable, candidates: str) -> None:
        """Insert the candidates without a reason into the raw table, the others into quarantine."""
        data_columns = list(_ddl_columns(table))[: -len(PROVENANCE_COLUMNS)]
        select = ", ".join(f'"{c}"' for c in data_columns)
        self.con.execute(
            f"INSERT INTO {table.schema}.{table.name} "
            f"SELECT {select}, {self._provenance_sql()}, _record_position, now() "
            f"FROM {candidates} WHERE _reason IS NULL"
        )
        self.con.execute(
            f"INSERT INTO private.quarantine SELECT {_sql_str(self.source.name)}, {_sql_str(table.name)}, "
            f"{self._provenance_sql()}, _record_position, _reason, _record, now() "
            f"FROM {candidates} WHERE _reason IS NOT NULL"
        )
        loaded, quarantined = self.con.execute(
            f"SELECT count(*) FILTER (_reason IS NULL), count(*) FILTER (_reason IS NOT NULL) FROM {candidates}"
        ).fetchone()
        self.counts[table.name] = (loaded, quarantined)

    # JSON documents (popolo) and JSON lines (bills) -------------------------------------------------------

    def _load_json(self) -> None:
        for table in self.source.tables:
            parent = f"_candidates_{table.parent}" if table.parent else None
            if self.source.file_format == "jsonl" and parent is None:
                records = "SELECT rec, pos, bad AS parent_bad, text FROM _records"
            elif parent is None:
                array = _sql_str(table.records_path)
                records = f"""
                    SELECT rec, {_sql_str(table.records_path.removesuffix("[*]"))} || '[' || i || ']' AS pos,
                           NULL AS parent_bad, rec::VARCHAR AS text
                    FROM (SELECT unnest(json_extract(doc, {array})) AS rec,
                                 generate_subscripts(json_extract(doc, {array}), 1) - 1 AS i FROM _document)
                """
            else:
                array = _sql_str(table.records_path)
                parent_table = next(t for t in self.source.tables if t.name == table.parent)
                key_alias, key_column = table.parent_key
                records = f"""
                    SELECT rec,
                           CASE WHEN parent_pos LIKE 'line %' THEN parent_pos || ': $.' ELSE parent_pos || '.' END
                           || {_sql_str(table.records_path.removeprefix("$.").removesuffix("[*]"))} || '[' || i || ']'
                           AS pos,
                           CASE WHEN parent_reason IS NOT NULL
                                THEN 'its {parent_table.name} record is quarantined' END AS parent_bad,
                           rec::VARCHAR AS text, parent_key AS "{key_alias}"
                    FROM (SELECT unnest(json_extract(_rec, {array})) AS rec,
                                 generate_subscripts(json_extract(_rec, {array}), 1) - 1 AS i,
                                 _record_position AS parent_pos, _reason AS parent_reason,
                                 "{key_column}" AS parent_key
                          FROM {parent} WHERE _rec IS NOT NULL)
                """
            key_select = f'"{table.parent_key[0]}", ' if table.parent_key else ""
            self.con.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE _candidates_{table.name} AS
                SELECT *, coalesce(parent_bad, {_reason_sql(table)}) AS _reason
                FROM (
                    SELECT {key_select}{_extract_sql(table, "rec")}, pos AS _record_position,
                           text AS _record, rec AS _rec, parent_bad
                    FROM ({records})
                )
                """
            )
            self._split(table, f"_candidates_{table.name}")

    # CSV (submissions) ---------------------------------------------------------------------------------

    def _load_csv(self) -> None:
        main, *companions = self.source.tables
        rejected = self.con.execute(
            f"""
            INSERT INTO private.quarantine
            SELECT {_sql_str(self.source.name)}, {_sql_str(main.name)}, {self._provenance_sql()},
                   'line ' || line, arg_min(error_type || ': ' || error_message, column_idx), any_value(csv_line), now()
            FROM _csv_rejects
            GROUP BY line  -- DuckDB reports one error per missing column: one record, one quarantine row
            """
        ).fetchone()[0]
        for table in (main, *companions):
            columns = ", ".join(f'"{header_name}" AS "{name}"' for name, header_name in table.columns.items())
            rows = (
                f"SELECT {columns}, 'data row ' || _row AS _record_position, "
                "to_json(_csv)::VARCHAR AS _record, _row FROM _csv"
            )
            if table is main:
                candidates = f"SELECT *, {_reason_sql(main)} AS _reason FROM ({rows})"
            else:  # the private half of each row that loaded; its bad rows are already quarantined once
                candidates = (
                    f"SELECT _c.*, NULL::VARCHAR AS _reason FROM ({rows}) AS _c "
                    f"JOIN _candidates_{main.name} AS _main USING (_row) WHERE _main._reason IS NULL"
                )
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE _candidates_{table.name} AS {candidates}")
            self._split(table, f"_candidates_{table.name}")
        loaded, quarantined = self.counts[main.name]
        self.counts[main.name] = (loaded, quarantined + rejected)


def load_source(con: duckdb.DuckDBPyConnection, source: Source, landing_dir: Path) -> list[TableLoadStats]:
    """Bring the source's raw tables in line with the landing folder; return what changed per raw table."""
    ensure_tables(con, source)
    files = landed_files(landing_dir, source)
    synthetic = is_synthetic_landing(landing_dir)
    known = dict(
        con.execute(
            "SELECT DISTINCT source_file, source_sha256 FROM audit.load_log WHERE source = ?", [source.name]
        ).fetchall()
    )
    # A file counts as loaded only if every table of the source has its load-log row (a cut-off load re-runs).
    complete = {
        file
        for (file,) in con.execute(
            "SELECT source_file FROM audit.load_log WHERE source = ? GROUP BY source_file "
            "HAVING count(DISTINCT raw_table) = ? AND count(DISTINCT source_sha256) = 1",
            [source.name, len(source.tables)],
        ).fetchall()
    }
    current = {f.relative_path for f in files}
    to_load = [f for f in files if known.get(f.relative_path) != f.sha256 or f.relative_path not in complete]
    removed = sorted(set(known) - current)

    for file in removed:
        con.execute("BEGIN TRANSACTION")
        forget_file(con, source, file)
        con.execute("COMMIT")
    for landed in to_load:
        file_load = _FileLoad(con, source, landed, synthetic)
        file_load.read()
        con.execute("BEGIN TRANSACTION")
        try:
            file_load.write()
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return [_table_stats(con, source, table, files, len(to_load), len(removed)) for table in source.tables]


def _table_stats(
    con: duckdb.DuckDBPyConnection, source: Source, table: RawTable, files: list, loaded: int, removed: int
) -> TableLoadStats:
    records_in, records_loaded, records_quarantined = con.execute(
        "SELECT coalesce(sum(records_in), 0), coalesce(sum(records_loaded), 0), "
        "coalesce(sum(records_quarantined), 0) FROM audit.load_log WHERE raw_table = ?",
        [table.name],
    ).fetchone()
    reasons = dict(
        con.execute(
            "SELECT split_part(reason, ':', 1) AS kind, count(*) FROM private.quarantine "
            "WHERE raw_table = ? GROUP BY kind ORDER BY count(*) DESC LIMIT 20",
            [table.name],
        ).fetchall()
    )
    return TableLoadStats(
        raw_table=table.name,
        files=len(files),
        files_loaded=loaded,
        files_unchanged=len(files) - loaded,
        files_removed=removed,
        records_in=int(records_in),
        records_loaded=int(records_loaded),
        records_quarantined=int(records_quarantined),
        quarantine_reasons=reasons,
    )


def load_landing(con: duckdb.DuckDBPyConnection, landing_dir: Path) -> dict[str, TableLoadStats]:
    """Load every source of the landing folder (what the tests and the benchmark's baseline call)."""
    stats: dict[str, TableLoadStats] = {}
    for source in SOURCES:
        stats.update({s.raw_table: s for s in load_source(con, source, landing_dir)})
    return stats
