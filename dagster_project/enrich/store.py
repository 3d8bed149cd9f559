"""`private.submission_enrichment`: language, topic and redaction of each submission's text, kept incrementally.

One row per submission, keyed by its id and the sha256 of its text. A run reads the latest text of every
submission (set-based, in DuckDB), and processes in Python only the texts that are new, changed, classified by
another version of the topic lexicon, or newly meant for publication; rows of submissions that are gone are
deleted. Texts of the channels in `PUBLISHED_TEXT_CHANNELS` are redacted and verified (`privacy.redact`);
`redacted_text` is stored only when the redaction is verified, so this table holds no personal data that the
verification could find. Other texts get the patterns' cheap pass only, for the topic and the counts.

The work is Python, one text at a time (the patterns, the topic lexicon, the named-entity recogniser), so once
`PARALLEL_FROM` texts are waiting it is shared among one process per core, in chunks of `_CHUNK` texts (each
process loads its own models: about 1.5 s and 0.4 GB); DuckDB is read and written by this process only. A text's
enrichment does not depend on the texts beside it, so the rows are the same however the work is shared. The
processes are started by `spawn`, which imports the main module again: a script of one's own that runs the
pipeline must guard its entry point (`if __name__ == "__main__":`), as `eparl`, `dagster` and pytest do.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import duckdb

from dagster_project.enrich.language import detect_languages
from dagster_project.enrich.topics import assign_topic, topic_method
from dagster_project.privacy.patterns import PLACEHOLDER_KINDS
from dagster_project.privacy.redact import Author, Redactor, replace_patterns

if TYPE_CHECKING:
    import pandas as pd

TABLE = "private.submission_enrichment"
BATCH_SIZE = 50_000  # texts enriched per batch: a million waiting texts must not all sit in memory at once
PARALLEL_FROM = 20_000  # texts waiting before the work is shared among processes: below, their start costs more
_CHUNK = 5_000  # texts a process is given at a time: ten per batch, so two or four processes stay busy
# Comments on a draft law are published, redacted, beside the bill they concern: the public sees what citizens
# said about each law. No other channel's text is published.
PUBLISHED_TEXT_CHANNELS = ("draft_law_comment",)
_AUTHOR_PARTS = ("name", "iin", "phone", "email", "address")
_COUNT_COLUMNS = {kind: f"{kind.lower()}_placeholder_count" for kind in PLACEHOLDER_KINDS}

_DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    submission_id VARCHAR PRIMARY KEY,
    text_sha256 VARCHAR NOT NULL,
    detected_language_code VARCHAR,
    topic_code VARCHAR NOT NULL,
    topic_method VARCHAR NOT NULL,
    is_for_publication BOOLEAN NOT NULL,
    redacted_text VARCHAR,
    is_redaction_verified BOOLEAN,
    redaction_problems VARCHAR,
    {", ".join(f"{column} INTEGER NOT NULL" for column in _COUNT_COLUMNS.values())},
    enriched_at TIMESTAMPTZ NOT NULL
)
"""

# The latest text of each submission (same order as dbt's keep_latest: latest load, last file, last record).
_LATEST_TEXTS = """
CREATE OR REPLACE TEMP TABLE _latest_texts AS
SELECT texts.submission_id, coalesce(texts.text, '') AS text, sha256(coalesce(texts.text, '')) AS text_sha256,
       texts.author_name, texts.author_iin, texts.author_phone, texts.author_email, texts.author_address,
       coalesce(list_contains(?, trim(lower(submissions.channel))), false) AS is_for_publication
FROM private.portal_submission_texts AS texts
LEFT JOIN raw.portal_submissions AS submissions
    ON texts.submission_id = submissions.submission_id AND texts._source_file = submissions._source_file
       AND texts._record_position = submissions._record_position
WHERE nullif(trim(texts.submission_id), '') IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY trim(texts.submission_id)
    ORDER BY texts._loaded_at DESC, texts._source_file DESC,
             cast(regexp_extract_all(texts._record_position, '\\d+') AS BIGINT[]) DESC
) = 1
"""


@dataclass(frozen=True)
class EnrichmentStats:
    submissions: int
    processed: int
    removed: int
    published_texts: int
    verified: int
    withheld: int  # meant for publication, but the redaction could not be verified
    placeholders: dict[str, int]


