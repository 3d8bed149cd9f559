"""The Popolo export's parts that need no pipeline: the vote's `start_date`, file names, and the personal-data scan of
JSON files. The Popolo schema validator the pipeline tests use (tests/support/popolo.py) is shown to fail on objects
the standard rejects in tests/real_data/test_popolo.py (it reads the schemas from the real data folder). The export
itself is checked on the demo (tests/e2e/test_pipeline.py) and on the real Rada and EveryPolitician data
(tests/real_data/test_pipeline.py): every object against the schemas, and the round trip."""

from __future__ import annotations

import json

import duckdb
import pytest

from dagster_project.privacy.scan import scan_files
from publish.popolo import file_stem, vote_start_date_sql


@pytest.mark.parametrize(
    ("instant", "local_date", "start_date"),
    [
        ("2023-05-10 04:00:25+00", "2023-05-10", "2023-05-10T04:00:25Z"),
        # 01:30 in Astana (+05:00) is 20:30 UTC the day before: an offset keeps the date the source printed
        ("2023-05-09 20:30:00+00", "2023-05-10", "2023-05-10T00:30:00+04:00"),
        ("2023-05-10 23:00:00+00", "2023-05-10", "2023-05-10T23:00:00Z"),
        ("2023-05-10 02:15:00+00", "2023-05-09", "2023-05-09T23:15:00-03:00"),
    ],
)
def test_a_votes_start_date_is_the_same_instant_and_keeps_its_local_date(instant, local_date, start_date):
    with duckdb.connect() as con:
        con.execute("SET TimeZone = 'UTC'")
        con.execute(
            "CREATE TABLE v AS SELECT CAST(? AS TIMESTAMPTZ) AS vote_datetime, CAST(? AS DATE) AS vote_date",
            [instant, local_date],
        )
        (written, same_instant, same_date) = con.execute(
            f"SELECT s, CAST(s AS TIMESTAMPTZ) = vote_datetime, CAST(left(s, 10) AS DATE) = vote_date "
            f"FROM (SELECT {vote_start_date_sql()} AS s, * FROM v)"
        ).fetchone()
    assert (written, same_instant, same_date) == (start_date, True, True)


def test_a_legislature_id_becomes_a_plain_file_name():
    assert file_stem("kz-parliament") == "kz-parliament"
    assert file_stem("UA Rada/9") == "ua-rada-9"


def test_the_file_scan_reads_every_string_of_a_popolo_json_file(tmp_path):
    document = {
        "vote_events": [
            {"id": "v1", "motion": {"text": "О бюджете"}, "votes": [{"voter_id": "p1", "option": "yes"}]},
            {"id": "v2", "motion": {"text": "По обращению, тел. +7 707 12 34 567"}, "votes": []},
        ]
    }
    (tmp_path / "kz.vote_events.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "datapackage.json").write_text('{"contact": "+7 717 274 00 00"}')  # metadata: not scanned
    (leak,) = scan_files(tmp_path.iterdir(), {})
    assert (leak.file, leak.kind, leak.rows, leak.keys) == (
        "kz.vote_events.json",
        "PHONE",
        1,
        ({"json_path": "$.*[1].motion.text"},),
    )
    assert "707" not in repr(leak)
