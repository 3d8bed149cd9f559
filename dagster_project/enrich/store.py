"""`private.submission_enrichment`: language, topic and redaction of each submission's text, kept incrementally.

One row per submission, keyed by its id and the sha256 of its text. A run reads the latest text of every
submission (set-based, in DuckDB), and processes in Python only the texts that are new, changed, classified by
another version of the topic lexicon, or newly meant for publication; rows of submissions that are gone are
deleted. Texts of the channels in `PUBLISHED_TEXT_CHANNELS` are redacted and verified (`privacy.redact`);
`redacted_text` is stored only when the redaction is verified, so this table holds no personal data that the
verification could find. Other texts get the patterns' cheap pass only, for the topic and the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def enrich_submissions(con: duckdb.DuckDBPyConnection, redactor: Redactor | None = None) -> EnrichmentStats:
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
    redactor = redactor or Redactor()
    for first in range(1, processed + 1, BATCH_SIZE):  # in batches, so memory does not grow with the backlog
        cursor = con.execute(
            "SELECT * EXCLUDE (_batch_row) FROM _todo WHERE _batch_row BETWEEN ? AND ?",
            [first, first + BATCH_SIZE - 1],
        )
        columns = [d[0] for d in cursor.description]
        todo = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        con.register("_enriched", _enrich(todo, redactor))
        con.execute(f"INSERT OR REPLACE INTO {TABLE} SELECT * FROM _enriched")
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


def _enrich(todo: list[dict], redactor: Redactor) -> pd.DataFrame:
    """Language, topic and (for published channels) redaction of each text to do."""
    import pandas as pd  # only here: the definitions import this module, and pandas costs them seconds

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
    return pd.DataFrame(
        {
            "submission_id": [record["submission_id"].strip() for record in todo],
            "text_sha256": [record["text_sha256"] for record in todo],
            "detected_language_code": languages,
            "topic_code": [assign_topic(plain) for plain, _ in stripped],
            "topic_method": topic_method(),
            "is_for_publication": [record["is_for_publication"] for record in todo],
            **columns,
            "enriched_at": pd.Timestamp.now(tz="UTC"),
        }
    )
