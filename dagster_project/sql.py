"""`eparl sql`: researchers' SQL against the current release, read-only, with a memory limit and a time-out.

The release's DuckDB file is opened with `read_only=True`, so any statement that would change it is refused by
DuckDB itself, and with external access off, so a query cannot ATTACH another database, COPY to a file or load
an extension either: a query reads the release and nothing else. A timer interrupts a query that runs longer
than `EPARL_SQL_TIMEOUT_SECONDS`; `EPARL_SQL_MEMORY_LIMIT` caps DuckDB's memory.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb

from dagster_project.release import Release, current_release
from dagster_project.settings import Settings

FORMATS = ("table", "csv", "json")


class SqlError(Exception):
    """A query the release refused or could not answer, with a message meant for the person who typed it."""


@dataclass(frozen=True)
class Answer:
    columns: list[str]
    rows: list[tuple]


@contextmanager
def open_release(settings: Settings) -> Iterator[tuple[duckdb.DuckDBPyConnection, Release]]:
    release = current_release(settings.releases_path)
    if release is None:
        raise SqlError(f"no release in {settings.releases_path}: run the pipeline first (eparl run or eparl demo)")
    con = duckdb.connect(
        str(release.database),
        read_only=True,
        config={"memory_limit": settings.sql_memory_limit, "enable_external_access": False},
    )
    try:
        yield con, release
    finally:
        con.close()


def run_query(con: duckdb.DuckDBPyConnection, query: str, timeout_seconds: float) -> Answer:
    """Run one query; interrupt it after `timeout_seconds`. Raises SqlError with a clear message."""
    timer = threading.Timer(timeout_seconds, con.interrupt)
    timer.start()
    try:
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if columns else []
    except duckdb.InterruptException as error:
        raise SqlError(f"the query was stopped after {timeout_seconds:g} s (EPARL_SQL_TIMEOUT_SECONDS)") from error
    except duckdb.Error as error:
        message = str(error)
        if isinstance(error, duckdb.PermissionException) or "read-only" in message:
            raise SqlError(f"the release is read-only: {message}") from error
        raise SqlError(message) from error
    finally:
        timer.cancel()
    return Answer(columns, rows)


def render(answer: Answer, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(
            [dict(zip(answer.columns, row, strict=True)) for row in answer.rows],
            default=str,
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(answer.columns)
        writer.writerows(answer.rows)
        return out.getvalue().rstrip("\n")
    cells = [answer.columns, *([("NULL" if v is None else str(v)) for v in row] for row in answer.rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(answer.columns))]
    lines = [" | ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    lines.append(f"({len(answer.rows)} rows)")
    return "\n".join(lines)


def statements(lines: Iterator[str]) -> Iterator[str]:
    """The interactive shell's input, one statement at a time: lines up to one ending with `;`; `.quit` stops."""
    buffer: list[str] = []
    for line in lines:
        if not buffer and line.strip() in (".quit", ".exit"):
            return
        buffer.append(line.rstrip("\n"))
        if line.rstrip().endswith(";"):
            yield "\n".join(buffer)
            buffer = []
    if "".join(buffer).strip():
        yield "\n".join(buffer)
