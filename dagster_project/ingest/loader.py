"""Load landing files into the raw tables with DuckDB's own readers and set-based SQL.

What belongs here: turning the declarations of `sources.py` into SQL, the bookkeeping that makes a load
idempotent and incremental (a file whose sha256 is already loaded is skipped; a changed file replaces its
rows; a file gone from the landing folder takes its rows with it), and quarantine. Nothing here loops over
records in Python: each file is read once by DuckDB (`read_text`, `read_csv`), its records are unnested and
checked in SQL, and the good ones are inserted in one statement.

Every record that came in ends either in its raw table or in `private.quarantine` (with the file, the
position and the reason). `audit.load_log` counts, per file and raw table, the records that came in as the file
holds them (the elements of each JSON array, the lines of a JSON-lines file, the records of a CSV file),
independently of what became of them; the stats count what the raw tables and the quarantine hold, so
records_in = records_loaded + records_quarantined is a check that fails when a record vanishes.

The landing folder is a boundary: a file is read through a path DuckDB cannot expand as a glob, a link that
leaves the folder is refused, files no source reads are listed (`ignored_files`), and a reason never quotes a
file's content. Records with the same key in several places are kept once, by a rule that depends only on the
files' names and content (`_resolve_duplicates`), so a daily run and a full refresh keep the same records.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
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
DUPLICATE_REASON = "duplicate"
MAX_VALUE_CHARS = 1_000_000  # a CSV value longer than this quarantines its row (no portal field is near it)
_GLOB_CHARACTERS = "[]*?{}"
_BLANKS_SQL = "' ' || chr(9) || chr(10) || chr(13) || chr(160)"  # what dbt's clean_id trims, so keys agree

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
# The key of every valid record of a keyed table, kept or not: what duplicates are resolved from; and the sources
# whose duplicates were resolved since their files last changed (so an unchanged folder costs no resolving).
_RECORD_KEYS_DDL = """
CREATE TABLE audit.record_keys (
    source VARCHAR NOT NULL,
    raw_table VARCHAR NOT NULL,
    record_key VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    record_position VARCHAR NOT NULL
);
CREATE TABLE audit.duplicates_resolved (source VARCHAR PRIMARY KEY);
"""


@dataclass(frozen=True)
class LandedFile:
    path: Path
    relative_path: str
    sha256: str
    size: int
    refused: str | None = None  # why the file is not read at all (a link leaving the landing folder)


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


def _is_read_by(source: Source, relative_path: str) -> bool:
    folder, _, name = relative_path.rpartition("/")
    return folder == source.folder and fnmatchcase(name, source.pattern)


def landed_files(landing_dir: Path, source: Source) -> list[LandedFile]:
    """The files of the source, sorted; a link whose target lies outside the landing folder is refused unread."""
    folder = landing_dir / source.folder
    root = landing_dir.resolve()
    names = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    paths = [folder / name for name in names if _is_read_by(source, f"{source.folder}/{name}")]
    files = []
    for path in (p for p in paths if p.is_file()):
        relative, target = path.relative_to(landing_dir).as_posix(), path.resolve()
        if target.is_relative_to(root):
            files.append(LandedFile(target, relative, file_sha256(target), target.stat().st_size))
        else:  # the sha256 of where it points, so a link pointed elsewhere is looked at again
            where = hashlib.sha256(os.fsencode(target)).hexdigest()
            files.append(LandedFile(path, relative, where, 0, "a link to a file outside the landing folder: refused"))
    return files


def ignored_files(landing_dir: Path) -> list[str]:
    """The files of the landing folder that no source reads (other extensions, other cases, sub-folders), sorted."""
    found = []
    for folder, _, names in os.walk(landing_dir):
        for name in names:
            relative = (Path(folder) / name).relative_to(landing_dir).as_posix()
            read = (Path(folder) / name).is_file() and any(_is_read_by(s, relative) for s in SOURCES)
            if not read and relative != SYNTHETIC_MARKER:
                found.append(relative)
    return sorted(found)


def is_synthetic_landing(landing_dir: Path) -> bool:
    return (landing_dir / SYNTHETIC_MARKER).is_file()


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _reader_path(path: Path) -> str:
    """The path as an argument of DuckDB's readers, which expand glob characters: each one is escaped as a class of
    one character (`[[]`, `[*]`), so the reader reads this file and no other."""
    return _sql_str("".join(f"[{c}]" if c in _GLOB_CHARACTERS else c for c in str(path)))


def _key_sql(column: str) -> str:
    return f"nullif(trim({column}, {_BLANKS_SQL}), '')"


def _position_order_sql(column: str, direction: str) -> str:
    """Positions in file order: their numbers compared as numbers ("[9]" before "[12]"), as dbt's macro does."""
    return f"CAST(regexp_extract_all({column}, '\\d+') AS BIGINT[]) {direction}, {column} {direction}"


