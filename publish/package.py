"""Build one open dataset from the warehouse: its CSV and Parquet files and its frictionless datapackage.json.

Every target (the local folder, `publish/local.py`; a CKAN portal, `publish/ckan.py`) ships what `build_dataset`
makes, so the files and the metadata a user downloads are the same wherever they find them. Files are written by
DuckDB's `COPY`, ordered by primary key, so an unchanged table gives byte-identical files and the same sha256.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.hashing import file_sha256
from dagster_project.json_documents import elements
from publish.catalogue import Catalogue, Chart, Dataset, Table
from publish.charts import CHARTS

FORMATS = {
    "csv": ("text/csv", "(FORMAT csv, HEADER true, DELIMITER ',', TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%SZ')"),
    "parquet": ("application/vnd.apache.parquet", "(FORMAT parquet, COMPRESSION zstd)"),
}
CHART_FORMAT = ("png", "image/png")
FRICTIONLESS_SAMPLE_ROWS = 10_000


@dataclass(frozen=True)
class DataFile:
    table: str  # the table it holds, or the chart it draws
    format: str
    path: Path
    bytes: int
    sha256: str
    rows: int | None  # None for a chart or a file of the warehouse dataset


@dataclass(frozen=True)
class BuiltDataset:
    """A dataset ready to ship: its files in `directory`, and `datapackage.json` among them."""

    name: str
    directory: Path
    files: tuple[DataFile, ...]


def supplied_raw_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The raw tables the landing supplied at least one record for (loaded or quarantined)."""
    rows = con.execute("SELECT raw_table FROM audit.load_log GROUP BY raw_table HAVING sum(records_in) > 0")
    return {raw_table for (raw_table,) in rows.fetchall()}


def absence_note(table: Table, rows: int, supplied: set[str]) -> str | None:
    """Why an empty table is empty, when it is because the landing supplied none of the records it is built from."""
    absent = table.absent_sources(supplied)
    if rows or not absent:
        return None
    return f"absent: the landing supplied no records of {', '.join(f'raw.{name}' for name in absent)}"


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def parquet_data_dictionary(table: Table) -> dict[str, str]:
    """The Parquet file's own key-value metadata: the table's title and description and each column's description
    (`description:<column>` in English, `description_kk:` and `description_ru:` beside it), so a user who has only
    the Parquet file still has the data dictionary (`SELECT * FROM parquet_kv_metadata('persons.parquet')`, or
    pyarrow's `read_schema(...).metadata`)."""
    entries = {f"{key}{suffix}": text for key, texts in (("title", table.title), ("description", table.description))
               for suffix, text in (("", texts.en), ("_kk", texts.kk), ("_ru", texts.ru))}  # fmt: skip
    for column in table.columns:
        for lang, text in column.description.as_dict().items():
            entries[f"description{'' if lang == 'en' else '_' + lang}:{column.name}"] = text
    return entries


def _export(con: duckdb.DuckDBPyConnection, table: Table, directory: Path) -> list[DataFile]:
    """Write the table as CSV and Parquet (with the data dictionary in its metadata); date-times in UTC, so the
    CSV's `Z` suffix is true."""
    order = ", ".join(f'"{c}"' for c in table.primary_key) or "ALL"
    columns = ", ".join(f'"{c.name}"' for c in table.columns)
    rows = con.execute(f"SELECT count(*) FROM {table.relation}").fetchone()[0]
    dictionary = ", ".join(f"{_sql_text(k)}: {_sql_text(v)}" for k, v in parquet_data_dictionary(table).items())
    files = []
    for fmt, (_, options) in FORMATS.items():
        path = directory / f"{table.name}.{fmt}"
        if fmt == "parquet":
            options = options.removesuffix(")") + f", KV_METADATA {{{dictionary}}})"
        con.execute(f"COPY (SELECT {columns} FROM {table.relation} ORDER BY {order}) TO '{path}' {options}")
        files.append(DataFile(table.name, fmt, path, path.stat().st_size, file_sha256(path), rows))
    return files


def _draw(con: duckdb.DuckDBPyConnection, chart: Chart, directory: Path) -> DataFile:
    path = directory / f"{chart.name}.{CHART_FORMAT[0]}"
    CHARTS[chart.name](con, path)
    return DataFile(chart.name, CHART_FORMAT[0], path, path.stat().st_size, file_sha256(path), None)


