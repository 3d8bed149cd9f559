"""The Popolo export's parts that need no pipeline: the vote's `start_date`, file names, the writing of a collection's
documents, the count of a file's objects against its descriptor, and the personal-data scan of JSON files. The
Popolo schema validator the pipeline tests use (tests/support/popolo.py) is shown to fail on objects the standard
rejects in tests/real_data/test_popolo.py (it reads the schemas from the real data folder). The export itself is
checked on the demo (tests/e2e/test_pipeline.py) and on the real Rada and EveryPolitician data
(tests/real_data/test_pipeline.py): every object against the schemas, and the round trip."""

from __future__ import annotations

import json

import duckdb
import pytest

from dagster_project.hashing import file_sha256
from dagster_project.privacy.scan import scan_files
from publish.package import validate_package
from publish.popolo import export_collection, file_stem, vote_start_date_sql


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


def test_the_file_scan_finds_every_string_whatever_the_layout_and_counts_each_occurrence(tmp_path):
    # indented, two collections, members that are not arrays, keys that need quotes: every string is read, a value
    # found three times is three rows, its paths in order, and each kind is a leak of its own
    mail, phone = "aigerim.n@mail.kz", "+7 701 234 56 78"
    document = {
        "source": f"written by {mail}",
        "persons": [{"id": "p1", "links": [{"note": "ok"}, {"note": mail}]}, {"id": "p2"}],
        "organizations": [{"id": "o1", "contact details": {"email": mail}}],
        "call us": phone,
    }
    (tmp_path / "kz.mixed.json").write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    email, telephone = scan_files([tmp_path / "kz.mixed.json"], {})
    assert (email.table, email.column, email.kind, email.rows) == ("kz.mixed", "value", "EMAIL", 3)
    assert [key["json_path"] for key in email.keys] == [
        '$.*[0]."contact details".email',
        "$.*[0].links[1].note",
        "$.source",
    ]
    assert (telephone.kind, telephone.rows, telephone.keys) == ("PHONE", 1, ({"json_path": '$."call us"'},))
    assert mail not in repr(email) and "234" not in repr(telephone)


def test_a_collection_is_written_one_document_per_legislature_as_duckdb_would_write_it_whole(tmp_path):
    # 2,345 objects in one legislature: written in three batches, the document must still be the one value DuckDB
    # makes of the whole list (the earlier export, which ran out of memory on a convocation), ordered by id, with
    # no null members; the other legislature's one object is a file of its own
    query = """
        SELECT CASE WHEN i = 0 THEN 'kz/other' ELSE 'kz/parliament' END AS legislature, printf('ve/%05d', i) AS id,
               to_json({'id': printf('ve/%05d', i), 'note': CASE WHEN i % 2 = 0 THEN 'чётный «тест»' END,
                        'votes': [{'voter_id': 'p/' || i, 'option': 'yes'}]}) AS object
        FROM range(2346) AS r(i) ORDER BY random()
    """
    with duckdb.connect() as con:
        written = export_collection(con, "vote_events", query, tmp_path)
        expected = tmp_path / "expected.json"
        con.execute(
            f"COPY (SELECT to_json(list(json_merge_patch('{{}}', object) ORDER BY id)) AS vote_events "
            f"FROM ({query}) WHERE legislature = 'kz/parliament') TO '{expected}' (FORMAT json)"
        )
    assert [(legislature, file.path.name, file.rows) for legislature, file in written] == [
        ("kz/other", "kz-other.vote_events.json", 1),
        ("kz/parliament", "kz-parliament.vote_events.json", 2345),
    ]
    document = written[1][1].path.read_bytes()
    assert document == expected.read_bytes()
    objects = json.loads(document)["vote_events"]
    assert [o["id"] for o in objects] == [f"ve/{i:05d}" for i in range(1, 2346)]
    assert "note" not in objects[0] and objects[1]["note"] == "чётный «тест»"
    assert written[1][1].bytes == len(document)


@pytest.mark.parametrize(
    ("text", "objects", "error"),
    [
        ('{"persons":[{"id":"p1"},{"id":"p2"}]}\n', 2, None),
        ('{"persons":[{"id":"p1"},{"id":"p2"}]}\n', 3, "kz-persons: 2 persons, the descriptor says 3"),
        ('{"persons":[{"id":"p1"},{"id":"p2"}', 2, "kz-persons: kz.persons.json: not a JSON document: the end of"),
    ],
    ids=["as written", "an object fewer", "cut short"],
)
def test_a_popolo_file_is_valid_only_with_the_objects_its_descriptor_counts(tmp_path, text, objects, error):
    path = tmp_path / "kz.persons.json"
    path.write_text(text, encoding="utf-8")
    resource = {
        "name": "kz-persons", "type": "file", "path": path.name, "format": "json", "mediatype": "application/json",
        "encoding": "utf-8", "bytes": path.stat().st_size, "hash": f"sha256:{file_sha256(path)}",
        "popolo_collection": "persons", "popolo_objects": objects,
    }  # fmt: skip
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "popolo", "resources": [resource]}))
    if error is None:
        validate_package(tmp_path / "datapackage.json")
        return
    with pytest.raises(ValueError, match="is not valid") as refused:
        validate_package(tmp_path / "datapackage.json")
    assert error in str(refused.value)