def _child_prefix_sql(position: str) -> str:
    """What the position of each child record starts with, given its parent's: `$.vote_events[3].`, `line 5: $.`."""
    return f"CASE WHEN {position} LIKE 'line %' THEN {position} || ': $.' ELSE {position} || '.' END"


def _ddl_columns(table: RawTable) -> dict[str, str]:
    columns: dict[str, str] = {}
    if table.parent_key:
        columns[table.parent_key[0]] = "VARCHAR"
    for name in table.columns:
        columns[name] = "JSON" if name in table.json_columns else "VARCHAR"
    return {**columns, **PROVENANCE_COLUMNS}


def ensure_tables(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """Create the audit tables and the source's raw tables; a raw table whose declared columns changed is
    rebuilt, and its files forgotten so they load again (as every file is when the record keys are new)."""
    con.execute(_AUDIT_DDL)
    if not con.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = 'audit' AND table_name = 'record_keys'"
    ).fetchall():
        con.execute(_RECORD_KEYS_DDL)
        con.execute("DELETE FROM audit.load_log")
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
        con.execute("DELETE FROM audit.record_keys WHERE raw_table = ?", [table.name])


def _reason_sql(table: RawTable, *checks: str) -> str:
    """The reason a record is quarantined, or NULL: the `checks` (SQL giving a reason or NULL) and the table's
    rules. A rule's reason may quote a field's value: it is cut short, so no reason carries a long text."""
    parts = ", ".join((*checks, *(f"CASE WHEN {rule.bad_sql} THEN {rule.reason_sql} END" for rule in table.rules)))
    return f"left(nullif(concat_ws('; ', {parts}), ''), 300)" if parts else "NULL::VARCHAR"


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
    con.execute("DELETE FROM audit.record_keys WHERE source = ? AND source_file = ?", [source.name, file])
    con.execute("DELETE FROM audit.duplicates_resolved WHERE source = ?", [source.name])


def _json_error(error: duckdb.Error) -> str:
    """DuckDB's reason a document is not JSON, without the input it quotes after it."""
    found = re.search(r"Malformed JSON at byte (\d+) of input: ([a-z ,]+)", str(error))
    return f"not valid JSON: {found[2].strip()} at byte {found[1]}" if found else "not valid JSON"


