"""The catalogue (`publish/catalogue.py`): the published tables read from a dbt manifest (their kk/ru/en texts, column
types, keys and the raw tables they are built from), joined to the datasets of `catalogue.yml`, and the errors that
name what in either does not fit. On a small manifest and catalogue written here (`tests.support.catalogue`)."""

from __future__ import annotations

import pytest
import yaml

from dagster_project.assets.transform import ensure_manifest
from publish.catalogue import (
    CATALOGUE_FILE,
    Chart,
    CodeList,
    Column,
    Group,
    Text,
    catalogue_for,
    load_catalogue,
    tables_from_manifest,
)
from tests.support.catalogue import MEMBERSHIP_COLUMNS, catalogue_yml, manifest, texts, write_catalogue


def test_the_published_models_are_the_tables_with_their_texts_types_and_keys():
    tables = tables_from_manifest(manifest())
    assert set(tables) == {"persons", "memberships"}  # the staging and intermediate models are no published table
    persons = tables["persons"]
    assert persons.relation == "published.persons" and persons.primary_key == ("person_id",)
    assert persons.title == Text("kk: Persons", "ru: Persons", "Persons")
    # the English description is dbt's own, the kk and ru ones the model's meta
    assert persons.description == Text("kk: The persons.", "ru: The persons.", "The persons.")
    assert persons.columns == (
        Column("person_id", "varchar", Text("kk: The person's id.", "ru: The person's id.", "The person's id.")),
        Column("name", "varchar", Text("kk: The name as printed.", "ru: The name as printed.", "The name as printed.")),
        Column("birth_date", "date", Text("kk: The date of birth.", "ru: The date of birth.", "The date of birth.")),
    )
    assert [c.name for c in tables["memberships"].columns] == list(MEMBERSHIP_COLUMNS)  # in the manifest's order


def test_a_table_s_sources_are_the_raw_tables_it_is_built_from_through_every_model_between():
    tables = tables_from_manifest(manifest())
    # persons: stg_persons and int_persons lead to raw.popolo_persons; the private source they also read is not raw
    assert tables["persons"].sources == ("popolo_persons",)
    # memberships: its own raw table, and through published.persons that table's
    assert tables["memberships"].sources == ("popolo_memberships", "popolo_persons")
    assert tables["memberships"].absent_sources({"popolo_persons"}) == ("popolo_memberships",)
    assert tables["memberships"].absent_sources({"popolo_persons", "popolo_memberships"}) == ()


@pytest.mark.parametrize(
    ("data_type", "frictionless_type"),
    [
        *MEMBERSHIP_COLUMNS.values(),
        ("INTEGER", "integer"),
        ("hugeint", "integer"),
        ("double", "number"),
        ("timestamptz", "datetime"),
        ("TIMESTAMP", "datetime"),
        ("VARCHAR[]", "string"),  # what has no Table Schema type is published as text
        ("STRUCT(a INTEGER)", "string"),
    ],
)
def test_each_contract_data_type_is_published_as_its_frictionless_type(data_type, frictionless_type):
    assert Column("c", data_type, Text("k", "r", "e")).frictionless_type == frictionless_type


def test_a_text_is_trimmed_and_one_missing_a_language_names_where_and_which():
    assert Text.of({"kk": " Бір ", "ru": "Один\n", "en": "One"}, "here") == Text("Бір", "Один", "One")
    one = {"kk": "Бір", "ru": "Один", "en": "One"}
    assert Text.of(one, "here").as_dict() == one
    with pytest.raises(ValueError, match=r"^here: no text in ru, en$"):
        Text.of({"kk": "Бір", "ru": "", "en": None}, "here")
    with pytest.raises(ValueError, match=r"^nowhere: no text in kk, ru, en$"):
        Text.of(None, "nowhere")
    broken = manifest()
    del broken["nodes"]["model.eparl.persons"]["columns"]["name"]["meta"]
    with pytest.raises(ValueError, match=r"^dbt model persons, column name: no text in kk, ru$"):
        tables_from_manifest(broken)
    broken = manifest()
    broken["nodes"]["model.eparl.memberships"]["config"]["meta"]["eparl"]["title"].pop("kk")
    with pytest.raises(ValueError, match=r"^dbt model memberships title: no text in kk$"):
        tables_from_manifest(broken)


def test_each_dataset_holds_the_tables_catalogue_yml_lists_in_its_order(tmp_path):
    catalogue = load_catalogue(*write_catalogue(tmp_path, manifest(), catalogue_yml()))
    tables = tables_from_manifest(manifest())
    (members,) = catalogue.datasets
    assert members.name == "members" and members.title == Text("kk: Members", "ru: Members", "Members")
    assert members.tables == (tables["memberships"], tables["persons"])  # catalogue.yml's order, not the manifest's
    assert (members.tags, members.groups, members.update_frequency) == (("members", "popolo"), ("parliament",), "daily")
    table, column = members.temporal_coverage
    assert (table.name, column.name, column.frictionless_type) == ("memberships", "start_date", "date")
    assert members.charts == (Chart("seats", Text(**texts("Seats")), Text(**texts("Seats by party."))),)
    # the Popolo export is a dataset of its own, not one of the table datasets, with its collections
    assert catalogue.popolo.name == "popolo" and catalogue.popolo.tables == (tables["persons"],)
    assert [(c.name, c.title.en) for c in catalogue.popolo.collections] == [("persons", "Persons")]
    assert catalogue.popolo.update_frequency == "irregular"  # no update_frequency in catalogue.yml
    assert catalogue.built_datasets == (members, catalogue.popolo)
    assert catalogue.tables == (tables["memberships"], tables["persons"])  # the table datasets' only
    assert [c.name for c in catalogue.landing_page.charts] == ["cohesion"]


