"""The catalogue of open datasets, joined to the one definition of their tables and columns.

`catalogue.yml` (beside this file) says which datasets exist, in three languages, and which published tables
each holds, and holds every other text the public reads. The tables and columns themselves are defined once, in
dbt/contract/ (`publish/contract.py` writes the dbt YAML of the published models from it); this module reads them
from the dbt manifest, with the code lists (dbt seeds). Everything that describes a dataset to
the public (datapackage.json, the CKAN data dictionary, the validation suites' column lists, the landing page) is
built from the objects defined here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yml")
LANGUAGES = ("kk", "ru", "en")

# Frictionless Table Schema types for the dbt contract's data types.
_FRICTIONLESS_TYPES = {
    "varchar": "string",
    "text": "string",
    "bigint": "integer",
    "integer": "integer",
    "smallint": "integer",
    "hugeint": "integer",
    "double": "number",
    "float": "number",
    "decimal": "number",
    "boolean": "boolean",
    "date": "date",
    "timestamp with time zone": "datetime",
    "timestamptz": "datetime",
    "timestamp": "datetime",
}


@dataclass(frozen=True)
class Text:
    """One piece of text in the three languages of the catalogue."""

    kk: str
    ru: str
    en: str

    @classmethod
    def of(cls, values: dict[str, str], where: str) -> Text:
        missing = [lang for lang in LANGUAGES if not (values or {}).get(lang)]
        if missing:
            raise ValueError(f"{where}: no text in {', '.join(missing)}")
        return cls(**{lang: values[lang].strip() for lang in LANGUAGES})

    def as_dict(self) -> dict[str, str]:
        return {"kk": self.kk, "ru": self.ru, "en": self.en}


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    description: Text

    @property
    def frictionless_type(self) -> str:
        base = self.data_type.lower().split("(")[0].strip()
        return _FRICTIONLESS_TYPES.get(base, "string")


@dataclass(frozen=True)
class Table:
    """A published table: `published.<name>` in the warehouse."""

    name: str
    title: Text
    description: Text
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    sources: tuple[str, ...] = ()
    """The raw tables it is built from (its dbt lineage down to the sources of schema `raw`)."""

    @property
    def relation(self) -> str:
        return f"published.{self.name}"

    def absent_sources(self, supplied: set[str]) -> tuple[str, ...]:
        """The raw tables it is built from that the landing supplied no records for. When there are any, the table
        may legitimately be empty: a landing of votes only has no memberships to publish."""
        return tuple(source for source in self.sources if source not in supplied)


@dataclass(frozen=True)
class Group:
    """An organization or a group of datasets on a CKAN portal."""

    name: str
    title: Text


@dataclass(frozen=True)
class Chart:
    """A picture drawn from published tables: beside the tables (a PNG by `publish/charts.py`), or on the landing
    page (inline SVG by `publish/landing_charts.py`)."""

    name: str
    title: Text
    description: Text


@dataclass(frozen=True)
class Collection:
    """A kind of Popolo object (persons, organizations, memberships, events, vote_events) of the Popolo export."""

    name: str
    title: Text
    description: Text


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Text
    description: Text
    tags: tuple[str, ...]
    groups: tuple[str, ...]
    update_frequency: str
    tables: tuple[Table, ...]
    temporal_coverage: tuple[Table, Column]
    """The date column whose first and last values give the period the dataset covers."""
    charts: tuple[Chart, ...] = ()
    collections: tuple[Collection, ...] = ()
    """The Popolo collections it is published as (the `popolo` dataset only)."""
    texts: tuple[tuple[str, Text], ...] = ()
    """Further texts of a dataset that is a file (the warehouse, the Popolo export), by name: its files' titles."""

    def text(self, name: str) -> Text:
        return dict(self.texts)[name]


@dataclass(frozen=True)
class LandingPage:
    """The publish folder's landing page (`publish/landing_page.py`): its texts, its name as a CKAN dataset, and the
    charts it draws from the published files (`publish/landing_charts.py`)."""

    name: str
    title: Text
    description: Text
    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class CodeList:
    """A code list (a dbt seed, published in schema `reference` of the warehouse dataset), as `_seeds.yml` describes
    it: in English only, its labels are its kk/ru/en columns."""

    name: str
    description: str
    columns: tuple[tuple[str, str], ...]
    """Each column's name and description."""


