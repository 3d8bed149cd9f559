"""Load landing files into the raw tables with DuckDB's own readers and set-based SQL.

What belongs here: turning the declarations of `sources.py` into SQL, the bookkeeping that makes a load
idempotent and incremental (a file whose sha256 is already loaded is skipped; a changed file replaces its
rows; a file gone from the landing folder takes its rows with it), and quarantine. Nothing here loops over
records or files in Python: the files are read by DuckDB many at a time (`read_text` of a batch of up to
`BATCH_BYTES`; `read_csv` of one CSV file), each JSON document is parsed once for its shape, once for its arrays,
each record once for its fields, the records of the whole batch are checked in SQL, and the good ones inserted
in one statement per raw table.

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
# The landing files one query reads at most. A batch's documents and records are held several times over as they
# are unnested and checked: 32 MB of vote files peak at about 1.5 GB resident, as fast as 64 MB (2.1 GB) and well
# below the warehouse's 3GB memory limit. A larger file is read alone.
BATCH_BYTES = 32 * 1024 * 1024
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


def _extract_sql(table: RawTable, record: str) -> tuple[str, str]:
    """The table's columns from each `record`, which is parsed once for its text columns and once for its JSON
    ones (a list of paths, not a call per column): the select list of those lists, and of the columns."""
    texts = [name for name in table.columns if name not in table.json_columns]
    jsons = [name for name in table.columns if name in table.json_columns]
    lists = [
        f"{function}({record}, [{', '.join(_sql_str(table.columns[n]) for n in names)}]) AS {alias}"
        for function, names, alias in (("json_extract_string", texts, "_texts"), ("json_extract", jsons, "_jsons"))
        if names
    ]
    columns = [
        f'_jsons[{jsons.index(name) + 1}] AS "{name}"'
        if name in jsons
        else f'_texts[{texts.index(name) + 1}] AS "{name}"'
        for name in table.columns
    ]
    return ", ".join(lists), ", ".join(columns)


def _elements_sql(array: str, guard: str | None = None) -> str:
    """The elements of a JSON array, as a list of JSON values. Casting the array is several times faster than
    the `[*]` wildcard and gives the same texts, but turns a JSON null into SQL NULL, which is put back. With
    `guard` (the arguments of `json_type` that find the array), a value that is not an array has no elements."""
    elements = f"list_transform(CAST({array} AS JSON[]), lambda e: coalesce(e, 'null'::JSON))"
    return f"CASE WHEN json_type({guard}) = 'ARRAY' THEN {elements} END" if guard else elements


def _shape_reason(source: Source, arrays: list[str], top: str, keys: list[str], kinds: dict[str, str]) -> str | None:
    """Why a document is not a shape this source reads, or None: the top level must be an object whose keys are
    the source's `arrays` (each an array: `kinds` gives each one's JSON type) or its known other keys."""
    if top != "OBJECT":
        return "the file's top level is not a JSON object"
    unknown = [k for k in keys if k not in arrays and k not in source.other_keys]
    if unknown:
        named = ", ".join(k if re.fullmatch(r"[\w -]{1,40}", k) else "(a key that is not a name)" for k in unknown)
        return f"unknown top-level key {named}: the file's shape is not recognised (arrays: {', '.join(arrays)})"
    for key in sorted(set(arrays) & set(keys)):
        if kinds[key] != "ARRAY":
            return f"$.{key} is {kinds[key].lower()}, not an array: the file's shape is not recognised"
    return None


def _provenance_sql(landed: LandedFile) -> str:
    return f"{_sql_str(landed.relative_path)}, {_sql_str(landed.sha256)}"


def forget_files(con: duckdb.DuckDBPyConnection, source: Source, files: list[str]) -> None:
    """Remove everything the landing files brought: their raw rows, their quarantine rows, their load-log rows."""
    if not files:
        return
    listed = "(SELECT unnest(?::VARCHAR[]))"
    for table in source.tables:
        con.execute(f"DELETE FROM {table.schema}.{table.name} WHERE _source_file IN {listed}", [files])
    for table in ("audit.load_log", "private.quarantine", "audit.record_keys"):
        con.execute(f"DELETE FROM {table} WHERE source = ? AND source_file IN {listed}", [source.name, files])
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


class _BatchLoad:
    """Loads a batch of landed files of one source into every raw table, all the batch's files in each query.

    `read()` parses the files into temporary tables whose rows name their file (`_file`). A parse error would
    abort a DuckDB transaction, so reading happens first, outside one; when the batch cannot be read in one
    query, each file is read alone, so a bad file gets its own reason and the others still load. `write()` then
    replaces the files' rows inside the caller's transaction. `counts` holds, per file and raw table, (records
    in, loaded, quarantined); records in are counted from the files (array lengths, lines, CSV records), not
    from what was loaded. A CSV file is a batch of its own (its header and the reader's rejects are per file).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, source: Source, files: list[LandedFile], synthetic: bool):
        self.con = con
        self.source = source
        self.files = files
        self.synthetic = synthetic
        self.unreadable: dict[str, str] = {f.relative_path: f.refused for f in files if f.refused}
        self.records_in: dict[tuple[str, str], int] = {}  # (file, raw table) -> records in, counted from the file
        self.counts: dict[tuple[str, str], tuple[int, int, int]] = {}

    def _readable(self) -> list[LandedFile]:
        return [f for f in self.files if f.relative_path not in self.unreadable]

    def _arrays(self) -> dict[str, RawTable]:
        """The top-level arrays of a JSON document source, and the raw table each one feeds."""
        tables = (t for t in self.source.tables if not t.parent)
        return {t.records_path.removeprefix("$.").removesuffix("[*]"): t for t in tables}

    def read(self) -> None:
        files = self._readable()
        self.con.execute("CREATE OR REPLACE TEMP TABLE _batch (_file VARCHAR, _sha256 VARCHAR, _path VARCHAR)")
        if files:
            rows = ", ".join(
                f"({_sql_str(f.relative_path)}, {_sql_str(f.sha256)}, {_sql_str(str(f.path))})" for f in files
            )
            self.con.execute(f"INSERT INTO _batch VALUES {rows}")
        if self.source.file_format == "csv":
            if files:
                self._read_csv(files[0])
            return
        json = self.source.file_format == "json"
        target = "_document" if json else "_records"
        columns = "doc JSON" if json else "rec JSON, pos VARCHAR, bad VARCHAR, text VARCHAR"
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {target} (_file VARCHAR, {columns})")
        try:
            if files:
                self.con.execute(f"INSERT INTO {target} {self._read_sql(files)}")
        except duckdb.Error as error:
            if len(files) == 1:
                self.unreadable[files[0].relative_path] = self._read_error(error)
            else:  # a file of the batch cannot be read: each is read alone, and the one that fails says why
                for landed in files:
                    try:
                        self.con.execute(f"INSERT INTO {target} {self._read_sql([landed])}")
                    except duckdb.Error as one_error:
                        self.unreadable[landed.relative_path] = self._read_error(one_error)
        if json:
            self._check_shapes()

    def _read_error(self, error: duckdb.Error) -> str:
        """The reason a file cannot be read: DuckDB's message may quote the file, so it never goes into one."""
        return _json_error(error) if self.source.file_format == "json" else "not a readable file"

    def _read_sql(self, files: list[LandedFile]) -> str:
        """The query reading `files` (one `read_text` of them all) into `_document` (JSON) or `_records` (JSON
        lines), each row with its file."""
        paths = ", ".join(_reader_path(f.path) for f in files)
        texts = f"read_text([{paths}]) AS _t JOIN _batch AS _b ON _b._path = _t.filename"
        content = "ltrim(_t.content, chr(65279))"  # a UTF-8 byte-order mark is not part of the JSON
        if self.source.file_format == "json":
            return f"SELECT _b._file, {content}::JSON FROM {texts}"
        return f"""
            SELECT _file, try_cast(line AS JSON), 'line ' || line_number,
                   CASE WHEN NOT json_valid(line) THEN 'line is not valid JSON'
                        WHEN json_type(try_cast(line AS JSON)) <> 'OBJECT' THEN 'line is not a JSON object'
                   END,
                   line
            FROM (
                SELECT _file, rtrim(unnest(lines), chr(13)) AS line, generate_subscripts(lines, 1) AS line_number
                FROM (SELECT _b._file, string_split({content}, chr(10)) AS lines FROM {texts})
            )
            WHERE trim(line) <> ''
        """

    def _check_shapes(self) -> None:
        """Each document whose shape is not one this source reads is unreadable, and leaves `_document`: the top
        level must be an object whose keys are the source's arrays (each an array) or its known other keys.
        The others' arrays are extracted, once, into `_arrays`, and their lengths are the records in."""
        arrays = sorted(self._arrays())
        paths = "[" + ", ".join(_sql_str("$." + key) for key in arrays) + "]"
        shapes = self.con.execute(
            f"SELECT _file, json_type(doc), json_keys(doc), json_type(doc, {paths}) FROM _document"
        )
        for file, top, keys, kinds in shapes.fetchall():
            reason = _shape_reason(self.source, arrays, top, keys, dict(zip(arrays, kinds, strict=True)))
            if reason:
                self.unreadable[file] = reason
        self.con.execute("DELETE FROM _document WHERE list_contains(?, _file)", [list(self.unreadable)])
        self.con.execute(
            f"CREATE OR REPLACE TEMP TABLE _arrays AS "
            f"SELECT _file, json_array_length(doc, {paths}) AS lengths, json_extract(doc, {paths}) AS arrays "
            "FROM _document"
        )
        self.con.execute("DROP TABLE _document")  # what is left of the documents is in `_arrays`
        tables = self._arrays()
        for file, lengths in self.con.execute("SELECT _file, lengths FROM _arrays").fetchall():
            for key, length in zip(arrays, lengths, strict=True):
                self.records_in[(file, tables[key].name)] = length or 0

    def write(self) -> None:
        forget_files(self.con, self.source, [f.relative_path for f in self.files])
        for file, reason in self.unreadable.items():
            self._quarantine_whole_file(file, reason)
        readable = self._readable()
        if readable and self.source.file_format == "csv":
            self._load_csv(readable[0])
        elif readable:
            self._load_json()
        rows = []
        for landed in self.files:
            for table in self.source.tables:
                counts = self.counts.get((landed.relative_path, table.name), (0, 0, 0))
                texts = (self.source.name, table.name, landed.relative_path, landed.sha256)
                numbers = (landed.size, str(self.synthetic).lower(), *counts)
                rows.append(f"({', '.join([*map(_sql_str, texts), *map(str, numbers)])}, now())")
        self.con.execute(f"INSERT INTO audit.load_log VALUES {', '.join(rows)}")

    def _quarantine_whole_file(self, file: str, reason: str) -> None:
        """A file that cannot be read at all counts as one record in, and one quarantined, per raw table."""
        sha256 = next(f.sha256 for f in self.files if f.relative_path == file)
        for table in self.source.tables:
            if table.is_companion:
                continue
            self.con.execute(
                "INSERT INTO private.quarantine VALUES (?, ?, ?, ?, 'whole file', ?, NULL, now())",
                [self.source.name, table.name, file, sha256, reason],
            )
            self.counts[(file, table.name)] = (1, 0, 1)

    def _split(self, table: RawTable, candidates: str) -> None:
        """Insert the candidates without a reason into the raw table (and their keys into the record keys), the
        others into quarantine, each with its file's provenance."""
        data_columns = list(_ddl_columns(table))[: -len(PROVENANCE_COLUMNS)]
        select = ", ".join(f'_c."{c}"' for c in data_columns)
        joined = f"{candidates} AS _c JOIN _batch AS _b USING (_file)"
        self.con.execute(
            f"INSERT INTO {table.schema}.{table.name} "
            f"SELECT {select}, _c._file, _b._sha256, _c._record_position, now() FROM {joined} WHERE _c._reason IS NULL"
        )
        if table.key:
            self.con.execute(
                f"INSERT INTO audit.record_keys SELECT {_sql_str(self.source.name)}, {_sql_str(table.name)}, "
                f"{_key_sql(table.key)}, _file, _record_position "
                f"FROM {candidates} WHERE _reason IS NULL AND {_key_sql(table.key)} IS NOT NULL"
            )
        self.con.execute(
            f"INSERT INTO private.quarantine SELECT {_sql_str(self.source.name)}, {_sql_str(table.name)}, "
            f"_c._file, _b._sha256, _c._record_position, _c._reason, _c._record, now() "
            f"FROM {joined} WHERE _c._reason IS NOT NULL"
        )
        split = self.con.execute(
            f"SELECT _file, count(*) FILTER (_reason IS NULL), count(*) FILTER (_reason IS NOT NULL) "
            f"FROM {candidates} GROUP BY _file"
        ).fetchall()
        by_file = {file: (loaded, quarantined) for file, loaded, quarantined in split}
        for landed in self._readable():
            key = (landed.relative_path, table.name)
            self.counts[key] = (self.records_in.get(key, 0), *by_file.get(landed.relative_path, (0, 0)))

    def _read_csv(self, landed: LandedFile) -> None:
        """Read one CSV file into `_csv`, its rejected rows into `_csv_rejects`."""
        path = _reader_path(landed.path)
        header = _csv_header(landed.path)
        if isinstance(header, str):
            self.unreadable[landed.relative_path] = header
            return
        missing = sorted({c for t in self.source.tables for c in t.columns.values()} - set(header))
        if missing:
            self.unreadable[landed.relative_path] = f"the header lacks the columns {', '.join(missing)}"
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
                          max_line_size = {max(2_000_000, landed.size + 1)},
                          store_rejects = true, rejects_table = '_csv_rejects', rejects_scan = '_csv_scans')
        """
        try:
            self.con.execute(statement)
        except duckdb.Error:  # DuckDB's message may quote the file: it never goes into a reason
            self.unreadable[landed.relative_path] = "not a readable file"

    # JSON documents (popolo) and JSON lines (bills) -------------------------------------------------------

    def _load_json(self) -> None:
        arrays = sorted(self._arrays())
        for table in self.source.tables:
            parent = f"_candidates_{table.parent}" if table.parent else None
            array = table.records_path.removesuffix("[*]")
            if self.source.file_format == "jsonl" and parent is None:
                records = "SELECT _file, rec, pos, bad AS parent_bad, text FROM _records"
                counted = "SELECT _file, count(*) FROM _records GROUP BY _file"
            elif parent is None:  # the array extracted by `_check_shapes`; its lengths are the records in
                elements = _elements_sql(f"arrays[{arrays.index(array.removeprefix('$.')) + 1}]")
                records = f"""
                    SELECT _file, rec, {_sql_str(array)} || '[' || i || ']' AS pos, NULL AS parent_bad,
                           rec::VARCHAR AS text
                    FROM (SELECT _file, unnest(elements) AS rec, generate_subscripts(elements, 1) - 1 AS i
                          FROM (SELECT _file, {elements} AS elements FROM _arrays))
                """
                counted = None
            else:
                parent_table = next(t for t in self.source.tables if t.name == table.parent)
                key_alias, key_column = table.parent_key
                child = _sql_str(array.removeprefix("$."))
                elements = _elements_sql(f"json_extract(_rec, {_sql_str(array)})", guard=f"_rec, {_sql_str(array)}")
                records = f"""
                    SELECT _file, rec, {_child_prefix_sql("parent_pos")} || {child} || '[' || i || ']' AS pos,
                           CASE WHEN parent_reason IS NOT NULL
                                THEN 'its {parent_table.name} record is quarantined' END AS parent_bad,
                           rec::VARCHAR AS text, parent_key AS "{key_alias}"
                    FROM (SELECT _file, unnest(elements) AS rec, generate_subscripts(elements, 1) - 1 AS i,
                                 parent_pos, parent_reason, parent_key
                          FROM (SELECT _file, {elements} AS elements, _record_position AS parent_pos,
                                       _reason AS parent_reason, "{key_column}" AS parent_key
                                FROM {parent} WHERE _rec IS NOT NULL))
                """
                counted = (
                    f"SELECT _file, coalesce(sum(json_array_length(_rec, {_sql_str(array)})), 0) "
                    f"FROM {parent} GROUP BY _file"
                )
            if counted:
                for file, count in self.con.execute(counted).fetchall():
                    self.records_in[(file, table.name)] = count
            key_select = f'"{table.parent_key[0]}", ' if table.parent_key else ""
            # A record must be an object, and each array its children come from must be an array (or absent).
            children = [t for t in self.source.tables if t.parent == table.name]
            kinds = (
                "["
                + ", ".join(_sql_str(p) for p in ("$", *(c.records_path.removesuffix("[*]") for c in children)))
                + "]"
            )
            checks = ["CASE WHEN _kinds[1] <> 'OBJECT' THEN 'the record is not a JSON object' END"]
            for n, child_table in enumerate(children, 2):
                child_path = child_table.records_path.removesuffix("[*]")
                checks.append(
                    f"CASE WHEN _kinds[{n}] NOT IN ('ARRAY', 'NULL') "
                    f"THEN {_sql_str(child_path.removeprefix('$.') + ' is not an array')} END"
                )
            lists, columns = _extract_sql(table, "rec")
            self.con.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE _candidates_{table.name} AS
                SELECT * EXCLUDE (_kinds), coalesce(parent_bad, {_reason_sql(table, *checks)}) AS _reason
                FROM (
                    SELECT _file, {key_select}{columns}, pos AS _record_position, text AS _record, rec AS _rec,
                           parent_bad, _kinds
                    FROM (SELECT *, {lists}, json_type(rec, {kinds}) AS _kinds FROM ({records}))
                )
                """
            )
            self._split(table, f"_candidates_{table.name}")

    # CSV (submissions) ---------------------------------------------------------------------------------

    def _load_csv(self, landed: LandedFile) -> None:
        main, *companions = self.source.tables
        reason = (
            "error_type || coalesce(': ' || nullif(regexp_extract(error_message, "
            "'^Expected Number of Columns: \\d+ Found: \\d+'), ''), '')"
        )  # DuckDB's message may quote the line: only its kind and the field counts are kept
        rejected = self.con.execute(
            f"""
            INSERT INTO private.quarantine
            SELECT {_sql_str(self.source.name)}, {_sql_str(main.name)}, {_provenance_sql(landed)},
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
                f"to_json(_csv)::VARCHAR AS _record, _row, {too_long} AS _too_long, "
                f"{_sql_str(landed.relative_path)} AS _file FROM _csv"
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
                records_in = self._csv_records_in(landed, main, records_in + rejected)
            self.records_in[(landed.relative_path, table.name)] = records_in
            self._split(table, f"_candidates_{table.name}")
        records_in, loaded, quarantined = self.counts[(landed.relative_path, main.name)]
        self.counts[(landed.relative_path, main.name)] = (records_in, loaded, quarantined + rejected)

    def _csv_records_in(self, landed: LandedFile, main: RawTable, read: int) -> int:
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
            path = _reader_path(landed.path)
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

    if removed:
        con.execute("BEGIN TRANSACTION")
        forget_files(con, source, removed)
        con.execute("COMMIT")
    by_path = {f.relative_path: f for f in files}
    pending, loaded = to_load, {f.relative_path for f in to_load}
    while True:  # a file whose lost duplicates changed is read again (a second round finds none)
        for batch in _batches(source, pending):
            _load_batch(con, source, batch, synthetic)
        resolved = con.execute("SELECT 1 FROM audit.duplicates_resolved WHERE source = ?", [source.name]).fetchall()
        pending = [] if resolved else [by_path[file] for file in _resolve_duplicates(con, source)]
        if not pending:
            break
        loaded |= {f.relative_path for f in pending}
    return [_table_stats(con, source, table, files, len(loaded), len(removed)) for table in source.tables]


def _batches(source: Source, files: list[LandedFile]) -> list[list[LandedFile]]:
    """The files in batches read by one query each, in their order: up to BATCH_BYTES of files (a larger file
    alone), a CSV file alone, and no file twice in a batch (a link to another landing file is the same file)."""
    batches: list[list[LandedFile]] = []
    size = 0
    for landed in files:
        batch = batches[-1] if batches else []
        if (
            not batch
            or source.file_format == "csv"
            or size + landed.size > BATCH_BYTES
            or landed.path in {f.path for f in batch}
        ):
            batches.append(batch := [])
            size = 0
        batch.append(landed)
        size += landed.size
    return batches


def _load_batch(con: duckdb.DuckDBPyConnection, source: Source, files: list[LandedFile], synthetic: bool) -> None:
    batch = _BatchLoad(con, source, files, synthetic)
    batch.read()
    con.execute("BEGIN TRANSACTION")
    try:
        batch.write()
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
            "WHERE raw_table = ? GROUP BY kind ORDER BY count(*) DESC, kind LIMIT 20",
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
