"""The loader: bad input is quarantined with file, position and reason; counts reconcile; loads are idempotent."""

from __future__ import annotations

import duckdb
import pytest

from dagster_project.ingest.loader import load_landing
from tests.conftest import SUBMISSION_HEADER, write_json, write_text

GOOD_SUBMISSION = (
    "s1,eotinish_appeal,2024-01-01T10:00:00+05:00,,kk,710000000,kz-parliament,healthcare,received,,,"
    '"Асқар Бекұлы",900101300123,+77011234567,a@b.kz,"Астана, Абай 1","Сәлеметсіз бе, мен"'
)


@pytest.fixture
def messy_landing(tmp_path):
    landing = tmp_path / "landing"
    write_json(
        landing / "popolo" / "good.json",
        {
            "persons": [{"id": "p1", "name": "A"}, {"id": "p2"}, {"id": "p3", "name": "C", "birth_date": "1970-13-01"}],
            "organizations": [
                {"id": "o1", "name": "Mazhilis", "classification": "chamber"},
                {"id": "o2", "name": "Club", "classification": "club"},
            ],
            "vote_events": [
                {
                    "id": "v1",
                    "organization_id": "o1",
                    "start_date": "2024-01-01T10:00:00+05:00",
                    "votes": [{"voter_id": "p1", "option": "yes"}, {"voter_id": "p3", "option": "maybe"}],
                },
                {"id": "v2", "start_date": "2024-01-01", "votes": [{"voter_id": "p1", "option": "yes"}]},
            ],
        },
    )
    write_text(landing / "popolo" / "broken.json", '{"persons": [1, 2')
    write_text(
        landing / "bills" / "bills.jsonl",
        '{"id": "b1", "legislature_id": "kz", "number": "1", "title_ru": "О", "initiator_type": "government", '
        '"registration_date": "2024-01-01", "status": "signed", "actions": [{"date": "2024-01-02", '
        '"classification": "registration"}, {"date": "x", "classification": "signature"}]}\n{"id":\n\n',
    )
    write_text(
        landing / "submissions" / "s.csv",
        "\n".join(
            [
                SUBMISSION_HEADER,
                GOOD_SUBMISSION,
                "s2,eotinish_appeal,2024-01-01T10:00:00+05:00,,kk,999,kz-parliament,,received,,,N,1,2,3,4,text",
                "s3,too-short",
                's4,e_petition,2024-01-02,,ru,750000000,kz-parliament,,answered,,-5,N,1,2,3,4,"two\nlines"',
            ]
        )
        + "\n",
    )
    return landing


def quarantine(con):
    return con.execute(
        "SELECT raw_table, source_file, record_position, reason FROM private.quarantine ORDER BY ALL"
    ).fetchall()


