"""The loader: bad input is quarantined with file, position and reason; counts reconcile; loads are idempotent. The
ingest assets that run it in Dagster: tests/e2e/test_ingest.py."""

from __future__ import annotations

import duckdb
import pytest

from dagster_project.ingest.loader import ignored_files, load_landing
from tests.support.landing import GOOD_SUBMISSION, SUBMISSION_HEADER, write_json, write_text


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


# ---- issue 15: every record that came in is loaded or quarantined, and a count proves it ---------------------------
PERSONS = {"persons": [{"id": "p1", "name": "A"}, {"id": "p2", "name": "B"}]}


def load(landing, tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    return con, load_landing(con, landing)


def test_glob_characters_in_a_name_read_that_file_only(tmp_path):
    landing = tmp_path / "landing"
    write_json(landing / "popolo" / "members.json", PERSONS)
    write_json(landing / "popolo" / "[m]embers.json", {"persons": [{"id": "p9", "name": "Glob"}]})
    write_text(landing / "bills" / "bills_202?.jsonl", '{"id": "b9"}\n')
    write_text(landing / "bills" / "bills_2024.jsonl", '{"id": "b1"}\n{"id": "b2"}\n')
    con, stats = load(landing, tmp_path)
    rows = con.execute("SELECT _source_file, id FROM raw.popolo_persons ORDER BY ALL").fetchall()
    assert rows == [("popolo/[m]embers.json", "p9"), ("popolo/members.json", "p1"), ("popolo/members.json", "p2")]
    per_file = dict(
        con.execute("SELECT source_file, records_in FROM audit.load_log WHERE raw_table = 'bills'").fetchall()
    )
    assert per_file == {"bills/bills_202?.jsonl": 1, "bills/bills_2024.jsonl": 2}
    assert stats["bills"].records_in == 3 and all(s.reconciles for s in stats.values())


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({"persons": {"id": "p1", "name": "A"}}, "$.persons is object, not an array"),
        ({"person": [{"id": "p1", "name": "A"}]}, "unknown top-level key person"),
    ],
)
def test_a_document_of_unknown_shape_is_quarantined_not_lost(tmp_path, document, reason):
    landing = tmp_path / "landing"
    write_json(landing / "popolo" / "members.json", PERSONS)
    write_json(landing / "popolo" / "odd.json", {**document, "organizations": [{"id": "o1"}]})
    con, stats = load(landing, tmp_path)
    odd = quarantine_of(con, "popolo/odd.json")
    assert odd and all(r[1] == "whole file" and r[2].startswith(reason) for r in odd)
    assert con.execute("SELECT id FROM raw.popolo_persons ORDER BY id").fetchall() == [("p1",), ("p2",)]
    assert stats["popolo_persons"].records_in == 3 and stats["popolo_persons"].records_quarantined == 1


def test_the_reconciliation_fails_when_records_vanish(messy_landing, tmp_path):
    con, stats = load(messy_landing, tmp_path)
    assert stats["popolo_persons"].reconciles
    con.execute("DELETE FROM raw.popolo_persons")  # records lost behind the loader's back
    again = load_landing(con, messy_landing)
    assert again["popolo_persons"].files_loaded == 0 and not again["popolo_persons"].reconciles
    assert again["popolo_persons"].records_in == 4 and again["popolo_persons"].records_loaded == 0


def quarantine_of(con, source_file):
    return con.execute(
        "SELECT raw_table, record_position, reason, record FROM private.quarantine WHERE source_file = ? ORDER BY ALL",
        [source_file],
    ).fetchall()


def test_a_link_out_of_the_landing_folder_is_refused_unread(tmp_path):
    landing = tmp_path / "landing"
    write_json(landing / "popolo" / "members.json", PERSONS)
    secret = write_text(tmp_path / "outside" / "secret.csv", f"{SUBMISSION_HEADER}\nroot:x:0:0:root:/root:/bin/bash\n")
    (landing / "submissions").mkdir(parents=True)
    (landing / "submissions" / "passwd.csv").symlink_to(secret)
    kept = write_json(
        landing / "archive" / "persons.json", {"persons": [{"id": "p8", "name": "H"}, {"id": "p9", "name": "I"}]}
    )
    (landing / "popolo" / "inside.json").symlink_to(kept)
    con, stats = load(landing, tmp_path)
    refused = quarantine_of(con, "submissions/passwd.csv")
    assert refused == [
        ("portal_submissions", "whole file", "a link to a file outside the landing folder: refused", None)
    ]
    assert "root:" not in str(con.execute("SELECT * FROM private.quarantine").fetchall())
    # a link that stays inside the folder is read like any file
    assert con.execute(
        "SELECT count(*) FROM raw.popolo_persons WHERE _source_file = 'popolo/inside.json'"
    ).fetchone() == (2,)
    assert all(s.reconciles for s in stats.values())


def test_one_bad_csv_row_is_quarantined_alone(tmp_path):
    landing = tmp_path / "landing"
    good = [GOOD_SUBMISSION.replace("s1,", f"s{i},", 1) for i in (1, 3, 5)]
    lines = [
        "\ufeff" + SUBMISSION_HEADER,  # a byte-order mark
        good[0],
        's2,"unbalanced quote,2024-01-01T10:00:00+05:00,,kk,710000000,kz-parliament,,received,,,N,1,2,3,4,t',
        good[1],
        "s4,eotinish_appeal,2024-01-01T10:00:00+05:00,,kk,710000000,kz-parliament,,received,,,N,1,2,3,4,"
        + "x" * 2_000_001,  # over DuckDB's default line size, which used to cost the whole file
        good[2],
    ]
    write_text(landing / "submissions" / "s.csv", "\n".join(lines) + "\n")
    con, stats = load(landing, tmp_path)
    loaded = {r[0] for r in con.execute("SELECT submission_id FROM raw.portal_submissions").fetchall()}
    reasons = {r[1]: r[2] for r in quarantine_of(con, "submissions/s.csv")}
    assert "s1" in loaded and "s5" in loaded and "s4" not in loaded and "s2" not in loaded
    assert "a value is longer than 1000000 characters" in reasons.values()
    assert any(r.startswith("UNQUOTED VALUE") for r in reasons.values()), reasons
    s = stats["portal_submissions"]
    assert s.reconciles and s.records_loaded == len(loaded) and s.records_quarantined == len(reasons)