def _chart_resource(chart: Chart, file: DataFile) -> dict:
    return {
        "name": f"{chart.name}-{file.format}",
        "type": "file",
        "path": file.path.name,
        "format": file.format,
        "mediatype": CHART_FORMAT[1],
        "bytes": file.bytes,
        "hash": f"sha256:{file.sha256}",
        **trilingual("title", chart.title.as_dict()),
        **trilingual("description", chart.description.as_dict()),
    }


def trilingual(prefix: str, text: dict[str, str]) -> dict[str, str]:
    """`title` in English plus `title_kk` and `title_ru`: the datapackage carries all three languages."""
    return {prefix: text["en"], f"{prefix}_kk": text["kk"], f"{prefix}_ru": text["ru"]}


def temporal_coverage(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> dict[str, str | None]:
    """The first and last date of the dataset's `temporal_coverage` column (DCAT's temporal coverage)."""
    table, column = dataset.temporal_coverage
    start, end = con.execute(f'SELECT min("{column.name}"), max("{column.name}") FROM {table.relation}').fetchone()
    return {"start": start and start.isoformat(), "end": end and end.isoformat()}


def content_version(files: list[DataFile]) -> str:
    """The dataset's version: a digest of its files' sha256, so it changes exactly when the data changes."""
    digest = hashlib.sha256("".join(f"{f.path.name}:{f.sha256}\n" for f in files).encode()).hexdigest()
    return f"sha256-{digest[:16]}"


def datapackage(
    catalogue: Catalogue,
    dataset: Dataset,
    files: list[DataFile],
    synthetic: bool,
    temporal: dict[str, str | None],
    supplied: set[str],
) -> dict:
    """The frictionless descriptor. A table the landing supplied nothing for is published with its header only, and
    its resources say so (`absent`), so an empty file is never mistaken for a table with no rows to report."""
    tables = {t.name: t for t in dataset.tables}
    charts = {c.name: c for c in dataset.charts}
    resources = []
    for file in files:
        if file.table in charts:
            resources.append(_chart_resource(charts[file.table], file))
            continue
        table = tables[file.table]
        csv = file.format == "csv"
        resources.append(
            {
                "name": f"{table.name}-{file.format}",
                # A Parquet file is a "file" resource, with its schema as the data dictionary but no row count:
                # the stock `frictionless validate` reads Parquet through pandas, which cannot confirm the bytes
                # ("actual is None") and turns a null integer into NaN, a type error. Its CSV twin carries the
                # rows, and `validate_package` checks the Parquet file's columns and rows against the schema.
                **({} if csv else {"type": "file"}),
                "path": file.path.name,
                "format": file.format,
                "mediatype": FORMATS[file.format][0],
                **({"encoding": "utf-8"} if csv else {}),
                "bytes": file.bytes,
                "hash": f"sha256:{file.sha256}",
                **trilingual("title", table.title.as_dict()),
                **trilingual("description", table.description.as_dict()),
                **({"rows": file.rows} if csv else {}),
                **({"absent": note} if (note := absence_note(table, file.rows, supplied)) else {}),
                "schema": {
                    "fields": [
                        {
                            "name": c.name,
                            "type": c.frictionless_type,
                            **trilingual("description", c.description.as_dict()),
                        }
                        for c in table.columns
                    ],
                    **({"primaryKey": list(table.primary_key)} if table.primary_key else {}),
                },
            }
        )
    return package_descriptor(catalogue, dataset, files, synthetic, temporal, resources)


def package_descriptor(
    catalogue: Catalogue,
    dataset: Dataset,
    files: list[DataFile],
    synthetic: bool,
    temporal: dict[str, str | None],
    resources: list[dict],
) -> dict:
    """The descriptor of a dataset with these resources: its texts (marked when the data are synthetic), keywords,
    coverage, version, licence and publisher."""
    title, description = catalogue.dataset_texts(dataset, synthetic)
    return {
        "name": dataset.name,
        **trilingual("title", title),
        **trilingual("description", description),
        "keywords": sorted({*dataset.tags, *(["synthetic"] if synthetic else [])}),
        "synthetic": synthetic,
        "languages": list(catalogue.languages),
        "spatial": catalogue.spatial,
        "temporal": temporal,
        "version": content_version(files),
        "update_frequency": dataset.update_frequency,
        "homepage": catalogue.documentation,
        "licenses": [catalogue.licence],
        "contributors": [
            {
                "title": catalogue.publisher_name.en,
                "role": "publisher",
                "path": catalogue.publisher_url,
                "email": catalogue.contact_email,
            }
        ],
        "resources": resources,
    }


def empty_directory(directory: Path) -> None:
    """A dataset's build folder, created or emptied: a file of an earlier build never ships with this one."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.iterdir():
        stale.unlink()


def build_dataset(
    con: duckdb.DuckDBPyConnection, catalogue: Catalogue, dataset: Dataset, directory: Path, synthetic: bool
) -> BuiltDataset:
    """Write the dataset's files and datapackage.json into `directory` and validate them with frictionless."""
    empty_directory(directory)
    con.execute("SET TimeZone = 'UTC'")
    files = [f for table in dataset.tables for f in _export(con, table, directory)]
    files += [_draw(con, chart, directory) for chart in dataset.charts]
    package = datapackage(
        catalogue, dataset, files, synthetic, temporal_coverage(con, dataset), supplied_raw_tables(con)
    )
    package_path = directory / "datapackage.json"
    package_path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    validate_package(package_path)
    return BuiltDataset(dataset.name, directory, tuple(files))


def validate_package(package_path: Path) -> None:
    """Validate a datapackage: its descriptor and each CSV's header and values with frictionless, and every
    file's columns, rows, bytes and sha256 in full.

    Frictionless checks rows one by one in Python (minutes for millions of votes), so it reads the first
    `FRICTIONLESS_SAMPLE_ROWS` rows of each CSV; the values were typed by DuckDB and validated by the Great
    Expectations suites before publishing. Parquet files are "file" resources to frictionless (see `datapackage`),
    so DuckDB checks them: the schema's columns in the same order, and the rows of their CSV twin. A Popolo JSON
    file has no table schema: its collection's objects are read one at a time and counted
    (`json_documents.elements`: DuckDB's JSON reader holds the whole document, seven times its size, in memory).
    """
    import frictionless  # only here: the definitions and `eparl sql` import this module, and must start fast

    package = frictionless.Package(str(package_path))  # raises on an invalid descriptor
    errors = []
    with duckdb.connect() as con:
        for resource in package.resources:
            path = package_path.parent / resource.path
            if path.stat().st_size != resource.bytes or f"sha256:{file_sha256(path)}" != resource.hash:
                errors.append(f"{resource.name}: bytes or sha256 differ from the descriptor")
            if resource.format == CHART_FORMAT[0]:
                continue  # a picture: its bytes and sha256 are all there is to check
            descriptor = resource.to_descriptor()
            if resource.format == "json":  # a Popolo document: {"<collection>": [objects]}
                collection, expected = descriptor["popolo_collection"], descriptor["popolo_objects"]
                try:
                    found = sum(1 for member, index, _ in elements(path) if member == collection and index is not None)
                except ValueError as error:
                    errors.append(f"{resource.name}: {error}")
                    continue
                if found != expected:
                    errors.append(f"{resource.name}: {found} {collection}, the descriptor says {expected}")
                continue
            twin = package.get_resource(resource.name.rsplit("-", 1)[0] + "-csv").to_descriptor()
            expected = descriptor.get("rows", twin.get("rows"))  # a Parquet file's rows are its CSV twin's
            if resource.format == "csv":
                report = frictionless.validate(resource, limit_rows=FRICTIONLESS_SAMPLE_ROWS)
                errors += [f"{resource.name}: {error.message}" for task in report.tasks for error in task.errors]
            else:
                columns = [
                    row[0] for row in con.execute("DESCRIBE SELECT * FROM query_table(?)", [str(path)]).fetchall()
                ]
                if columns != resource.schema.field_names:
                    errors.append(f"{resource.name}: columns {columns} differ from the schema")
            rows = con.execute("SELECT count(*) FROM query_table(?)", [str(path)]).fetchone()[0]
            if rows != expected:
                errors.append(f"{resource.name}: {rows} rows, the descriptor says {expected}")
    if errors:
        raise ValueError(f"{package_path} is not valid: " + "; ".join(errors[:10]))
