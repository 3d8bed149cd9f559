"""The CKAN target: ship a dataset from the local published folder (its files and datapackage.json) to a portal.

The local folder is built first, from the same catalogue; this target makes the portal hold the same thing, and
sends only the difference:
- the organization and groups of the catalogue are created when missing;
- the dataset is found by name (`package_show`; `package_search` is never used, it depends on the search index)
  and created, or only its differing fields are revised with `package_revise` (`package_update` would drop
  resources and `package_patch` would break uploaded files);
- each file is a resource, known by its file name. A file is uploaded only when its sha256 differs from the one
  stored on the resource; a resource whose file the dataset no longer has is deleted, and so is a duplicate
  left by an interrupted run;
- each table's CSV resource also gets a DataStore table with its data dictionary (types, and descriptions in
  kk/ru/en). The sha256 of the loaded file is stored on the resource only when the load is complete, so a
  load cut off half-way is redone on the next run.
A second publish with no change makes no write call. `plan` says what `ship` would change, without changing it.
The dataset fields are those of `publish/ckan_schema.yaml` (ckanext-scheming), which the portal must load.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dagster_project.hashing import file_sha256
from publish.catalogue import Catalogue, Dataset, Group, Text
from publish.ckan_client import CkanClient
from publish.landing_page import landing_page_package

DATAPACKAGE = "datapackage.json"
DATASTORE_BATCH_ROWS = 20_000
# DataStore column types for the datapackage's frictionless types.
_DATASTORE_TYPES = {
    "string": "text",
    "integer": "int8",
    "number": "numeric",
    "boolean": "bool",
    "date": "date",
    "datetime": "timestamp",
}


@dataclass(frozen=True)
class Change:
    """One change to the portal: what, to which object, and how many bytes it sends."""

    action: str
    target: str
    detail: str = ""
    bytes: int = 0

    def __str__(self) -> str:
        size = f" ({self.bytes:,} bytes)" if self.bytes else ""
        return f"{self.action} {self.target}{size}{': ' + self.detail if self.detail else ''}"


@dataclass
class CkanShipResult:
    url: str
    changes: list[Change] = field(default_factory=list)

    @property
    def bytes_uploaded(self) -> int:
        return sum(c.bytes for c in self.changes if c.action == "upload")

    @property
    def bytes_sent(self) -> int:
        return sum(c.bytes for c in self.changes)


@dataclass(frozen=True)
class _File:
    """A file of the dataset as a resource: where it is, its hash, and the resource fields it should have."""

    path: Path
    sha256: str
    fields: dict[str, str]
    datastore: dict | None  # the datapackage resource of a table's CSV, loaded into the DataStore


class CkanTarget:
    def __init__(self, client: CkanClient, catalogue: Catalogue):
        self.client = client
        self.catalogue = catalogue
        self._ensured_owners = False

    def dataset_url(self, name: str) -> str:
        return f"{self.client.url}/dataset/{name}"

    def plan(self, package_dir: Path, dataset: Dataset) -> CkanShipResult:
        """What `ship` would change on the portal; nothing is written."""
        return self._sync(package_dir, dataset, apply=False)

    def ship(self, package_dir: Path, dataset: Dataset) -> CkanShipResult:
        return self._sync(package_dir, dataset, apply=True)

    # The dataset and its owners.

    def ship_landing_page(self, publish_dir: Path, apply: bool = True) -> CkanShipResult:
        """The publish folder's landing page (`index.html`, `README.md`) as the resources of a dataset of its own
        (`landing_page.name` in the catalogue), with the same fields as every dataset."""
        dataset, package = landing_page_package(publish_dir, self.catalogue)
        files = self._files(publish_dir, package, descriptor=False)
        return self._sync_package(dataset, self._dataset_fields(package, dataset), files, apply)

    def _sync(self, package_dir: Path, dataset: Dataset, apply: bool) -> CkanShipResult:
        package = json.loads((package_dir / DATAPACKAGE).read_text(encoding="utf-8"))
        return self._sync_package(
            dataset, self._dataset_fields(package, dataset), self._files(package_dir, package), apply
        )

    def _sync_package(self, dataset: Dataset, wanted: dict, files: list[_File], apply: bool) -> CkanShipResult:
        result = CkanShipResult(self.dataset_url(dataset.name))
        self._ensure_owners(result, apply)
        current = self.client.show("package_show", dataset.name)
        if current is None:
            result.changes.append(Change("create dataset", dataset.name))
            current = (
                self.client.call(
                    "package_create",
                    {"name": dataset.name, **wanted},
                    about=dataset.name,
                    already_done=lambda: self.client.show("package_show", dataset.name),
                )
                if apply
                else {"name": dataset.name, "resources": []}
            )
        else:
            differing = {key: value for key, value in wanted.items() if not _same(key, current, value)}
            if differing:
                result.changes.append(Change("update dataset", dataset.name, ", ".join(sorted(differing))))
                if apply:
                    current = self.client.call(
                        "package_revise",
                        {"match": {"id": current["id"]}, "update": differing},
                        about=dataset.name,
                    )["package"]
        self._sync_resources(current, files, result, apply)
        return result

    def _ensure_owners(self, result: CkanShipResult, apply: bool) -> None:
        """The catalogue's organization and groups, created once when missing."""
        if self._ensured_owners:
            return
        owners = [("organization", self.catalogue.organization), *(("group", g) for g in self.catalogue.groups)]
        for kind, owner in owners:
            if self.client.show(f"{kind}_show", owner.name, include_datasets=False) is None:
                result.changes.append(Change(f"create {kind}", owner.name))
                if apply:
                    self.client.call(
                        f"{kind}_create",
                        _owner_fields(owner),
                        about=f"{kind} {owner.name}",
                        already_done=lambda k=kind, n=owner.name: self.client.show(
                            f"{k}_show", n, include_datasets=False
                        ),
                    )
        self._ensured_owners = apply

    def _dataset_fields(self, package: dict, dataset: Dataset) -> dict:
        """The dataset's fields on the portal, from its datapackage and the catalogue."""
        catalogue = self.catalogue
        return {
            "state": "active",
            "title": package["title"],
            "title_kk": package["title_kk"],
            "title_ru": package["title_ru"],
            "notes": package["description"],
            "notes_kk": package["description_kk"],
            "notes_ru": package["description_ru"],
            "owner_org": catalogue.organization.name,
            "groups": [{"name": name} for name in dataset.groups],
            "tags": [{"name": tag} for tag in package["keywords"]],
            "license_id": catalogue.licence["ckan_id"],
            "url": catalogue.documentation,
            "documentation": catalogue.documentation,
            "publisher_name": catalogue.publisher_name.en,
            "publisher_url": catalogue.publisher_url,
            "contact_name": catalogue.publisher_name.en,
            "contact_email": catalogue.contact_email,
            "frequency": dataset.update_frequency,
            "temporal_start": package["temporal"]["start"] or "",
            "temporal_end": package["temporal"]["end"] or "",
            "spatial_text": catalogue.spatial,
            "language": ", ".join(catalogue.languages),
            "version": package["version"],
            "synthetic": "yes" if package["synthetic"] else "no",
        }

    # Resources.

    def _files(self, package_dir: Path, package: dict, descriptor: bool = True) -> list[_File]:
        """The datapackage first (unless `descriptor` is false: the landing page's is not a file), then each table's
        files in the datapackage's order."""
        files = []
        if descriptor:
            title, description = self.catalogue.datapackage_resource
            files.append(
                _File(
                    package_dir / DATAPACKAGE,
                    file_sha256(package_dir / DATAPACKAGE),
                    {
                        "name": title.en,
                        "name_kk": title.kk,
                        "name_ru": title.ru,
                        "description": description.en,
                        "description_kk": description.kk,
                        "description_ru": description.ru,
                        "format": "JSON",
                        "table_name": "",
                        "rows": "",
                    },
                    None,
                )
            )
        rows = {r["name"].rsplit("-", 1)[0]: r["rows"] for r in package["resources"] if "rows" in r}  # the CSVs'
        for resource in package["resources"]:
            is_table = "schema" in resource  # a table's CSV or Parquet; otherwise a file such as a chart
            table = resource["name"].rsplit("-", 1)[0] if is_table else ""
            fmt = resource["format"].upper()
            files.append(
                _File(
                    package_dir / resource["path"],
                    resource["hash"].removeprefix("sha256:"),
                    {
                        "name": f"{resource['title']} ({fmt})",
                        "name_kk": f"{resource['title_kk']} ({fmt})",
                        "name_ru": f"{resource['title_ru']} ({fmt})",
                        "description": resource["description"],
                        "description_kk": resource["description_kk"],
                        "description_ru": resource["description_ru"],
                        "format": fmt,
                        "table_name": table,
                        "rows": str(rows[table]) if is_table else "",
                    },
                    resource if is_table and resource["format"] == "csv" else None,
                )
            )
        return files

    def _sync_resources(self, package: dict, files: list[_File], result: CkanShipResult, apply: bool) -> None:
        about = package["name"]
        current: dict[str, dict] = {}
        for resource in package.get("resources", []):
            name = _file_name(resource)
            if name in current or name not in {_upload_name(f.path) for f in files}:
                result.changes.append(Change("delete resource", name, "duplicate" if name in current else "gone"))
                if apply:
                    self.client.call(
                        "resource_delete",
                        {"id": resource["id"]},
                        about=f"{about}/{name}",
                        already_done=lambda rid=resource["id"]: None if self._resource(package, rid) else {},
                    )
            else:
                current[name] = resource
        for file in files:
            name = _upload_name(file.path)
            resource = current.get(name)
            wanted = {**file.fields, "sha256": file.sha256}
            if resource is None or resource.get("sha256") != file.sha256:
                result.changes.append(Change("upload", name, bytes=file.path.stat().st_size))
                if apply:
                    action, ids = (
                        ("resource_create", {"package_id": package["id"]})
                        if resource is None
                        else ("resource_patch", {"id": resource["id"]})
                    )
                    resource = self.client.call(
                        action,
                        {**ids, **wanted},
                        about=f"{about}/{name}",
                        upload=file.path,
                        already_done=lambda n=name, h=file.sha256: self._resource(package, file_name=n, sha256=h),
                    )
                    current[name] = resource
            else:
                differing = {k: v for k, v in wanted.items() if _text(resource.get(k)) != v}
                if differing:
                    result.changes.append(Change("update resource", name, ", ".join(sorted(differing))))
                    if apply:
                        resource = self.client.call(
                            "resource_patch", {"id": resource["id"], **differing}, about=f"{about}/{name}"
                        )
                        current[name] = resource
            if file.datastore is not None and (
                resource is None
                or resource.get("datastore_sha256") != file.sha256
                or not resource.get("datastore_active")
            ):
                change = Change("load datastore", name, f"{file.datastore['rows']:,} rows")
                if apply:
                    sent = self._load_datastore(resource["id"], file, f"{about}/{name}")
                    change = Change(change.action, change.target, change.detail, sent)
                    current[name] = self.client.call(
                        "resource_patch", {"id": resource["id"], "datastore_sha256": file.sha256}, about=about
                    )
                result.changes.append(change)
        order = [current[_upload_name(f.path)]["id"] for f in files if _upload_name(f.path) in current]
        if apply and [r["id"] for r in package.get("resources", []) if r["id"] in order] != order:
            latest = self.client.call("package_show", {"id": package["id"]}, about=about)
            if [r["id"] for r in latest["resources"]] != order:
                result.changes.append(Change("reorder resources", about))
                self.client.call("package_resource_reorder", {"id": package["id"], "order": order}, about=about)

    # The DataStore.

    def _load_datastore(self, resource_id: str, file: _File, about: str) -> int:
        """Replace the resource's DataStore table with the file's rows; returns the bytes sent.

        Rows are read from the table's Parquet file (typed, beside the CSV) and turned into JSON by DuckDB, then
        sent in batches whose bodies are assembled from DuckDB's lines, with no Python loop over fields.
        """
        schema = file.datastore["schema"]
        parquet = file.path.with_suffix(".parquet")
        if self.client.show("datastore_info", resource_id) is not None:
            self.client.call(
                "datastore_delete",
                {"resource_id": resource_id, "force": True},
                about=about,
                already_done=lambda: None if self.client.show("datastore_info", resource_id) else {},
            )
        self.client.call(
            "datastore_create",
            {
                "resource_id": resource_id,
                "force": True,
                "fields": [_datastore_field(f, self.catalogue.language_names) for f in schema["fields"]],
                "primary_key": schema.get("primaryKey", []),
            },
            about=about,
        )
        head = json.dumps({"resource_id": resource_id, "method": "insert", "force": True})[:-1].encode()
        sent = loaded = 0
        for batch in _json_lines(parquet, schema["fields"], DATASTORE_BATCH_ROWS):
            body = head + b', "records": [' + b",".join(batch) + b"]}"
            expected = loaded + len(batch)  # a batch is inserted in one transaction: all its rows or none
            self.client.call(
                "datastore_upsert",
                encoded=body,
                about=about,
                already_done=lambda n=expected: {} if self._datastore_rows(resource_id) == n else None,
            )
            sent, loaded = sent + len(body), expected
        return sent

    def _datastore_rows(self, resource_id: str) -> int:
        return self.client.call("datastore_search", {"resource_id": resource_id, "limit": 0})["total"]

    def _resource(self, package: dict, resource_id: str = "", file_name: str = "", sha256: str = "") -> dict | None:
        """A resource of the package as the portal holds it now: by id, or a new one by file name and sha256."""
        known = {r["id"] for r in package.get("resources", [])}
        for resource in self.client.call("package_show", {"id": package["id"]}, about=package["name"])["resources"]:
            if resource["id"] == resource_id or (
                not resource_id
                and resource["id"] not in known
                and _file_name(resource) == file_name
                and resource.get("sha256") == sha256
            ):
                return resource
        return None