def test_the_catalogue_carries_the_publisher_the_portal_s_groups_and_the_code_lists(tmp_path):
    catalogue = load_catalogue(*write_catalogue(tmp_path, manifest(), catalogue_yml()))
    assert catalogue.publisher_name == Text(**texts("The publisher"))
    assert (catalogue.publisher_url, catalogue.contact_email) == ("https://example.kz", "open@example.kz")
    assert catalogue.licence["name"] == "CC-BY-4.0" and catalogue.languages == ("kk", "ru", "en")
    assert catalogue.synthetic_notice.ru == "ru: SYNTHETIC DATA"
    assert catalogue.language_names.kk == "Қазақша" and catalogue.synthetic_title_prefix.en == "[SYNTHETIC]"
    assert catalogue.organization == Group("parlam", Text(**texts("Parliament")))
    assert catalogue.groups == (Group("parliament", Text(**texts("Work of parliament"))),)
    assert catalogue.datapackage_resource == (Text(**texts("Data package")), Text(**texts("Every file of it.")))
    # the warehouse is a dataset of files: its texts and promise, no tables
    warehouse = catalogue.warehouse
    assert (warehouse.name, warehouse.title.ru) == ("warehouse", "ru: The warehouse")
    assert warehouse.update_frequency == "daily"
    assert warehouse.tables == () and warehouse.text("database_title").kk == "kk: DuckDB file"
    assert catalogue.code_lists == (  # by name, each with its columns' descriptions
        CodeList("channels", "Submission channels.", ()),
        CodeList("regions", "Regions by KATO code.", (("code", "KATO code."), ("name_kk", ""))),
    )


def _members(catalogue: dict) -> dict:
    return catalogue["datasets"][0]


REFUSALS = [  # a change to catalogue.yml, and the error that names it
    (lambda c: _members(c)["tables"].append("votes"), "dataset members: no published dbt model for votes"),
    (lambda c: _members(c)["groups"].append("budget"), "dataset members: no group budget in the catalogue"),
    (
        lambda c: _members(c).update(temporal_coverage="votes.vote_date"),
        "dataset members temporal_coverage: votes is not one of the dataset's tables",
    ),
    (
        lambda c: _members(c).update(temporal_coverage="persons.name"),  # a column, but not a date
        "dataset members temporal_coverage: persons has no date column name",
    ),
    (
        lambda c: _members(c).update(temporal_coverage="memberships.end_date"),
        "dataset members temporal_coverage: memberships has no date column end_date",
    ),
    (lambda c: _members(c)["title"].pop("ru"), "dataset members title: no text in ru"),
    (lambda c: _members(c)["description"].update(kk=""), "dataset members description: no text in kk"),
    (lambda c: _members(c)["charts"][0]["title"].pop("en"), "chart seats title: no text in en"),
    (lambda c: c["popolo"]["tables"].append("bills"), "dataset popolo: no published dbt model for bills"),
    (lambda c: c["groups"][0]["title"].pop("kk"), "group parliament title: no text in kk"),
    (lambda c: c["synthetic_notice"].pop("en"), "synthetic notice: no text in en"),
    (lambda c: c["synthetic_title_prefix"].pop("ru"), "synthetic title prefix: no text in ru"),
    (lambda c: c["landing_page"]["description"].pop("ru"), "landing page index description: no text in ru"),
]


@pytest.mark.parametrize(("change", "message"), REFUSALS, ids=[message for _, message in REFUSALS])
def test_a_catalogue_entry_that_does_not_fit_the_dbt_definitions_is_refused_naming_it(tmp_path, change, message):
    catalogue = catalogue_yml()
    change(catalogue)
    with pytest.raises(ValueError) as refused:
        load_catalogue(*write_catalogue(tmp_path, manifest(), catalogue))
    assert str(refused.value) == message


def test_the_repository_s_catalogue_is_read_once_and_holds_what_its_catalogue_yml_lists():
    entries = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    catalogue = catalogue_for(ensure_manifest())
    assert catalogue_for(ensure_manifest()) is catalogue  # once per process, whoever asks
    assert [(d.name, [t.name for t in d.tables]) for d in catalogue.datasets] == [
        (entry["name"], entry["tables"]) for entry in entries["datasets"]
    ]
    assert [t.name for t in catalogue.popolo.tables] == entries["popolo"]["tables"]
    # the texts the file datasets' builders name (publish/popolo.py, dagster_project/release/dataset.py) are in
    # the catalogue
    assert catalogue.popolo.text("without_legislature").en == "no legislature"
    warehouse = catalogue.warehouse
    assert warehouse.text("database_title").en == "DuckDB warehouse"
    files = ("database", "release_manifest")
    assert {name for name, _ in warehouse.texts} == {f"{f}_{t}" for f in files for t in ("title", "description")}
