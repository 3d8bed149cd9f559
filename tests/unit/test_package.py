"""The datapackage builder (`publish/package.py`) on a small dataset made here: the files DuckDB writes (ordered by
key, date-times in UTC, the data dictionary in the Parquet file), the frictionless descriptor (each file's bytes,
sha256, rows, schema with its types and key, the dataset's texts, synthetic marks and version), the note on a
table the landing supplied nothing for, the validation that refuses a package whose files differ from it, and the
fingerprint that says when a published package must be built and scanned again (`assets/publish.py`)."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import duckdb
import frictionless
import pytest

from dagster_project.assets import publish as publish_assets
from dagster_project.hashing import file_sha256
from publish.catalogue import Catalogue, Dataset, load_catalogue
from publish.package import (
    DataFile,
    build_dataset,
    content_version,
    datapackage,
    package_descriptor,
    parquet_data_dictionary,
    validate_package,
)
from tests.support.catalogue import MEMBERSHIP_COLUMNS, catalogue_yml, manifest, write_catalogue

MEMBERSHIPS = """
    SELECT * FROM (VALUES
        ('m3', 'p2', DATE '2024-02-01', 2, 0.50, false, TIMESTAMPTZ '2024-03-01 10:00:00+05'),
        ('m1', 'p1', DATE '2023-03-29', 62, 12.25, true, TIMESTAMPTZ '2024-03-01 00:30:00+05'),
        ('m2', 'p1', DATE '2023-05-01', 8, NULL, true, NULL)
    ) AS t(membership_id, person_id, start_date, seat_count, vote_share, is_current, recorded_at)