def _csv_header(path: Path) -> list[str] | str:
    """The column names of a CSV file's header row (a byte-order mark is dropped), or why there are none. Read
    here, so that DuckDB's reader need not guess the dialect from a sample a bad row can spoil."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            line = file.readline(MAX_VALUE_CHARS)
    except UnicodeDecodeError:
        return "the header row is not UTF-8"
    if not line.strip():
        return "the file has no header row"
    names = next(csv.reader([line]))
    if len(set(names)) < len(names):
        return "the header row names a column twice"
    return names


class _FileLoad:
    """Loads one landed file into every raw table of its source.

    `read()` parses the file into temporary tables (a parse error would abort a DuckDB transaction, so it
    happens first, outside one); `write()` then replaces the file's rows inside the caller's transaction.
    `counts` holds, per raw table, (records in, loaded, quarantined); records in are counted from the file
    (array lengths, lines, CSV records), not from what was loaded.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, source: Source, landed: LandedFile, synthetic: bool):
        self.con = con
        self.source = source
        self.landed = landed
        self.synthetic = synthetic
        self.unreadable: str | None = landed.refused
        self.counts: dict[str, tuple[int, int, int]] = {}

    def read(self) -> None:
        if self.unreadable:
            return
        path = _reader_path(self.landed.path)
        content = "ltrim(content, chr(65279))"  # a UTF-8 byte-order mark is not part of the JSON
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
                    FROM (SELECT string_split({content}, chr(10)) AS lines FROM read_text({path}))
                )
                WHERE trim(line) <> ''
            """
        elif self.source.file_format == "json":
            statement = (
                f"CREATE OR REPLACE TEMP TABLE _document AS SELECT {content}::JSON AS doc FROM read_text({path})"
            )
        else:
            header = _csv_header(self.landed.path)
            if isinstance(header, str):
                self.unreadable = header
                return
            missing = sorted({c for t in self.source.tables for c in t.columns.values()} - set(header))
            if missing:
                self.unreadable = f"the header lacks the columns {', '.join(missing)}"
                return
            columns = ", ".join(f"{_sql_str(name)}: 'VARCHAR'" for name in header)
            # The header is given, so nothing is sniffed; no line can exceed a line size of the file's size, so
            # none is skipped; strict mode rejects a row with too many fields or a stray quote.
            statement = f"""
                DROP TABLE IF EXISTS _csv_rejects; DROP TABLE IF EXISTS _csv_scans;
                CREATE OR REPLACE TEMP TABLE _csv AS
                SELECT row_number() OVER () AS _row, *
                FROM read_csv({path}, header = true, auto_detect = false, columns = {{{columns}}}, delim = ',',
                              quote = '"', escape = '"', strict_mode = true,
                              max_line_size = {max(2_000_000, self.landed.size + 1)},
                              store_rejects = true, rejects_table = '_csv_rejects', rejects_scan = '_csv_scans')
            """
        try:
            self.con.execute(statement)
        except duckdb.Error as error:  # DuckDB's message may quote the file: it never goes into a reason
            self.unreadable = _json_error(error) if self.source.file_format == "json" else "not a readable file"
            return
        if self.source.file_format == "json":
            self.unreadable = self._document_shape()

    def _document_shape(self) -> str | None:
        """Why the document is not a shape this source reads, or None: the top level must be an object whose
        keys are the source's arrays (each an array) or its known other keys."""
        top, keys = self.con.execute("SELECT json_type(doc), json_keys(doc) FROM _document").fetchone()
        if top != "OBJECT":
            return "the file's top level is not a JSON object"
        arrays = {t.records_path.removeprefix("$.").removesuffix("[*]") for t in self.source.tables if not t.parent}
        unknown = [k for k in keys if k not in arrays and k not in self.source.other_keys]
        if unknown:
            named = ", ".join(k if re.fullmatch(r"[\w -]{1,40}", k) else "(a key that is not a name)" for k in unknown)
            expected = ", ".join(sorted(arrays))
            return f"unknown top-level key {named}: the file's shape is not recognised (arrays: {expected})"
        for key in sorted(arrays & set(keys)):
            kind = self.con.execute(f"SELECT json_type(doc, {_sql_str('$.' + key)}) FROM _document").fetchone()[0]
            if kind != "ARRAY":
                return f"$.{key} is {kind.lower()}, not an array: the file's shape is not recognised"
        return None

    def write(self) -> None:
        forget_file(self.con, self.source, self.landed.relative_path)
        if self.unreadable:
            self._quarantine_whole_file(self.unreadable)
        elif self.source.file_format == "csv":
            self._load_csv()
        else:
            self._load_json()
        for table in self.source.tables:
            records_in, loaded, quarantined = self.counts.get(table.name, (0, 0, 0))
            self.con.execute(
                "INSERT INTO audit.load_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
                [
                    self.source.name,
                    table.name,
                    self.landed.relative_path,
                    self.landed.sha256,
                    self.landed.size,
                    self.synthetic,
                    records_in,
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
            self.counts[table.name] = (1, 0, 1)

    def _split(self, table: RawTable, candidates: str, records_in: int) -> None:
        """Insert the candidates without a reason into the raw table (and their keys into the record keys), the
        others into quarantine."""
        data_columns = list(_ddl_columns(table))[: -len(PROVENANCE_COLUMNS)]
        select = ", ".join(f'"{c}"' for c in data_columns)
        self.con.execute(
            f"INSERT INTO {table.schema}.{table.name} "
            f"SELECT {select}, {self._provenance_sql()}, _record_position, now() "
            f"FROM {candidates} WHERE _reason IS NULL"
        )
        if table.key:
            self.con.execute(
                f"INSERT INTO audit.record_keys SELECT {_sql_str(self.source.name)}, {_sql_str(table.name)}, "
                f"{_key_sql(table.key)}, {_sql_str(self.landed.relative_path)}, _record_position "
                f"FROM {candidates} WHERE _reason IS NULL AND {_key_sql(table.key)} IS NOT NULL"
            )
        self.con.execute(
            f"INSERT INTO private.quarantine SELECT {_sql_str(self.source.name)}, {_sql_str(table.name)}, "
            f"{self._provenance_sql()}, _record_position, _reason, _record, now() "
            f"FROM {candidates} WHERE _reason IS NOT NULL"
        )
        loaded, quarantined = self.con.execute(
            f"SELECT count(*) FILTER (_reason IS NULL), count(*) FILTER (_reason IS NOT NULL) FROM {candidates}"
        ).fetchone()
        self.counts[table.name] = (records_in, loaded, quarantined)

    # JSON documents (popolo) and JSON lines (bills) -------------------------------------------------------

    def _load_json(self) -> None:
        for table in self.source.tables:
            parent = f"_candidates_{table.parent}" if table.parent else None
            if self.source.file_format == "jsonl" and parent is None:
                records = "SELECT rec, pos, bad AS parent_bad, text FROM _records"
                records_in = "SELECT count(*) FROM _records"
            elif parent is None:
                array = _sql_str(table.records_path)
                records = f"""
                    SELECT rec, {_sql_str(table.records_path.removesuffix("[*]"))} || '[' || i || ']' AS pos,
                           NULL AS parent_bad, rec::VARCHAR AS text
                    FROM (SELECT unnest(json_extract(doc, {array})) AS rec,
                                 generate_subscripts(json_extract(doc, {array}), 1) - 1 AS i FROM _document)
                """
                length = _sql_str(table.records_path.removesuffix("[*]"))
                records_in = f"SELECT coalesce(json_array_length(doc, {length}), 0) FROM _document"
            else:
                array = _sql_str(table.records_path)
                parent_table = next(t for t in self.source.tables if t.name == table.parent)
                key_alias, key_column = table.parent_key
                records = f"""
                    SELECT rec,
                           {_child_prefix_sql("parent_pos")}
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
                length = _sql_str(table.records_path.removesuffix("[*]"))
                records_in = f"SELECT coalesce(sum(json_array_length(_rec, {length})), 0) FROM {parent}"
            key_select = f'"{table.parent_key[0]}", ' if table.parent_key else ""
            # A record must be an object, and each array its children come from must be an array (or absent).
            checks = ["CASE WHEN json_type(_rec) <> 'OBJECT' THEN 'the record is not a JSON object' END"]
            for child in (t for t in self.source.tables if t.parent == table.name):
                child_path = child.records_path.removesuffix("[*]")
                checks.append(
                    f"CASE WHEN json_type(_rec, {_sql_str(child_path)}) NOT IN ('ARRAY', 'NULL') "
                    f"THEN {_sql_str(child_path.removeprefix('$.') + ' is not an array')} END"
                )
            self.con.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE _candidates_{table.name} AS
                SELECT *, coalesce(parent_bad, {_reason_sql(table, *checks)}) AS _reason
                FROM (
                    SELECT {key_select}{_extract_sql(table, "rec")}, pos AS _record_position,
                           text AS _record, rec AS _rec, parent_bad
                    FROM ({records})
                )
                """
            )
            self._split(table, f"_candidates_{table.name}", self.con.execute(records_in).fetchone()[0])

    # CSV (submissions) ---------------------------------------------------------------------------------

    def _load_csv(self) -> None:
        main, *companions = self.source.tables
        reason = (
            "error_type || coalesce(': ' || nullif(regexp_extract(error_message, "
            "'^Expected Number of Columns: \\d+ Found: \\d+'), ''), '')"
        )  # DuckDB's message may quote the line: only its kind and the field counts are kept
        rejected = self.con.execute(
            f"""
            INSERT INTO private.quarantine
            SELECT {_sql_str(self.source.name)}, {_sql_str(main.name)}, {self._provenance_sql()},
                   'line ' || line, arg_min({reason}, column_idx), any_value(csv_line), now()
            FROM _csv_rejects
            GROUP BY line  -- DuckDB reports one error per missing column: one record, one quarantine row
            """
        ).fetchone()[0]
        header = [c for c in self.con.execute("SELECT column_name FROM (DESCRIBE _csv)").fetchall()][1:]
        longest = ", ".join(f"coalesce(length({_sql_ident(name)}), 0)" for (name,) in header)
        too_long = (
            f"CASE WHEN greatest({longest}) > {MAX_VALUE_CHARS} "
            f"THEN 'a value is longer than {MAX_VALUE_CHARS} characters' END"
        )
        for table in (main, *companions):
            columns = ", ".join(f'"{header_name}" AS "{name}"' for name, header_name in table.columns.items())
            rows = (
                f"SELECT {columns}, 'data row ' || _row AS _record_position, "
                f"to_json(_csv)::VARCHAR AS _record, _row, {too_long} AS _too_long FROM _csv"
            )
            if table is main:
                candidates = f"SELECT *, coalesce(_too_long, {_reason_sql(main)}) AS _reason FROM ({rows})"
            else:  # the private half of each row that loaded; its bad rows are already quarantined once
                candidates = (
                    f"SELECT _c.*, NULL::VARCHAR AS _reason FROM ({rows}) AS _c "
                    f"JOIN _candidates_{main.name} AS _main USING (_row) WHERE _main._reason IS NULL"
                )
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE _candidates_{table.name} AS {candidates}")
            records_in = self.con.execute(f"SELECT count(*) FROM _candidates_{table.name}").fetchone()[0]
            if table is main:
                records_in = self._csv_records_in(main, records_in + rejected)
            self._split(table, f"_candidates_{table.name}", records_in)
        records_in, loaded, quarantined = self.counts[main.name]
        self.counts[main.name] = (records_in, loaded, quarantined + rejected)

    def _csv_records_in(self, main: RawTable, read: int) -> int:
        """The records of the CSV file: those the reader returned or rejected, checked against the file's
        non-blank lines when no record spans lines; more lines than records means the reader lost some, and then
        the file's lines are what came in, so the reconciliation fails."""
        spans_lines = self.con.execute(
            f"SELECT (SELECT bool_or(contains(_record, '\\n')) FROM _candidates_{main.name}) "
            "OR (SELECT bool_or(contains(rtrim(csv_line, chr(10) || chr(13)), chr(10))) FROM _csv_rejects)"
        ).fetchone()[0]
        if spans_lines:
            return read
        try:
            path = _reader_path(self.landed.path)
            (lines,) = self.con.execute(
                "SELECT count(*) FILTER (trim(line, chr(13)) <> '') - 1 FROM "
                f"(SELECT unnest(string_split(content, chr(10))) AS line FROM read_text({path}))"
            ).fetchone()
        except duckdb.Error:  # not UTF-8: the reader has rejected the bad rows, there is nothing to count lines by
            return read
        return max(read, lines)


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
    by_path = {f.relative_path: f for f in files}
    pending, loaded = to_load, {f.relative_path for f in to_load}
    while True:  # a file whose lost duplicates changed is read again (a second round finds none)
        for landed in pending:
            _load_file(con, source, landed, synthetic)
        resolved = con.execute("SELECT 1 FROM audit.duplicates_resolved WHERE source = ?", [source.name]).fetchall()
        pending = [] if resolved else [by_path[file] for file in _resolve_duplicates(con, source)]
        if not pending:
            break
        loaded |= {f.relative_path for f in pending}
    return [_table_stats(con, source, table, files, len(loaded), len(removed)) for table in source.tables]


def _load_file(con: duckdb.DuckDBPyConnection, source: Source, landed: LandedFile, synthetic: bool) -> None:
    file_load = _FileLoad(con, source, landed, synthetic)
    file_load.read()
    con.execute("BEGIN TRANSACTION")
    try:
        file_load.write()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _resolve_duplicates(con: duckdb.DuckDBPyConnection, source: Source) -> list[str]:
    """Keep one record per key of each keyed table: the one in the file whose path sorts last, and in that file
    the last (landing files carry their date in their name). Only names and content decide, never the order of
    loads, so a daily run keeps what a full refresh keeps.

    Each other record with that key leaves the raw table for the quarantine, with the file and position of the
    record kept, and so do its child records. Returns the files to read again: those with a quarantined duplicate
    that is now kept, or now loses to another record (its kept record's file changed or went away).
    """
    con.execute("BEGIN TRANSACTION")
    try:
        stale = _demote_duplicates(con, source)
        if not stale:
            con.execute("INSERT INTO audit.duplicates_resolved VALUES (?)", [source.name])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return stale


def _demote_duplicates(con: duckdb.DuckDBPyConnection, source: Source) -> list[str]:
    order = f"source_file DESC, {_position_order_sql('record_position', 'DESC')}"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _losers AS
        SELECT * FROM (
            SELECT raw_table, record_key, source_file, record_position,
                   row_number() OVER kept AS rank,
                   '{DUPLICATE_REASON}: the record with this ' || raw_table || ' key at '
                   || first_value(source_file) OVER kept || ' ' || first_value(record_position) OVER kept
                   || ' is kept (the file whose path sorts last wins)' AS reason
            FROM audit.record_keys WHERE source = ?
            WINDOW kept AS (PARTITION BY raw_table, record_key ORDER BY {order})
        ) WHERE rank > 1
        """,
        [source.name],
    )
    stale = {
        file
        for (file,) in con.execute(
            f"""
            SELECT DISTINCT source_file FROM private.quarantine
            WHERE source = ? AND starts_with(reason, '{DUPLICATE_REASON}: ')
              AND (raw_table, source_file, record_position, reason) NOT IN
                  (SELECT (raw_table, source_file, record_position, reason) FROM _losers)
            """,
            [source.name],
        ).fetchall()
    }
    changed: set[tuple[str, str]] = set()
    for table in (t for t in source.tables if t.key):
        relation = f"{table.schema}.{table.name}"
        demoted = con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _demoted AS
            SELECT _raw.*, _losers.reason AS _reason FROM {relation} AS _raw
            JOIN _losers ON _losers.raw_table = {_sql_str(table.name)}
                 AND _raw._source_file = _losers.source_file AND _raw._record_position = _losers.record_position
            """
        ).fetchone()[0]
        if not demoted:
            continue
        data = ", ".join(f'"{c}"' for c in list(_ddl_columns(table))[: -len(PROVENANCE_COLUMNS)])
        con.execute(
            f"INSERT INTO private.quarantine SELECT {_sql_str(source.name)}, {_sql_str(table.name)}, _source_file, "
            f"_source_sha256, _record_position, _reason, to_json(struct_pack({data}))::VARCHAR, now() FROM _demoted"
        )
        con.execute(
            f"DELETE FROM {relation} WHERE (_source_file, _record_position) IN "
            "(SELECT (_source_file, _record_position) FROM _demoted)"
        )
        files = [f for (f,) in con.execute("SELECT DISTINCT _source_file FROM _demoted").fetchall()]
        changed |= {(table.name, f) for f in files}
        for child in (t for t in source.tables if t.parent == table.name):
            _demote_children(con, source, table, child)
            changed |= {(child.name, f) for f in files}
    for table_name, file in changed:
        _recount(con, source, table_name, file)
    return sorted(stale)