def test_a_byte_order_mark_is_accepted_in_json(tmp_path):
    landing = tmp_path / "landing"
    write_text(landing / "popolo" / "members.json", "\ufeff" + '{"persons": [{"id": "p1", "name": "A"}]}')
    write_text(landing / "bills" / "bills.jsonl", '\ufeff{"id": "b1"}\n{"id": "b2"}\n')
    con, stats = load(landing, tmp_path)
    assert con.execute("SELECT id FROM raw.popolo_persons").fetchall() == [("p1",)]
    assert not [r for r in quarantine_of(con, "bills/bills.jsonl") if "JSON" in r[2]]
    assert stats["bills"].records_in == 2 and stats["bills"].reconciles


def test_files_no_source_reads_are_listed_as_ignored(tmp_path):
    landing = tmp_path / "landing"
    write_json(landing / "popolo" / "members.json", PERSONS)
    for name in ("popolo/members.xml", "popolo/MEMBERS.JSON", "popolo/old/members.json", "bills.zip", "notes.txt"):
        write_text(landing / name, "{}")
    write_text(landing / "synthetic.json", "{}")
    assert ignored_files(landing) == [
        "bills.zip",
        "notes.txt",
        "popolo/MEMBERS.JSON",
        "popolo/members.xml",
        "popolo/old/members.json",
    ]


def test_duplicate_keys_keep_the_record_of_the_file_that_sorts_last(tmp_path):
    landing = tmp_path / "landing"
    older = {"persons": [{"id": "p1", "name": "Old"}, {"id": "p2", "name": "B"}]}
    newer = {"persons": [{"id": "p1", "name": "New"}]}
    write_json(landing / "popolo" / "a.json", older)

    daily = duckdb.connect(str(tmp_path / "daily.duckdb"))
    load_landing(daily, landing)  # a.json alone, then b.json lands, then b.json is withdrawn
    write_json(landing / "popolo" / "b.json", newer)
    stats = load_landing(daily, landing)
    full, full_stats = load(landing, tmp_path)

    def persons(con):
        return con.execute("SELECT id, name, _source_file FROM raw.popolo_persons ORDER BY id").fetchall()

    assert persons(daily) == persons(full) == [("p1", "New", "popolo/b.json"), ("p2", "B", "popolo/a.json")]
    conflict = quarantine_of(daily, "popolo/a.json")
    assert [r[:3] for r in conflict] == [
        (
            "popolo_persons",
            "$.persons[0]",
            "duplicate: the record with this popolo_persons key at popolo/b.json $.persons[0] is kept "
            "(the file whose path sorts last wins)",
        )
    ]
    assert '"Old"' in conflict[0][3] and conflict == quarantine_of(full, "popolo/a.json")
    assert stats["popolo_persons"].reconciles and full_stats["popolo_persons"].reconciles
    assert stats["popolo_persons"].records_in == 3 and stats["popolo_persons"].records_quarantined == 1

    (landing / "popolo" / "b.json").unlink()  # the kept record goes: the one it displaced comes back
    stats = load_landing(daily, landing)
    assert persons(daily) == [("p1", "Old", "popolo/a.json"), ("p2", "B", "popolo/a.json")]
    assert not quarantine_of(daily, "popolo/a.json") and stats["popolo_persons"].reconciles


def test_a_duplicate_takes_its_child_records_with_it(tmp_path):
    landing = tmp_path / "landing"
    event = {"id": "v1", "organization_id": "o1", "start_date": "2024-01-01T10:00:00+05:00"}
    write_json(
        landing / "popolo" / "a.json", {"vote_events": [{**event, "votes": [{"voter_id": "p1", "option": "no"}]}]}
    )
    write_json(
        landing / "popolo" / "b.json", {"vote_events": [{**event, "votes": [{"voter_id": "p1", "option": "yes"}]}]}
    )
    con, stats = load(landing, tmp_path)
    assert con.execute("SELECT option, _source_file FROM raw.popolo_votes").fetchall() == [("yes", "popolo/b.json")]
    assert ("popolo_votes", "$.vote_events[0].votes[0]", "its popolo_vote_events record is a duplicate") in [
        r[:3] for r in quarantine_of(con, "popolo/a.json")
    ]
    assert stats["popolo_votes"].reconciles and stats["popolo_votes"].records_in == 2


def test_a_nested_array_that_is_not_an_array_quarantines_its_record(tmp_path):
    landing = tmp_path / "landing"
    event = {"id": "v1", "organization_id": "o1", "start_date": "2024-01-01T10:00:00+05:00"}
    write_json(
        landing / "popolo" / "votes.json",
        {"vote_events": [{**event, "votes": {"voter_id": "p1", "option": "yes"}}, {**event, "id": "v2"}]},
    )
    con, stats = load(landing, tmp_path)
    assert [r[1:3] for r in quarantine_of(con, "popolo/votes.json")] == [("$.vote_events[0]", "votes is not an array")]
    assert con.execute("SELECT id FROM raw.popolo_vote_events").fetchall() == [("v2",)]
    assert stats["popolo_vote_events"].records_in == 2 and stats["popolo_vote_events"].reconciles