@dataclass(frozen=True)
class Catalogue:
    publisher_name: Text
    publisher_url: str
    contact_email: str
    licence: dict[str, str]
    documentation: str
    spatial: str
    languages: tuple[str, ...]
    language_names: Text
    """Each language by its own name (Қазақша, Русский, English)."""
    synthetic_title_prefix: Text
    synthetic_notice: Text
    datapackage_resource: tuple[Text, Text]
    """The title and description of a dataset's datapackage.json as a resource of its own (on CKAN)."""
    organization: Group
    groups: tuple[Group, ...]
    datasets: tuple[Dataset, ...]
    popolo: Dataset
    """The Popolo export of the members' and votes' tables (`publish/popolo.py`): not one of the table datasets."""
    warehouse: Dataset
    """The dataset of a release (`dagster_project/release/dataset.py`): the warehouse as one file, no tables."""
    landing_page: LandingPage
    code_lists: tuple[CodeList, ...]

    @property
    def built_datasets(self) -> tuple[Dataset, ...]:
        """Every dataset built from the published tables and shipped: the table datasets and the Popolo export."""
        return (*self.datasets, self.popolo)

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(t for d in self.datasets for t in d.tables)

    def dataset_texts(self, dataset: Dataset, synthetic: bool) -> tuple[dict[str, str], dict[str, str]]:
        """The dataset's title and description in each language, marked when its data are the synthetic demo's."""
        title, description = dataset.title.as_dict(), dataset.description.as_dict()
        if not synthetic:
            return title, description
        prefix, notice = self.synthetic_title_prefix.as_dict(), self.synthetic_notice.as_dict()
        return (
            {lang: f"{prefix[lang]} {text}" for lang, text in title.items()},
            {lang: f"{notice[lang]}\n\n{text}" for lang, text in description.items()},
        )


def eparl_meta(node: dict) -> dict:
    """What the project keeps in a dbt node's (or column's) `meta.eparl`: texts in kk/ru, a primary key."""
    return (node.get("config", {}).get("meta") or node.get("meta") or {}).get("eparl", {})


def _raw_sources(manifest: dict, unique_id: str) -> tuple[str, ...]:
    """The raw tables (dbt sources of schema `raw`) a node is built from, through every model in between."""
    seen, pending, raw = set(), [unique_id], set()
    while pending:
        node_id = pending.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        if (source := manifest["sources"].get(node_id)) is not None:
            if source["schema"] == "raw":
                raw.add(source["name"])
        elif (node := manifest["nodes"].get(node_id)) is not None:
            pending.extend(node.get("depends_on", {}).get("nodes", ()))
    return tuple(sorted(raw))


def tables_from_manifest(manifest: dict) -> dict[str, Table]:
    """Every model of the `published` schema, with its trilingual texts, from a parsed dbt manifest."""
    tables = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["config"].get("schema") != "published":
            continue
        meta = eparl_meta(node)
        where = f"dbt model {node['name']}"
        columns = tuple(
            Column(
                name=column["name"],
                data_type=column.get("data_type") or "varchar",
                description=Text.of(
                    {**eparl_meta(column).get("description", {}), "en": column.get("description", "")},
                    f"{where}, column {column['name']}",
                ),
            )
            for column in node["columns"].values()
        )
        tables[node["name"]] = Table(
            name=node["name"],
            title=Text.of(meta.get("title", {}), f"{where} title"),
            description=Text.of({**meta.get("description", {}), "en": node.get("description", "")}, where),
            columns=columns,
            primary_key=tuple(meta.get("primary_key", ())),
            sources=_raw_sources(manifest, node["unique_id"]),
        )
    return tables


def code_lists_from_manifest(manifest: dict) -> tuple[CodeList, ...]:
    """Every dbt seed (code list) with its description and its columns', by name."""
    seeds = sorted((n for n in manifest["nodes"].values() if n["resource_type"] == "seed"), key=lambda n: n["name"])
    return tuple(
        CodeList(
            name=seed["name"],
            description=seed.get("description", ""),
            columns=tuple((c["name"], c.get("description", "")) for c in seed["columns"].values()),
        )
        for seed in seeds
    )


def _group(entry: dict, kind: str) -> Group:
    return Group(name=entry["name"], title=Text.of(entry["title"], f"{kind} {entry['name']} title"))


def _date_column(entry: dict, tables: dict[str, Table]) -> tuple[Table, Column]:
    where = f"dataset {entry['name']} temporal_coverage"
    table_name, _, column_name = entry["temporal_coverage"].partition(".")
    if table_name not in entry["tables"]:
        raise ValueError(f"{where}: {table_name} is not one of the dataset's tables")
    table = tables[table_name]
    column = next((c for c in table.columns if c.name == column_name), None)
    if column is None or column.frictionless_type != "date":
        raise ValueError(f"{where}: {table_name} has no date column {column_name}")
    return table, column