def _json_lines(parquet: Path, fields: list[dict], batch_rows: int):
    """The file's rows as JSON objects, one per line, in batches: date-times as UTC ISO 8601 strings."""
    columns = ", ".join(
        f"strftime(\"{f['name']}\" AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S') AS \"{f['name']}\""
        if f["type"] == "datetime"
        else f'"{f["name"]}"'
        for f in fields
    )
    with tempfile.TemporaryDirectory() as tmp, duckdb.connect() as con:
        lines = Path(tmp) / "rows.json"
        con.execute(f"COPY (SELECT {columns} FROM read_parquet(?)) TO '{lines}' (FORMAT json)", [str(parquet)])
        with lines.open("rb") as handle:
            batch = []
            for line in handle:
                batch.append(line.rstrip(b"\n"))
                if len(batch) == batch_rows:
                    yield batch
                    batch = []
            if batch:
                yield batch


def _datastore_field(field_: dict, language_names: Text) -> dict:
    """A DataStore column with its data dictionary entry: the English description as label, all three as notes."""
    notes = "\n\n".join(
        f"{getattr(language_names, lang)}: {field_[key]}"
        for lang, key in (("kk", "description_kk"), ("ru", "description_ru"), ("en", "description"))
    )
    return {
        "id": field_["name"],
        "type": _DATASTORE_TYPES[field_["type"]],
        "info": {"label": field_["description"], "notes": notes},
    }


def _owner_fields(owner: Group) -> dict:
    title = owner.title
    return {
        "name": owner.name,
        "title": title.en,
        "description": f"{title.kk}\n\n{title.ru}\n\n{title.en}",
    }


def _upload_name(path: Path) -> str:
    """The name CKAN gives a file uploaded from `path`: lowercased (its `munge_filename`; `README.md` is stored as
    `readme.md`), so that a resource is found again by the name of the file it was uploaded from."""
    return path.name.lower()


def _file_name(resource: dict) -> str:
    """The file name a resource was uploaded as: the last part of its download URL."""
    return (resource.get("url") or "").rstrip("/").rsplit("/", 1)[-1]


def _same(key: str, current: dict, wanted: object) -> bool:
    """Whether the portal's value of a dataset field equals the wanted one, in the form `package_show` gives."""
    if key in ("tags", "groups"):
        return sorted(item["name"] for item in current.get(key) or []) == sorted(item["name"] for item in wanted)
    if key == "owner_org":
        return (current.get("organization") or {}).get("name") == wanted
    return _text(current.get(key)) == _text(wanted)


def _text(value: object) -> str:
    return "" if value is None else str(value)
