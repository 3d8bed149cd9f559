"""`eparl sql`: researchers' SQL against the current release, read-only, with a memory limit and a time-out.

What a query may do, and what holds it to that:
- Read the release and nothing else. The release's DuckDB file is opened with `read_only=True` and with external
  access off, so DuckDB itself refuses a write, an ATTACH, a COPY to a file or loading an extension.
- Run one statement, and only a query: the text is parsed (`duckdb.extract_statements`) and refused unless it is
  exactly one SELECT (WITH, FROM, VALUES, DESCRIBE, SHOW and SUMMARIZE are SELECTs to DuckDB) or EXPLAIN.
- Not lift its limits. `EPARL_SQL_MEMORY_LIMIT` is set when the connection opens and the configuration is then
  locked (`lock_configuration`), so `SET memory_limit`, `PRAGMA memory_limit` or `SET threads` fail even if
  they got past the parser.
- Not outrun them while its answer is read. The answer is streamed (DuckDB computes it as Arrow batches are read,
  so it is held by DuckDB under the memory limit, not materialised), read in batches under the same time-out
  (`EPARL_SQL_TIMEOUT_SECONDS`: a timer interrupts the connection), and kept only up to `EPARL_SQL_MAX_ROWS` rows
  and `EPARL_SQL_MAX_CHARS` characters; past that the query is stopped and the answer says it was cut.

Names resolve in `published` first (`SELECT * FROM persons`); the code lists are `reference.<name>`. The shell
ends a statement where DuckDB's own tokenizer finds a `;` (one inside a string literal, a quoted name or a
comment ends nothing), and `--format csv` is written by DuckDB with the published CSVs' own options
(`publish.package.FORMATS`), so an answer reads exactly like the CSV file of the same rows.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from dagster_project.release.build import Release, current_release
from dagster_project.settings import Settings
from publish.package import FORMATS as PUBLISHED_FORMATS

FORMATS = ("table", "csv", "json")
DEFAULT_SCHEMA = "published"


class SqlError(Exception):
    """A query the release refused or could not answer, with a message meant for the person who typed it."""


# What DuckDB calls a query: DESCRIBE, SHOW, SUMMARIZE, WITH, FROM-first and VALUES all parse as SELECT.
QUERY_STATEMENTS = (duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN)
FETCH_BATCH_ROWS = 1000


@dataclass(frozen=True)
class Limits:
    """What one query may take: time, and how much of its answer is kept."""

    timeout_seconds: float
    max_rows: int
    max_chars: int

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(settings.sql_timeout_seconds, settings.sql_max_rows, settings.sql_max_chars)


@dataclass(frozen=True)
class Answer:
    columns: list[str]
    rows: list[tuple]
    table: pa.Table
    """The same rows with DuckDB's own types, for DuckDB to write them (`write_csv`)."""
    cut: str = ""
    """Empty, or why the answer holds only its first rows."""


@contextmanager
def open_release(settings: Settings) -> Iterator[tuple[duckdb.DuckDBPyConnection, Release]]:
    release = current_release(settings.releases_path)
    if release is None:
        raise SqlError(f"no release in {settings.releases_path}: run the pipeline first (eparl run or eparl demo)")
    con = duckdb.connect(
        str(release.database),
        read_only=True,
        config={
            "memory_limit": settings.sql_memory_limit,
            "enable_external_access": False,
            "lock_configuration": True,  # last: no statement may change the limits above
        },
    )
    try:
        con.execute(f"USE {DEFAULT_SCHEMA}")  # the schema, not a setting: lock_configuration does not hold it
        yield con, release
    finally:
        con.close()


def one_query(text: str) -> str:
    """`text` if it is exactly one query; otherwise SqlError saying what was refused and why."""
    try:
        found = duckdb.extract_statements(text)
    except duckdb.Error as error:
        raise SqlError(str(error)) from error
    if not found:
        raise SqlError("there is no statement to run")
    if len(found) > 1:
        raise SqlError(f"eparl sql runs one statement at a time; this text has {len(found)}: run them one by one")
    kind = found[0].type
    if kind == duckdb.StatementType.SET:
        raise SqlError(
            "settings are locked: a query cannot change them (the memory limit is EPARL_SQL_MEMORY_LIMIT, the "
            "time-out EPARL_SQL_TIMEOUT_SECONDS)"
        )
    if kind not in QUERY_STATEMENTS:
        raise SqlError(
            f"the release is read-only: eparl sql runs a query (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, "
            f"EXPLAIN), not a {kind.name} statement"
        )
    return text