"""  # not in key order: the files are


@pytest.fixture
def catalogue(tmp_path) -> Catalogue:
    return load_catalogue(*write_catalogue(tmp_path / "catalogue", manifest(), catalogue_yml()))


@pytest.fixture
def members(catalogue) -> Dataset:
    """The `members` dataset without its chart (a chart is drawn by publish/charts.py from the real tables)."""
    return replace(catalogue.datasets[0], charts=())


def _warehouse(supplied: tuple[str, ...] = ("popolo_persons", "popolo_memberships"), memberships: str = MEMBERSHIPS):
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Asia/Almaty'")  # a session in Astana's time zone: the files are in UTC all the same
    con.execute("CREATE SCHEMA published; CREATE SCHEMA audit")
    con.execute(
        "CREATE TABLE published.memberships (membership_id VARCHAR, person_id VARCHAR, start_date DATE, "
        "seat_count BIGINT, vote_share DECIMAL(5, 2), is_current BOOLEAN, recorded_at TIMESTAMPTZ)"
    )
    con.execute(f"INSERT INTO published.memberships {memberships}")
    con.execute(
        "CREATE TABLE published.persons AS SELECT * FROM (VALUES ('p2', 'Әлия', DATE '1970-01-02'), "
        "('p1', 'Ержан', NULL)) AS t(person_id, name, birth_date)"
    )
    con.execute("CREATE TABLE audit.load_log (raw_table VARCHAR, records_in BIGINT)")
    for raw_table in ("popolo_persons", "popolo_memberships"):
        con.execute("INSERT INTO audit.load_log VALUES (?, ?)", [raw_table, 5 if raw_table in supplied else 0])
    return con


def _built(con, catalogue, dataset, directory: Path, synthetic: bool = False) -> dict:
    build_dataset(con, catalogue, dataset, directory, synthetic)
    return json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))


def _resources(package: dict) -> dict[str, dict]:
    return {r["name"]: r for r in package["resources"]}


def test_each_file_is_a_resource_with_its_bytes_sha256_rows_and_the_table_s_texts(catalogue, members, tmp_path):
    built = build_dataset(_warehouse(), catalogue, members, tmp_path / "members", synthetic=False)
    assert [(f.table, f.format, f.rows) for f in built.files] == [
        ("memberships", "csv", 3),
        ("memberships", "parquet", 3),
        ("persons", "csv", 2),
        ("persons", "parquet", 2),
    ]
    package = json.loads((tmp_path / "members" / "datapackage.json").read_text(encoding="utf-8"))
    resources = _resources(package)
    assert list(resources) == ["memberships-csv", "memberships-parquet", "persons-csv", "persons-parquet"]
    for file in built.files:
        resource = resources[f"{file.table}-{file.format}"]
        assert resource["path"] == file.path.name and resource["format"] == file.format
        assert resource["bytes"] == file.path.stat().st_size and resource["hash"] == f"sha256:{file_sha256(file.path)}"
        assert (resource["title"], resource["title_kk"], resource["title_ru"]) == (
            f"{file.table.title()}",
            f"kk: {file.table.title()}",
            f"ru: {file.table.title()}",
        )
    csv_resource, parquet_resource = resources["memberships-csv"], resources["memberships-parquet"]
    assert (csv_resource["mediatype"], csv_resource["encoding"], csv_resource["rows"]) == ("text/csv", "utf-8", 3)
    assert "type" not in csv_resource
    # a Parquet file is a `file` resource: frictionless cannot read it to confirm a row count, its CSV twin has one
    assert parquet_resource["type"] == "file" and parquet_resource["mediatype"] == "application/vnd.apache.parquet"
    assert "rows" not in parquet_resource and "encoding" not in parquet_resource
    assert not any("absent" in r for r in resources.values())  # every table's sources were supplied


def test_the_schema_gives_each_column_its_type_and_descriptions_and_the_primary_key(catalogue, members, tmp_path):
    resources = _resources(_built(_warehouse(), catalogue, members, tmp_path / "members"))
    for name in ("memberships-csv", "memberships-parquet"):  # the same data dictionary for both files
        schema = resources[name]["schema"]
        assert [(f["name"], f["type"]) for f in schema["fields"]] == [
            (column, frictionless_type) for column, (_, frictionless_type) in MEMBERSHIP_COLUMNS.items()
        ]
        seats = next(f for f in schema["fields"] if f["name"] == "seat_count")
        assert (seats["description"], seats["description_kk"], seats["description_ru"]) == (
            "The seat_count.",
            "kk: The seat_count.",
            "ru: The seat_count.",
        )
        assert schema["primaryKey"] == ["membership_id"]
    assert resources["persons-csv"]["schema"]["primaryKey"] == ["person_id"]
    # and a table without a key has none
    keyless = replace(members.tables[0], primary_key=())
    files = [DataFile("memberships", "csv", tmp_path / "memberships.csv", 1, "0" * 64, 3)]
    package = datapackage(catalogue, replace(members, tables=(keyless,)), files, False, {}, {"popolo_memberships"})
    assert "primaryKey" not in package["resources"][0]["schema"]


def test_rows_are_written_in_key_order_with_date_times_in_utc_and_the_parquet_file_carries_the_dictionary(
    catalogue, members, tmp_path
):
    folder = tmp_path / "members"
    _built(_warehouse(), catalogue, members, folder)
    with (folder / "memberships.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(MEMBERSHIP_COLUMNS)
    assert [row[0] for row in rows[1:]] == ["m1", "m2", "m3"]
    assert rows[1][-1] == "2024-02-29T19:30:00Z"  # 00:30 at +05:00 is the day before in UTC, and says so
    assert rows[3][-1] == "2024-03-01T05:00:00Z" and rows[2][-1] == ""
    assert (rows[1][4], rows[1][5]) == ("12.25", "true")
    parquet = str(folder / "memberships.parquet")
    with duckdb.connect() as con:
        kv = con.execute("SELECT decode(key), decode(value) FROM parquet_kv_metadata(?)", [parquet]).fetchall()
        keys = [key for (key,) in con.execute("SELECT membership_id FROM read_parquet(?)", [parquet]).fetchall()]
    assert keys == ["m1", "m2", "m3"]
    metadata, dictionary = dict(kv), parquet_data_dictionary(members.tables[0])
    assert {key: metadata.get(key) for key in dictionary} == dictionary
    assert metadata["title_kk"] == "kk: Memberships" and metadata["description:vote_share"] == "The vote_share."
    assert metadata["description_ru:vote_share"] == "ru: The vote_share."


def test_the_descriptor_carries_the_dataset_s_texts_coverage_licence_and_publisher(catalogue, members, tmp_path):
    package = _built(_warehouse(), catalogue, members, tmp_path / "members")
    assert (package["name"], package["title"], package["title_kk"], package["title_ru"]) == (
        "members",
        "Members",
        "kk: Members",
        "ru: Members",
    )
    assert package["description_ru"] == "ru: Who sat where." and package["synthetic"] is False
    assert package["keywords"] == ["members", "popolo"] and package["update_frequency"] == "daily"
    assert package["temporal"] == {"start": "2023-03-29", "end": "2024-02-01"}  # memberships.start_date
    assert package["licenses"] == [catalogue.licence] and package["homepage"] == "https://example.kz/docs"
    assert package["languages"] == ["kk", "ru", "en"] and package["spatial"] == "Kazakhstan"
    assert package["contributors"] == [
        {"title": "The publisher", "role": "publisher", "path": "https://example.kz", "email": "open@example.kz"}
    ]


def test_synthetic_data_say_so_in_every_language_and_in_the_keywords(catalogue, members):
    marked = package_descriptor(catalogue, members, [], True, {}, [])
    assert (marked["title"], marked["title_kk"], marked["title_ru"]) == (
        "[SYNTHETIC] Members",
        "[kk: SYNTHETIC] kk: Members",
        "[ru: SYNTHETIC] ru: Members",
    )
    assert marked["description_kk"] == "kk: SYNTHETIC DATA\n\nkk: Who sat where."
    assert marked["keywords"] == ["members", "popolo", "synthetic"] and marked["synthetic"] is True
    plain = package_descriptor(catalogue, members, [], False, {}, [])
    assert (
        plain["title"] == "Members"
        and plain["description"] == "Who sat where."
        and "synthetic" not in plain["keywords"]
    )


def test_the_version_changes_exactly_when_a_file_does(catalogue, members, tmp_path):
    first = build_dataset(_warehouse(), catalogue, members, tmp_path / "first", synthetic=False)
    again = build_dataset(_warehouse(), catalogue, members, tmp_path / "again", synthetic=False)
    changed_rows = MEMBERSHIPS.replace("62, 12.25", "63, 12.25")
    changed = build_dataset(_warehouse(memberships=changed_rows), catalogue, members, tmp_path / "changed", False)
    assert [f.sha256 for f in first.files] == [f.sha256 for f in again.files]  # the same data, the same bytes
    assert content_version(list(first.files)) == content_version(list(again.files))
    differ = {(f.table, f.format) for f, g in zip(first.files, changed.files, strict=True) if f.sha256 != g.sha256}
    assert differ == {("memberships", "csv"), ("memberships", "parquet")}
    assert content_version(list(first.files)) != content_version(list(changed.files))
    versions = {json.loads((tmp_path / n / "datapackage.json").read_text())["version"] for n in ("first", "changed")}
    assert versions == {content_version(list(first.files)), content_version(list(changed.files))}


def test_an_empty_table_the_landing_supplied_nothing_for_says_it_is_absent(catalogue, members, tmp_path):
    empty = "SELECT * FROM (" + MEMBERSHIPS + ") WHERE false"
    package = _built(_warehouse(("popolo_persons",), empty), catalogue, members, tmp_path / "absent")
    resources = _resources(package)
    note = "absent: the landing supplied no records of raw.popolo_memberships"
    assert resources["memberships-csv"]["absent"] == resources["memberships-parquet"]["absent"] == note
    assert resources["memberships-csv"]["rows"] == 0 and "absent" not in resources["persons-csv"]
    assert package["temporal"] == {"start": None, "end": None}
    # supplied but empty: a fault, which no note excuses
    supplied = _resources(_built(_warehouse(memberships=empty), catalogue, members, tmp_path / "supplied"))
    assert "absent" not in supplied["memberships-csv"]


def test_a_rebuild_ships_no_file_of_an_earlier_build(catalogue, members, tmp_path):
    folder = tmp_path / "members"
    folder.mkdir()
    (folder / "bill_documents.csv").write_text("from an earlier catalogue\n", encoding="utf-8")
    _built(_warehouse(), catalogue, members, folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        "datapackage.json",
        "memberships.csv",
        "memberships.parquet",
        "persons.csv",
        "persons.parquet",
    ]


def _tamper_descriptor(folder: Path, change) -> None:
    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    change(_resources(package))
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("tamper", "errors"),
    [
        (
            lambda folder: (folder / "persons.csv").write_text("person_id,name,birth_date\np9,X,\n"),
            ["persons-csv: bytes or sha256 differ from the descriptor", "persons-csv: 1 rows, the descriptor says 2"],
        ),
        (
            lambda folder: _tamper_descriptor(folder, lambda r: r["memberships-csv"].update(rows=5)),
            # the Parquet file's rows are its CSV twin's
            ["memberships-csv: 3 rows, the descriptor says 5", "memberships-parquet: 3 rows, the descriptor says 5"],
        ),
        (
            lambda folder: _tamper_descriptor(folder, lambda r: r["persons-parquet"]["schema"]["fields"].reverse()),
            ["persons-parquet: columns ['person_id', 'name', 'birth_date'] differ from the schema"],
        ),
    ],
    ids=["a file changed", "a row count changed", "the columns changed"],
)
def test_a_package_whose_files_differ_from_its_descriptor_is_refused_saying_how(
    catalogue, members, tmp_path, tamper, errors
):
    folder = tmp_path / "members"
    _built(_warehouse(), catalogue, members, folder)
    validate_package(folder / "datapackage.json")  # as built: valid
    tamper(folder)
    with pytest.raises(ValueError) as refused:
        validate_package(folder / "datapackage.json")
    message = str(refused.value)
    assert message.startswith(f"{folder / 'datapackage.json'} is not valid: ")
    assert all(error in message for error in errors), message


def test_an_invalid_descriptor_is_refused_by_frictionless(tmp_path):
    (tmp_path / "datapackage.json").write_text('{"name": "members", "resources": [{"name": "persons-csv"}]}')
    with pytest.raises(frictionless.FrictionlessException, match='"path" or "data" is required'):
        validate_package(tmp_path / "datapackage.json")


def test_a_package_is_built_and_scanned_again_when_its_rows_publishing_code_or_personal_data_scan_change(
    catalogue, members, tmp_path, monkeypatch
):
    con = _warehouse()
    publishing, scan = tmp_path / "publish", tmp_path / "privacy"
    for folder in (publishing, scan):
        folder.mkdir()
        (folder / "code.py").write_text("RULES = 1\n", encoding="utf-8")
    monkeypatch.setattr(publish_assets, "PROJECT_DIR", tmp_path)
    monkeypatch.setattr(publish_assets, "PRIVACY_DIR", scan)

    def fingerprint() -> str:
        return publish_assets.content_fingerprint(con, catalogue, members, synthetic=False)

    first = fingerprint()
    assert fingerprint() == first  # nothing changed: the folder as published is kept
    seen = {first}
    for changed in (publishing / "code.py", scan / "code.py"):  # a new exporter, a new personal-data detector
        changed.write_text("RULES = 2\n", encoding="utf-8")
        seen.add(fingerprint())
    con.execute("UPDATE published.persons SET name = 'Әлия Б.' WHERE person_id = 'p2'")
    seen.add(fingerprint())
    assert len(seen) == 4