def enrich_submissions(con: duckdb.DuckDBPyConnection, workers: int | None = None) -> EnrichmentStats:
    """Enrich the texts to do, in `workers` processes (default: one per core once `PARALLEL_FROM` texts wait, else
    this process alone)."""
    con.execute(_DDL)
    con.execute(_LATEST_TEXTS, [list(PUBLISHED_TEXT_CHANNELS)])
    removed = con.execute(
        f"DELETE FROM {TABLE} WHERE submission_id NOT IN (SELECT trim(submission_id) FROM _latest_texts)"
    ).fetchall()[0][0]
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _todo AS
        SELECT latest.*, row_number() OVER () AS _batch_row FROM _latest_texts AS latest LEFT JOIN {TABLE} AS known
            ON trim(latest.submission_id) = known.submission_id
        WHERE known.submission_id IS NULL OR known.text_sha256 <> latest.text_sha256
           OR known.topic_method <> ? OR known.is_for_publication <> latest.is_for_publication
        """,
        [topic_method()],
    )
    processed = con.execute("SELECT count(*) FROM _todo").fetchone()[0]
    if workers is None:
        workers = (os.cpu_count() or 1) if processed >= PARALLEL_FROM else 1
    with _processes(workers) as pool:
        for first in range(1, processed + 1, BATCH_SIZE):  # in batches, so memory does not grow with the backlog
            cursor = con.execute(
                "SELECT * EXCLUDE (_batch_row) FROM _todo WHERE _batch_row BETWEEN ? AND ?",
                [first, first + BATCH_SIZE - 1],
            )
            columns = [d[0] for d in cursor.description]
            todo = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            con.register("_enriched", _enriched_frame(todo, pool))
            con.execute(f"INSERT OR REPLACE INTO {TABLE} BY NAME SELECT * FROM _enriched")
            con.unregister("_enriched")
    stats = con.execute(
        f"""
        SELECT count(*), count(*) FILTER (is_for_publication), count(*) FILTER (is_redaction_verified),
               count(*) FILTER (is_for_publication AND NOT is_redaction_verified),
               {", ".join(f"sum({column})" for column in _COUNT_COLUMNS.values())}
        FROM {TABLE}
        """
    ).fetchall()[0]
    return EnrichmentStats(
        submissions=stats[0],
        processed=processed,
        removed=removed,
        published_texts=stats[1],
        verified=stats[2],
        withheld=stats[3],
        placeholders={kind: int(value or 0) for kind, value in zip(_COUNT_COLUMNS, stats[4:], strict=True)},
    )


@contextmanager
def _processes(workers: int) -> Iterator[Executor | None]:
    """A pool of `workers` processes, or None for this process alone. Started by `spawn`, not `fork`: the run's
    process has DuckDB's and Dagster's threads, whose locks a forked child could inherit held."""
    if workers <= 1:
        yield None
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


def _enriched_frame(todo: list[dict], pool: Executor | None) -> pd.DataFrame:
    """The rows of `private.submission_enrichment` for the texts to do, in their order."""
    import pandas as pd  # only here: the definitions import this module, and pandas costs them seconds

    chunks = [todo[start : start + _CHUNK] for start in range(0, len(todo), _CHUNK)]
    parts = list(pool.map(_enrich, chunks)) if pool else [_enrich(chunk) for chunk in chunks]
    columns = {name: [value for part in parts for value in part[name]] for name in parts[0]}
    return pd.DataFrame({**columns, "topic_method": topic_method(), "enriched_at": pd.Timestamp.now(tz="UTC")})


@cache
def _redactor() -> Redactor:
    """This process's recogniser, loaded once."""
    return Redactor()


def _enrich(todo: list[dict]) -> dict[str, list]:
    """Language, topic and (for published channels) redaction of each text to do, as columns."""
    redactor = _redactor()
    stripped = [replace_patterns(record["text"]) for record in todo]
    languages = detect_languages([text for text, _ in stripped])
    published = [record for record in todo if record["is_for_publication"]]
    authors = [Author(*(record[f"author_{part}"] for part in _AUTHOR_PARTS)) for record in published]
    redactions = dict(
        zip(
            (record["submission_id"] for record in published),
            redactor.redact_all([(record["text"], author) for record, author in zip(published, authors, strict=True)]),
            strict=True,
        )
    )
    columns: dict[str, list] = {name: [] for name in ("redacted_text", "is_redaction_verified", "redaction_problems")}
    columns |= {column: [] for column in _COUNT_COLUMNS.values()}
    for record, (_, counts) in zip(todo, stripped, strict=True):
        redacted = problems = verified = None
        redaction = redactions.get(record["submission_id"])
        if redaction:
            counts, verified = redaction.counts, redaction.verified
            redacted = redaction.text if verified else None
            problems = ", ".join(redaction.problems) or None
        columns["redacted_text"].append(redacted)
        columns["is_redaction_verified"].append(verified)
        columns["redaction_problems"].append(problems)
        for kind, column in _COUNT_COLUMNS.items():
            columns[column].append(int(counts[kind]))
    return {
        "submission_id": [record["submission_id"].strip() for record in todo],
        "text_sha256": [record["text_sha256"] for record in todo],
        "detected_language_code": languages,
        "topic_code": [assign_topic(plain) for plain, _ in stripped],
        "is_for_publication": [record["is_for_publication"] for record in todo],
        **columns,
    }