def _texts_of(entry: dict, kind: str) -> tuple[Text, Text]:
    return (
        Text.of(entry["title"], f"{kind} {entry['name']} title"),
        Text.of(entry["description"], f"{kind} {entry['name']} description"),
    )


def _file_dataset_texts(entry: dict) -> tuple[tuple[str, Text], ...]:
    """The `texts` of a catalogue entry (a dataset that is a file), each in the three languages."""
    return tuple(
        (name, Text.of(texts, f"dataset {entry['name']} text {name}")) for name, texts in entry.get("texts", {}).items()
    )


def _dataset(entry: dict, tables: dict[str, Table], groups: list[dict]) -> Dataset:
    unknown = [t for t in entry["tables"] if t not in tables]
    if unknown:
        raise ValueError(f"dataset {entry['name']}: no published dbt model for {', '.join(unknown)}")
    unknown = [g for g in entry.get("groups", ()) if g not in {g["name"] for g in groups}]
    if unknown:
        raise ValueError(f"dataset {entry['name']}: no group {', '.join(unknown)} in the catalogue")
    title, description = _texts_of(entry, "dataset")
    return Dataset(
        name=entry["name"],
        title=title,
        description=description,
        tags=tuple(entry.get("tags", ())),
        groups=tuple(entry.get("groups", ())),
        update_frequency=entry.get("update_frequency", "irregular"),
        tables=tuple(tables[t] for t in entry["tables"]),
        temporal_coverage=_date_column(entry, tables),
        charts=tuple(Chart(chart["name"], *_texts_of(chart, "chart")) for chart in entry.get("charts", ())),
        collections=tuple(
            Collection(name, *_texts_of({"name": name, **texts}, "collection"))
            for name, texts in entry.get("collections", {}).items()
        ),
        texts=_file_dataset_texts(entry),
    )


def _warehouse_dataset(entry: dict) -> Dataset:
    return Dataset(
        name=entry["name"],
        title=Text.of(entry["title"], "warehouse title"),
        description=Text.of(entry["description"], "warehouse description"),
        tags=tuple(entry.get("tags", ())),
        groups=tuple(entry.get("groups", ())),
        update_frequency=entry.get("update_frequency", "irregular"),
        tables=(),
        temporal_coverage=None,  # type: ignore[arg-type]  # no table: the release.json says what it covers
        texts=_file_dataset_texts(entry),
    )


def load_catalogue(manifest_path: Path, catalogue_file: Path = CATALOGUE_FILE) -> Catalogue:
    raw = yaml.safe_load(catalogue_file.read_text(encoding="utf-8"))
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    tables = tables_from_manifest(manifest)
    landing = raw["landing_page"]
    datasets = tuple(_dataset(entry, tables, raw["groups"]) for entry in raw["datasets"])
    publisher = raw["publisher"]
    return Catalogue(
        publisher_name=Text.of(publisher["name"], "publisher name"),
        publisher_url=publisher["url"],
        contact_email=publisher["contact_email"],
        licence=raw["licence"],
        documentation=raw["documentation"],
        spatial=raw["spatial"],
        languages=tuple(raw["languages"]),
        language_names=Text.of(raw["language_names"], "language names"),
        synthetic_title_prefix=Text.of(raw["synthetic_title_prefix"], "synthetic title prefix"),
        synthetic_notice=Text.of(raw["synthetic_notice"], "synthetic notice"),
        datapackage_resource=(
            Text.of(raw["datapackage_resource"]["title"], "datapackage resource title"),
            Text.of(raw["datapackage_resource"]["description"], "datapackage resource description"),
        ),
        organization=_group(raw["organization"], "organization"),
        groups=tuple(_group(group, "group") for group in raw["groups"]),
        datasets=datasets,
        popolo=_dataset(raw["popolo"], tables, raw["groups"]),
        warehouse=_warehouse_dataset(raw["warehouse"]),
        landing_page=LandingPage(
            landing["name"],
            *_texts_of(landing, "landing page"),
            charts=tuple(Chart(chart["name"], *_texts_of(chart, "chart")) for chart in landing["charts"]),
        ),
        code_lists=code_lists_from_manifest(manifest),
    )


@cache
def catalogue_for(manifest_path: Path) -> Catalogue:
    """The catalogue for a manifest, read once per process."""
    return load_catalogue(manifest_path)