def _demote_children(con: duckdb.DuckDBPyConnection, source: Source, parent: RawTable, child: RawTable) -> None:
    """The child records of the demoted records go too: to quarantine, or, for the private half of a CSV row,
    away (its row is quarantined once, as its parent)."""
    relation = f"{child.schema}.{child.name}"
    if child.is_companion:  # the same CSV row: the same position
        match = "_c._record_position = _d._record_position"
    else:
        key_alias, key_column = child.parent_key
        match = (
            f'_c."{key_alias}" = _d."{key_column}" '
            f"AND starts_with(_c._record_position, {_child_prefix_sql('_d._record_position')})"
        )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _demoted_children AS SELECT _c.* FROM {relation} AS _c "
        f"JOIN _demoted AS _d ON _c._source_file = _d._source_file AND {match}"
    )
    if not child.is_companion:
        data = ", ".join(f'"{c}"' for c in list(_ddl_columns(child))[: -len(PROVENANCE_COLUMNS)])
        con.execute(
            f"INSERT INTO private.quarantine SELECT {_sql_str(source.name)}, {_sql_str(child.name)}, _source_file, "
            f"_source_sha256, _record_position, 'its {parent.name} record is a duplicate', "
            f"to_json(struct_pack({data}))::VARCHAR, now() FROM _demoted_children"
        )
    con.execute(
        f"DELETE FROM {relation} WHERE (_source_file, _record_position) IN "
        "(SELECT (_source_file, _record_position) FROM _demoted_children)"
    )


