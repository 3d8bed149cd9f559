"""`private.submission_enrichment` (dagster_project/enrich/store.py): what one run stores for each text, that the
same rows come out whether this process or a pool of processes does the work, and that a re-run does only what
changed."""

from __future__ import annotations

import duckdb
import pytest

from dagster_project.enrich import store

PHONE = "+7 707 123 45 67"
TEXTS = [  # submission id, channel, text (the first from tests/data/topic_sample.csv), the author's name
    ("s1", "eotinish_appeal", "В сельской амбулатории нет постоянного врача, приходится ездить за сорок километров.",
     None),
    ("s2", "egov_proposal", "Ауылымызда ауызсу құбыры жиі бұзылады, жөндеу жұмыстары жүргізілмейді.", None),
    ("s3", "draft_law_comment", f"Предлагаю дополнить статью 5. Мой телефон {PHONE}, Сапаров Ерлан Серікұлы.",
     "Сапаров Ерлан Серікұлы"),
    ("s4", "draft_law_comment", "Заң жобасының 12-бабын қайта қарау керек.", None),
    ("s5", "e_petition", "Просим построить школу в микрорайоне.", None),
]  # fmt: skip


def _landed() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA raw; CREATE SCHEMA private")
    con.execute(
        "CREATE TABLE private.portal_submission_texts (submission_id VARCHAR, author_name VARCHAR, author_iin VARCHAR,"
        " author_phone VARCHAR, author_email VARCHAR, author_address VARCHAR, text VARCHAR, _source_file VARCHAR,"
        " _record_position VARCHAR, _loaded_at TIMESTAMPTZ)"
    )
    con.execute(
        "CREATE TABLE raw.portal_submissions (submission_id VARCHAR, channel VARCHAR, _source_file VARCHAR,"
        " _record_position VARCHAR)"
    )
    for position, (submission_id, channel, text, author) in enumerate(TEXTS):
        con.execute(
            "INSERT INTO private.portal_submission_texts VALUES (?, ?, NULL, ?, NULL, NULL, ?, 'a.jsonl', ?, now())",
            [submission_id, author, PHONE if author else None, text, str(position)],
        )
        con.execute(
            "INSERT INTO raw.portal_submissions VALUES (?, ?, 'a.jsonl', ?)", [submission_id, channel, position]
        )
    return con


def _stored(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(f"SELECT * EXCLUDE (enriched_at) FROM {store.TABLE} ORDER BY submission_id").fetchall()


@pytest.fixture(scope="module")
def by_this_process() -> list[tuple]:
    con = _landed()
    stats = store.enrich_submissions(con, workers=1)
    assert (stats.processed, stats.published_texts, stats.verified, stats.withheld) == (5, 2, 2, 0)
    return _stored(con)


def test_each_text_gets_its_language_its_topic_and_if_published_its_verified_redaction(by_this_process):
    rows = {row[0]: {"language": row[2], "topic": row[3], "redacted": row[6]} for row in by_this_process}
    assert [rows[s]["language"] for s in ("s1", "s2", "s3", "s4", "s5")] == ["ru", "kk", "ru", "kk", "ru"]
    assert rows["s1"]["topic"] == "healthcare"
    assert rows["s3"]["redacted"] is not None and "[PHONE]" in rows["s3"]["redacted"]
    assert PHONE not in rows["s3"]["redacted"] and "Сапаров" not in rows["s3"]["redacted"]
    assert rows["s1"]["redacted"] is None  # an appeal's text is not published, so it is not redacted either


def test_a_pool_of_processes_stores_the_same_rows(by_this_process, monkeypatch):
    monkeypatch.setattr(store, "_CHUNK", 2)  # three chunks shared by two processes, each worked out elsewhere
    con = _landed()
    assert store.enrich_submissions(con, workers=2).processed == 5
    assert _stored(con) == by_this_process


def test_a_rerun_enriches_only_the_changed_text_and_drops_the_gone():
    con = _landed()
    store.enrich_submissions(con, workers=1)
    con.execute(
        "UPDATE private.portal_submission_texts SET text = 'Прошу отремонтировать дорогу.' WHERE submission_id = 's5'"
    )
    con.execute("DELETE FROM private.portal_submission_texts WHERE submission_id = 's4'")
    stats = store.enrich_submissions(con)
    assert (stats.processed, stats.removed, stats.submissions) == (1, 1, 4)
