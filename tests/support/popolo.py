"""Checks of the Popolo export shared by the demo and real-data pipeline tests: every object against the Popolo
standard's own JSON Schemas (`popolo-spec-schemas` in the real data folder, read offline), and the round trip
through the landing loader into a fresh warehouse. What belongs here: the validators and the checks more than one
test module runs on a Popolo export; a check of one export's contents stays in its test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from dagster_project.cli import run_failures, run_pipeline
from dagster_project.definitions import build_definitions
from dagster_project.ingest.loader import SYNTHETIC_MARKER
from dagster_project.settings import Settings
from publish.catalogue import Dataset
from tests.support.pipeline import settings_under
from tests.support.realdata import require_realdata

SCHEMA_URL = "http://www.popoloproject.com/schemas/{}.json"
TABLES = {  # the published table each collection's objects are the rows of
    "persons": "persons",
    "organizations": "organizations",
    "memberships": "memberships",
    "events": "legislative_periods",
    "vote_events": "vote_events",
}
COLLECTION_SCHEMAS = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "events": "event",
    "vote_events": "vote_event",
}


def popolo_validators() -> dict[str, Draft3Validator]:
    """A draft-3 validator per collection, its `$ref`s resolved to the local copies of the Popolo schemas."""
    folder = require_realdata() / "popolo-spec-schemas" / "schemas"
    resources = []
    for path in sorted(folder.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT3)
        resources += [(SCHEMA_URL.format(path.stem), resource), (f"{SCHEMA_URL.format(path.stem)}#", resource)]
    registry = Registry().with_resources(resources)
    return {
        collection: Draft3Validator(
            registry.contents(SCHEMA_URL.format(name)),
            registry=registry,
            format_checker=Draft3Validator.FORMAT_CHECKER,
        )
        for collection, name in COLLECTION_SCHEMAS.items()
    }


def popolo_schema_errors(folder: Path) -> tuple[dict[str, int], list[str]]:
    """The objects of each collection in the dataset's folder, and every schema error (file, object, path)."""
    validators = popolo_validators()
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    objects: dict[str, int] = {}
    errors = []
    for resource in package["resources"]:
        collection = resource["popolo_collection"]
        document = json.loads((folder / resource["path"]).read_text(encoding="utf-8"))
        assert list(document) == [collection], resource["path"]
        objects[collection] = objects.get(collection, 0) + len(document[collection])
        for index, item in enumerate(document[collection]):
            errors += [
                f"{resource['path']} {collection}[{index}] {'/'.join(map(str, error.absolute_path))}: {error.message}"
                for error in validators[collection].iter_errors(item)
            ]
    return objects, errors


def reload_popolo(popolo_folder: Path, original: Settings, root: Path, dataset: Dataset) -> Settings:
    """Load a fresh landing holding only the Popolo export (and the synthetic marker when the original landing had
    one) and build the dataset's published tables from it: the pipeline's assets they are made from (ingest and dbt,
    with their checks), not the rest of the warehouse nor the publishing, which the round trip does not compare.
    Returns its settings."""
    settings = settings_under(root)
    landing = settings.landing_dir / "popolo"
    landing.mkdir(parents=True)
    for path in sorted(popolo_folder.glob("*.json")):
        if path.name != "datapackage.json":
            shutil.copyfile(path, landing / path.name)
    if (original.landing_dir / SYNTHETIC_MARKER).is_file():
        shutil.copyfile(original.landing_dir / SYNTHETIC_MARKER, settings.landing_dir / SYNTHETIC_MARKER)
    graph = build_definitions(settings).resolve_asset_graph()
    tables = dg.AssetSelection.assets(*(dg.AssetKey(["published", table.name]) for table in dataset.tables))
    built = sorted(tables.upstream().resolve(graph), key=dg.AssetKey.to_user_string)
    result = run_pipeline(settings, dg.DagsterInstance.ephemeral(), progress=False, asset_selection=built)
    assert result.success, run_failures(result)
    return settings


def round_trip_differences(original: Path, reloaded: Path, dataset: Dataset) -> dict[str, tuple[int, int, int]]:
    """For each of the dataset's tables: (rows, rows only in the original, rows only in the reloaded warehouse)."""
    found = {}
    with duckdb.connect() as con:
        con.execute("ATTACH ? AS original (READ_ONLY)", [str(original)])
        con.execute("ATTACH ? AS reloaded (READ_ONLY)", [str(reloaded)])
        for table in dataset.tables:
            columns = ", ".join(f'"{c.name}"' for c in table.columns)
            a, b = f"original.{table.relation}", f"reloaded.{table.relation}"
            rows = con.execute(f"SELECT count(*) FROM {a}").fetchone()[0]
            lost, added = (
                con.execute(
                    f"SELECT count(*) FROM (SELECT {columns} FROM {x} EXCEPT ALL SELECT {columns} FROM {y})"
                ).fetchone()[0]
                for x, y in ((a, b), (b, a))
            )
            found[table.name] = (rows, lost, added)
    return found


def assert_popolo_export(settings: Settings, dataset: Dataset, reload_root: Path) -> dict[str, int]:
    """The published Popolo export of a pipeline run (the stock `frictionless validate` is run on it with every
    other package: `tests.support.published.assert_packages_pass_frictionless`): every object is valid against the
    Popolo schemas, it holds every row of the tables it is made of, and reloaded into a fresh warehouse through the
    landing loader it gives back the same rows of every one of them. Returns the objects per collection."""
    folder = settings.publish_dir / dataset.name
    objects, errors = popolo_schema_errors(folder)
    assert errors == [], errors[:20]
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        published = {
            collection: con.execute(f"SELECT count(*) FROM published.{table}").fetchone()[0]
            for collection, table in TABLES.items()
        }
    assert objects == {collection: rows for collection, rows in published.items() if rows}
    reloaded = reload_popolo(folder, settings, reload_root, dataset)
    differences = round_trip_differences(settings.warehouse, reloaded.warehouse, dataset)
    assert {name: (lost, added) for name, (_, lost, added) in differences.items()} == {
        table.name: (0, 0) for table in dataset.tables
    }
    return objects