def _recount(con: duckdb.DuckDBPyConnection, source: Source, table_name: str, file: str) -> None:
    """The load log's counts of one file and raw table, from what the table and the quarantine now hold (a
    companion table's records in are the rows of its parent that loaded: they are its rows)."""
    table = next(t for t in source.tables if t.name == table_name)
    (loaded,) = con.execute(
        f"SELECT count(*) FROM {table.schema}.{table.name} WHERE _source_file = ?", [file]
    ).fetchone()
    (quarantined,) = con.execute(
        "SELECT count(*) FROM private.quarantine WHERE raw_table = ? AND source_file = ?", [table.name, file]
    ).fetchone()
    records_in = "records_in" if not table.is_companion else str(loaded)
    con.execute(
        f"UPDATE audit.load_log SET records_in = {records_in}, records_loaded = ?, records_quarantined = ? "
        "WHERE raw_table = ? AND source_file = ?",
        [loaded, quarantined, table.name, file],
    )


def _table_stats(
    con: duckdb.DuckDBPyConnection, source: Source, table: RawTable, files: list, loaded: int, removed: int
) -> TableLoadStats:
    """Records in as the load log counted them from the files; loaded and quarantined as the raw table and the
    quarantine hold them now: a record lost between the two makes the stats fail to reconcile."""
    (records_in,) = con.execute(
        "SELECT coalesce(sum(records_in), 0) FROM audit.load_log WHERE raw_table = ?", [table.name]
    ).fetchone()
    (records_loaded,) = con.execute(f"SELECT count(*) FROM {table.schema}.{table.name}").fetchone()
    (records_quarantined,) = con.execute(
        "SELECT count(*) FROM private.quarantine WHERE raw_table = ?", [table.name]
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