def test_bad_records_are_quarantined_with_file_position_and_reason(messy_landing, tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    stats = load_landing(con, messy_landing)
    rows = quarantine(con)

    assert ("popolo_persons", "popolo/good.json", "$.persons[1]", "missing name") in rows
    assert ("popolo_persons", "popolo/good.json", "$.persons[2]", "birth_date is not a date: 1970-13-01") in rows
    assert (
        "popolo_organizations",
        "popolo/good.json",
        "$.organizations[1]",
        "unknown classification club (not in organization_classifications)",
    ) in rows
    assert (
        "popolo_votes",
        "popolo/good.json",
        "$.vote_events[0].votes[1]",
        "unknown option maybe (not in vote_options)",
    ) in rows
    # a vote event that is quarantined takes its votes with it
    assert (
        "popolo_votes",
        "popolo/good.json",
        "$.vote_events[1].votes[0]",
        "its popolo_vote_events record is quarantined",
    ) in rows
    assert ("bill_actions", "bills/bills.jsonl", "line 1: $.actions[1]", "date is not a date: x") in rows
    assert ("bills", "bills/bills.jsonl", "line 2", "line is not valid JSON") in rows
    assert (
        "portal_submissions",
        "submissions/s.csv",
        "data row 2",
        "unknown region_kato 999 (not in kato_regions)",
    ) in rows
    assert any(
        r[:3] == ("portal_submissions", "submissions/s.csv", "line 4") and "MISSING COLUMNS" in r[3] for r in rows
    )
    broken = [r for r in rows if r[1] == "popolo/broken.json"]
    assert {r[0] for r in broken} == {
        "popolo_persons",
        "popolo_organizations",
        "popolo_memberships",
        "popolo_events",
        "popolo_vote_events",
        "popolo_votes",
    }
    assert all(r[2] == "whole file" and r[3].startswith("not valid JSON") for r in broken)

    # every record that came in is loaded or quarantined, and the good ones did load
    assert all(s.reconciles for s in stats.values())
    assert stats["popolo_persons"].records_in == 4 and stats["popolo_persons"].records_loaded == 1
    assert stats["portal_submissions"].records_in == 4 and stats["portal_submissions"].records_loaded == 1
    assert con.execute("SELECT id FROM raw.popolo_persons").fetchall() == [("p1",)]
    assert con.execute("SELECT vote_event_id, voter_id, option FROM raw.popolo_votes").fetchall() == [
        ("v1", "p1", "yes")
    ]


def test_personal_data_lands_only_in_the_private_schema(messy_landing, tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    load_landing(con, messy_landing)
    raw_columns = {
        c
        for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw'"
        ).fetchall()
    }
    assert not raw_columns & {"author_name", "author_iin", "author_phone", "author_email", "author_address", "text"}
    assert con.execute("SELECT author_iin, text FROM private.portal_submission_texts").fetchall() == [
        ("900101300123", "Сәлеметсіз бе, мен")
    ]
    assert "900101300123" not in str(con.execute("SELECT * FROM raw.portal_submissions").fetchall())


def test_loading_twice_changes_nothing(messy_landing, tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    load_landing(con, messy_landing)
    before = con.execute("SELECT * FROM raw.popolo_votes UNION ALL BY NAME SELECT * FROM raw.bills").fetchall()
    quarantined = quarantine(con)
    stats = load_landing(con, messy_landing)
    assert all(s.files_loaded == 0 and s.files_unchanged == s.files for s in stats.values())
    assert con.execute("SELECT * FROM raw.popolo_votes UNION ALL BY NAME SELECT * FROM raw.bills").fetchall() == before
    assert quarantine(con) == quarantined


def test_changed_and_removed_files_converge(messy_landing, tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    load_landing(con, messy_landing)
    write_json(messy_landing / "popolo" / "broken.json", {"persons": [{"id": "p9", "name": "Fixed"}]})
    (messy_landing / "bills" / "bills.jsonl").unlink()
    stats = load_landing(con, messy_landing)

    assert sorted(con.execute("SELECT id FROM raw.popolo_persons").fetchall()) == [("p1",), ("p9",)]
    assert con.execute("SELECT count(*) FROM raw.bills").fetchone()[0] == 0
    assert not [r for r in quarantine(con) if r[1] in ("popolo/broken.json", "bills/bills.jsonl")]
    assert stats["bills"].files_removed == 1 and stats["bills"].records_in == 0
    assert all(s.reconciles for s in stats.values())


def test_a_load_cut_off_half_way_is_redone(messy_landing, tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    first = load_landing(con, messy_landing)
    # as if the process died after some tables of the file were logged: the next load redoes the whole file
    con.execute("DELETE FROM audit.load_log WHERE raw_table = 'popolo_votes'")
    again = load_landing(con, messy_landing)
    assert again["popolo_votes"].files_loaded == 2
    assert {k: (s.records_in, s.records_loaded) for k, s in again.items()} == {
        k: (s.records_in, s.records_loaded) for k, s in first.items()
    }