def run_query(con: duckdb.DuckDBPyConnection, query: str, limits: Limits) -> Answer:
    """Run one query and read its answer, both within `limits.timeout_seconds`; keep at most `limits.max_rows`
    rows and `limits.max_chars` characters of values. Raises SqlError with a clear message."""
    query = one_query(query)
    timer = threading.Timer(limits.timeout_seconds, con.interrupt)
    deadline = time.monotonic() + limits.timeout_seconds
    rows: list[tuple] = []
    kept: list[pa.RecordBatch] = []
    chars, cut, reader = 0, "", None
    timer.start()
    try:
        reader = con.sql(query).to_arrow_reader(FETCH_BATCH_ROWS)  # a stream: DuckDB computes as it is read
        for batch in reader:
            taken = 0
            for row in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                chars += sum(len(str(value)) for value in row)
                if len(rows) == limits.max_rows:
                    cut = _cut(len(rows), f"more than {limits.max_rows:,} rows (EPARL_SQL_MAX_ROWS)")
                elif chars > limits.max_chars:
                    cut = _cut(len(rows), f"more than {limits.max_chars:,} characters (EPARL_SQL_MAX_CHARS)")
                if cut:
                    break
                rows.append(row)
                taken += 1
            kept.append(batch.slice(0, taken))
            if cut:
                break
            if time.monotonic() > deadline:  # the timer's interrupt came while Python held the batch
                raise _stopped(limits)
    except duckdb.InterruptException as error:
        raise _stopped(limits) from error
    except (duckdb.Error, OSError) as error:  # an error met while reading comes through Arrow as an OSError
        message = str(error)
        if message.startswith("INTERRUPT Error"):
            raise _stopped(limits) from error
        if isinstance(error, duckdb.PermissionException) or "read-only" in message:
            raise SqlError(f"the release is read-only: {message}") from error
        if "configuration has been locked" in message:
            raise SqlError(f"settings are locked: {message}") from error
        raise SqlError(message) from error
    finally:
        timer.cancel()
        if reader is not None:
            reader.close()  # the rest of a cut answer is never computed
    return Answer(reader.schema.names, rows, pa.Table.from_batches(kept, schema=reader.schema), cut)


def _stopped(limits: Limits) -> SqlError:
    return SqlError(f"the query was stopped after {limits.timeout_seconds:g} s (EPARL_SQL_TIMEOUT_SECONDS)")


def _cut(kept: int, why: str) -> str:
    return (
        f"the answer was cut after its first {kept:,} rows: it has {why}; narrow the query (WHERE, LIMIT, an "
        "aggregate) or read the release's Parquet files"
    )


def render(answer: Answer, fmt: str) -> str:
    """The answer as text ending with a newline: a table for reading, JSON, or CSV exactly as the published CSV
    files are written."""
    if fmt == "json":
        rows = [dict(zip(answer.columns, row, strict=True)) for row in answer.rows]
        return json.dumps(rows, default=str, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        with tempfile.TemporaryDirectory(prefix="eparl-sql-") as folder:
            path = Path(folder) / "answer.csv"
            write_csv(answer, path)
            return path.read_text(encoding="utf-8")
    cells = [answer.columns, *([("NULL" if v is None else str(v)) for v in row] for row in answer.rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(answer.columns))]
    lines = [" | ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    lines.append(f"({len(answer.rows)} rows{' shown of more' if answer.cut else ''})")
    return "\n".join(lines) + "\n"


def write_csv(answer: Answer, path: Path) -> None:
    """Write the answer with DuckDB's CSV writer and the published CSVs' options, in UTC as they are
    (publish/package.py): a connection of its own, in memory, since the release's may not write files."""
    with duckdb.connect() as writer:
        writer.execute("SET TimeZone = 'UTC'")
        writer.register("answer", answer.table)
        target = str(path).replace("'", "''")
        writer.execute(f"COPY answer TO '{target}' {PUBLISHED_FORMATS['csv'][1]}")


def statements(lines: Iterator[str]) -> Iterator[str]:
    """The interactive shell's input, one statement at a time, as DuckDB's parser splits it: lines are read until
    the text ends with a `;` that DuckDB's tokenizer sees as one (not one inside a string or a comment); `.quit`
    stops."""
    buffer = ""
    for line in lines:
        if not buffer and line.strip() in (".quit", ".exit"):
            return
        buffer += line
        if _ends_a_statement(buffer):
            yield from _split(buffer)
            buffer = ""
    if buffer.strip():
        yield from _split(buffer)


def _ends_a_statement(text: str) -> bool:
    tokens = [(start, kind) for start, kind in duckdb.tokenize(text) if kind != duckdb.token_type.comment]
    if not tokens or tokens[-1][1] != duckdb.token_type.operator or text[tokens[-1][0]] != ";":
        return False
    try:  # a `/*` left open after the `;` is a comment still being typed
        duckdb.extract_statements(text)
    except duckdb.ParserException as error:
        return "unterminated" not in str(error)
    return True


def _split(text: str) -> list[str]:
    """The statements of `text`; text DuckDB cannot parse stays whole, for `one_query` to say why."""
    try:
        return [statement.query.strip() for statement in duckdb.extract_statements(text)] or [text]
    except duckdb.ParserException:
        return [text.strip()]
