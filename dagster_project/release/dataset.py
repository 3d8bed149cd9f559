"""The `warehouse` dataset: a release's DuckDB file and its release.json, as one downloadable dataset.

It is not a dataset of tables (those are in `catalogue.yml`'s `datasets`), so it has its own small datapackage:
one resource per file, each with the fields both targets read (name, path, format, bytes, sha256 hash, kk/ru/en
titles and descriptions). It gives no row count, which the stock `frictionless validate` cannot confirm for a
file: release.json lists the tables and their rows. Its texts are in `catalogue.yml` under `warehouse`, read as
`Catalogue.warehouse` (`publish/catalogue.py`; the landing page reads them too). The local folder and the CKAN portal
ship it like any other dataset (`LocalFolderTarget`, `CkanTarget`); the CKAN target loads only CSV resources into its
DataStore, so these files are plain downloads there.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from dagster_project.hashing import file_sha256
from dagster_project.release.build import DATABASE_FILE, MANIFEST_FILE, Release
from publish.catalogue import Catalogue, Dataset
from publish.package import BuiltDataset, DataFile, empty_directory, trilingual

NAME = "warehouse"
_RESOURCES = {  # each file's format, media type, and the name of its texts in the catalogue's `warehouse` entry
    DATABASE_FILE: ("duckdb", "application/vnd.duckdb", "database"),
    MANIFEST_FILE: ("json", "application/json", "release_manifest"),
}


def build_warehouse_dataset(
    catalogue: Catalogue, dataset: Dataset, release: Release, directory: Path, synthetic: bool, docs_url: str
) -> BuiltDataset:
    """Copy the release's files into `directory` and write their datapackage.json."""
    empty_directory(directory)
    files = []
    for name in (DATABASE_FILE, MANIFEST_FILE):
        path = directory / name
        shutil.copyfile(release.directory / name, path)
        files.append(DataFile(name, _RESOURCES[name][0], path, path.stat().st_size, file_sha256(path), None))
    title, description = catalogue.dataset_texts(dataset, synthetic)
    package = {
        "name": dataset.name,
        **trilingual("title", title),
        **trilingual("description", description),
        "keywords": sorted({*dataset.tags, *(["synthetic"] if synthetic else [])}),
        "synthetic": synthetic,
        "languages": list(catalogue.languages),
        "spatial": catalogue.spatial,
        "temporal": {"start": None, "end": None},
        "version": release.release_id,
        "update_frequency": dataset.update_frequency,
        "homepage": catalogue.documentation,
        "documentation": docs_url,
        "release": {k: release.manifest[k] for k in ("release_id", "run_id", "created_at", "code_version")},
        "licenses": [catalogue.licence],
        "resources": [
            {
                "name": f"{NAME}-{file.format}",
                "path": file.path.name,
                "format": file.format,
                "mediatype": _RESOURCES[file.path.name][1],
                "bytes": file.bytes,
                "hash": f"sha256:{file.sha256}",
                **trilingual("title", dataset.text(f"{_RESOURCES[file.path.name][2]}_title").as_dict()),
                **trilingual("description", dataset.text(f"{_RESOURCES[file.path.name][2]}_description").as_dict()),
            }
            for file in files
        ],
    }
    package_path = directory / "datapackage.json"
    package_path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    import frictionless  # only here: the definitions import this module, and must start fast

    frictionless.Package(str(package_path))  # raises on an invalid descriptor
    for file in files:
        if file_sha256(file.path) != file.sha256:
            raise ValueError(f"{file.path}: sha256 changed while building the warehouse dataset")
    return BuiltDataset(dataset.name, directory, tuple(files))
