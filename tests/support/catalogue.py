"""A small catalogue written by hand: a dbt manifest of two published tables (with a staging and an intermediate model
between them and their raw sources, a private source and a code list), and a `catalogue.yml` of one dataset and the
Popolo export over them, as `publish.catalogue.load_catalogue` reads them. What belongs here: the documents, as dicts
a test may change before `write_catalogue`; what the catalogue or a package built from it must say is the test's.
The repository's own catalogue is `publish.catalogue.catalogue_for(ensure_manifest())`."""

from __future__ import annotations

import json
from pathlib import Path

import yaml


def texts(en: str) -> dict[str, str]:
    """One text in the three languages, told apart by a prefix."""
    return {"kk": f"kk: {en}", "ru": f"ru: {en}", "en": en}


def _column(name: str, data_type: str | None, en: str) -> dict:
    translations = {"kk": f"kk: {en}", "ru": f"ru: {en}"}
    column = {"name": name, "description": en, "meta": {"eparl": {"description": translations}}}
    return {**column, "data_type": data_type} if data_type else column


def _model(name: str, schema: str, depends_on: list[str], columns: list[dict] = (), **meta: object) -> dict:
    return {
        "unique_id": f"model.eparl.{name}",
        "resource_type": "model",
        "name": name,
        "description": f"The {name}.",
        "config": {"schema": schema, "meta": {"eparl": meta}},
        "columns": {c["name"]: c for c in columns},
        "depends_on": {"nodes": depends_on},
    }


MEMBERSHIP_COLUMNS = {  # name: (the dbt contract's data type, the frictionless type it is published as)
    "membership_id": ("varchar", "string"),
    "person_id": ("VARCHAR", "string"),
    "start_date": ("date", "date"),
    "seat_count": ("bigint", "integer"),
    "vote_share": ("DECIMAL(5, 2)", "number"),
    "is_current": ("boolean", "boolean"),
    "recorded_at": ("timestamp with time zone", "datetime"),
}


def manifest() -> dict:
    """`published.persons` (from raw `popolo_persons`, through `stg_persons` and `int_persons`, which also reads a
    private source) and `published.memberships` (from raw `popolo_memberships` and `published.persons`), a staging
    model that is no published table, and the code list `regions`."""
    raw, private = "source.eparl.raw.", "source.eparl.private."
    persons = [
        _column("person_id", "varchar", "The person's id."),
        _column("name", None, "The name as printed."),  # no data type: read as varchar
        _column("birth_date", "date", "The date of birth."),
    ]
    memberships = [_column(name, data_type, f"The {name}.") for name, (data_type, _) in MEMBERSHIP_COLUMNS.items()]
    nodes = [
        _model("stg_persons", "staging", [f"{raw}popolo_persons"]),
        _model("int_persons", "intermediate", ["model.eparl.stg_persons", f"{private}portal_submission_texts"]),
        _model(
            "persons", "published", ["model.eparl.int_persons"], persons,
            title=texts("Persons"), description={"kk": "kk: The persons.", "ru": "ru: The persons."},
            primary_key=["person_id"],
        ),
        _model(
            "memberships", "published", [f"{raw}popolo_memberships", "model.eparl.persons"], memberships,
            title=texts("Memberships"), description={"kk": "kk: The memberships.", "ru": "ru: The memberships."},
            primary_key=["membership_id"],
        ),
        {
            "unique_id": "seed.eparl.regions",
            "resource_type": "seed",
            "name": "regions",
            "description": "Regions by KATO code.",
            "columns": {"code": {"name": "code", "description": "KATO code."}, "name_kk": {"name": "name_kk"}},
        },
        {
            "unique_id": "seed.eparl.channels",
            "resource_type": "seed",
            "name": "channels",
            "description": "Submission channels.",
            "columns": {},
        },
    ]  # fmt: skip
    sources = {
        f"{raw}popolo_persons": {"schema": "raw", "name": "popolo_persons"},
        f"{raw}popolo_memberships": {"schema": "raw", "name": "popolo_memberships"},
        f"{private}portal_submission_texts": {"schema": "private", "name": "portal_submission_texts"},
    }
    return {"nodes": {n["unique_id"]: n for n in nodes}, "sources": sources}


def catalogue_yml() -> dict:
    """One dataset, `members` (memberships, then persons), and the Popolo export of persons."""
    return {
        "publisher": {"name": texts("The publisher"), "url": "https://example.kz", "contact_email": "open@example.kz"},
        "licence": {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"},
        "documentation": "https://example.kz/docs",
        "spatial": "Kazakhstan",
        "languages": ["kk", "ru", "en"],
        "language_names": {"kk": "Қазақша", "ru": "Русский", "en": "English"},
        "synthetic_title_prefix": {"kk": "[kk: SYNTHETIC]", "ru": "[ru: SYNTHETIC]", "en": "[SYNTHETIC]"},
        "synthetic_notice": texts("SYNTHETIC DATA"),
        "datapackage_resource": {"title": texts("Data package"), "description": texts("Every file of it.")},
        "organization": {"name": "parlam", "title": texts("Parliament")},
        "groups": [{"name": "parliament", "title": texts("Work of parliament")}],
        "datasets": [
            {
                "name": "members",
                "title": texts("Members"),
                "description": texts("Who sat where."),
                "tags": ["members", "popolo"],
                "update_frequency": "daily",
                "groups": ["parliament"],
                "temporal_coverage": "memberships.start_date",
                "tables": ["memberships", "persons"],
                "charts": [{"name": "seats", "title": texts("Seats"), "description": texts("Seats by party.")}],
            }
        ],
        "popolo": {
            "name": "popolo",
            "title": texts("Popolo export"),
            "description": texts("The members as Popolo."),
            "temporal_coverage": "persons.birth_date",
            "tables": ["persons"],
            "collections": {"persons": {"title": texts("Persons"), "description": texts("Popolo persons.")}},
        },
        "warehouse": {
            "name": "warehouse",
            "title": texts("The warehouse"),
            "description": texts("Every table in one file."),
            "update_frequency": "daily",
            "texts": {"database_title": texts("DuckDB file"), "database_description": texts("The warehouse.")},
        },
        "landing_page": {
            "name": "index",
            "title": texts("Open data"),
            "description": texts("Every dataset."),
            "charts": [{"name": "cohesion", "title": texts("Cohesion"), "description": texts("Over time.")}],
        },
    }


def write_catalogue(folder: Path, manifest: dict, catalogue: dict) -> tuple[Path, Path]:
    """The manifest and the catalogue written into `folder`: (manifest.json, catalogue.yml), as `load_catalogue`
    takes them."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path, catalogue_path = folder / "manifest.json", folder / "catalogue.yml"
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    catalogue_path.write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    return manifest_path, catalogue_path
