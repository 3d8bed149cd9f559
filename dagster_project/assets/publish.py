"""Publish assets: for each open dataset of the catalogue (`publish/catalogue.yml`), for its Popolo export
(`datasets/popolo`, `publish/popolo.py`), for the `warehouse` dataset of the current release and for the publish
folder's landing page, one for the local folder and, when a CKAN portal is configured, one for the portal.

`datasets/<name>` depends on the published tables it ships, so a blocking validation failure on any of them
skips it, and it refuses to run when the latest build of any of them has no passing suite, or failed one of its
own dbt tests (`unvalidated_tables`). Which dbt test became which check only the dbt asset knows, so this is the one
asset module that imports another (`dbt_models` from `transform.py`; `tests/unit/test_import_layers.py`): a run that
selects no dbt asset (`eparl publish-ckan`) has no other way to them. It builds the dataset's files and
datapackage.json, scans every data file for personal data (`refuse_personal_data`: the last look, on what a user
would download) and ships them to the local folder.
`ckan/<name>` depends on it and ships that same folder to the portal, under the same refusal. The metadata of
both says where, what changed and how many bytes were sent.

A dataset whose tables' rows, catalogue entry, publishing code and personal-data scan are all as they were when its
folder was last published (`content_fingerprint`, kept in the step's memo, `dagster_project/step_memo.py`), and whose
folder still holds every file it lists, is not rebuilt: exporting millions of unchanged rows only to find the same
sha256 would make a run with nothing new cost as much as a full one. A changed scan is a reason to look again.

`datasets/warehouse` follows the `release` asset (`assets/release.py`): it scans the current release's DuckDB file
for personal data (`refuse_personal_data`, every string column of every table) and ships it with release.json
(`dagster_project/release/dataset.py`). A run that made no new release (no released row changed) finds it already
published (`release_fingerprint`: the release's files, the catalogue and the code that builds, scans and ships it,
in the step's memo; the folder holding every file it lists) and neither copies nor scans it again.
`datasets/index`, last, writes the publish folder's landing page (`publish/landing_page.py`: `index.html` and
`README.md`) from everything published before it, the docs site (`assets/docs.py`) included, and `ckan/index`
ships it to the portal as a dataset's resources.
"""

import json
from collections.abc import Callable
from pathlib import Path

import dagster as dg

from dagster_project.asset_keys import DOCS_KEY, PUBLISH_GROUP, RELEASE_KEY, SUITE_CHECK, published_asset_key
from dagster_project.assets.transform import dbt_models
from dagster_project.hashing import digest, file_sha256, files_sha256, row_fingerprints
from dagster_project.layout import PROJECT_DIR
from dagster_project.privacy.scan import scan_files
from dagster_project.release.build import DATABASE_FILE, MANIFEST_FILE, Release, current_release
from dagster_project.release.dataset import build_warehouse_dataset
from dagster_project.resources import CkanPortal, Warehouse
from dagster_project.settings import Settings
from dagster_project.step_memo import Done, StepMemo
from publish.catalogue import Catalogue, Dataset, Table
from publish.ckan import CkanShipResult
from publish.landing_page import INDEX_FILE, README_FILE, PersonalDataInPage, write_landing_page
from publish.local import LocalFolderTarget
from publish.package import BuiltDataset, build_dataset
from publish.popolo import build_popolo_dataset

WAREHOUSE_KEY = dg.AssetKey(["datasets", "warehouse"])
PRIVACY_DIR = PROJECT_DIR / "dagster_project" / "privacy"  # the personal-data detector and its scan
WAREHOUSE_DOCS_URL = "../docs/index.html"  # the `warehouse` dataset's documentation: the docs site beside it
LANDING_KEY = dg.AssetKey(["datasets", "index"])


def is_synthetic_warehouse(con) -> bool:
    """True when any loaded file came from a landing folder marked synthetic: then every dataset says so."""
    return bool(con.execute("SELECT coalesce(bool_or(is_synthetic), false) FROM audit.load_log").fetchone()[0])


def code_sha256(*folders: Path) -> str:
    """One sha256 of the Python modules of `folders`, each named by its path in the project."""
    return files_sha256((path for folder in folders for path in folder.glob("*.py")), root=PROJECT_DIR)


def content_fingerprint(con, catalogue: Catalogue, dataset: Dataset, synthetic: bool) -> str:
    """Changes whenever what `build_dataset` would write, or what `refuse_personal_data` would find in it, could:
    the rows, the catalogue, the code that builds and scans it."""
    rows = {table.name: row_fingerprints(con, table.relation) for table in dataset.tables}
    return digest((catalogue, dataset, synthetic, rows, code_sha256(PROJECT_DIR / "publish", PRIVACY_DIR)))


def release_fingerprint(
    catalogue: Catalogue, dataset: Dataset, release: Release, synthetic: bool, docs_url: str
) -> str:
    """Changes whenever what `build_warehouse_dataset` would write, or what `refuse_personal_data` would find in it,
    could: the release (its id, manifest and the sha256 of its files), the catalogue, the code that builds, scans
    and ships it."""
    files = [file_sha256(release.directory / name) for name in (DATABASE_FILE, MANIFEST_FILE)]
    code = code_sha256(PROJECT_DIR / "publish", PROJECT_DIR / "dagster_project" / "release", PRIVACY_DIR)
    return digest((catalogue, dataset, synthetic, docs_url, release.release_id, release.manifest, files, code))


def _published_files(publish_dir: Path, dataset: Dataset) -> int | None:
    """How many files the dataset's folder holds (its datapackage.json and every file it lists, at the listed
    size), or None when any is missing or changed."""
    folder = publish_dir / dataset.name
    try:
        resources = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    except (OSError, ValueError, KeyError):
        return None
    intact = all(
        (folder / r["path"]).is_file() and (folder / r["path"]).stat().st_size == r["bytes"] for r in resources
    )
    return len(resources) + 1 if intact else None


def unvalidated_tables(instance: dg.DagsterInstance, tables: tuple[Table, ...]) -> list[str]:
    """The tables whose latest build has no passing suite evaluation, or whose own dbt test of error severity
    failed when it last ran, each with the reason.

    Within a run, blocking checks already stop publication, and dbt skips (so Dagster skips) what depends on a
    failed model or on a failed test of a model upstream; this stops a dataset whose table built but failed one of
    its own dbt tests, and one materialised on its own (from the UI, say) after its tables were rebuilt or failed.
    """
    keys = {published_asset_key(table) for table in tables}
    dbt_tests = sorted((c for c in dbt_models().check_keys if c.asset_key in keys), key=lambda c: c.name)
    suites = [dg.AssetCheckKey(key, SUITE_CHECK) for key in keys]
    # The latest evaluation of every check at once, as `get_latest_asset_check_evaluation_record` reads that of one
    # (it is this call with one key): one query, not one per check (36 for the votes dataset).
    latest_records = instance.event_log_storage.get_latest_asset_check_execution_by_key([*dbt_tests, *suites])
    problems = []
    for table in tables:
        key = published_asset_key(table)
        for check in (c for c in dbt_tests if c.asset_key == key):
            record = latest_records.get(check)
            failed = record and record.evaluation and not record.evaluation.passed
            if failed and record.evaluation.severity == dg.AssetCheckSeverity.ERROR:
                problems.append(f"{table.name}: its dbt test {check.name} failed (run {record.run_id})")
        record = latest_records.get(dg.AssetCheckKey(key, SUITE_CHECK))
        evaluation = record.evaluation if record else None
        latest = next(iter(instance.fetch_materializations(key, limit=1).records), None)
        if evaluation is None:
            problems.append(f"{table.name}: its suite has never run")
        elif not evaluation.passed:
            problems.append(f"{table.name}: its suite failed (run {record.run_id})")
        elif (
            latest
            and evaluation.target_materialization_data
            and (evaluation.target_materialization_data.storage_id != latest.storage_id)
        ):
            problems.append(f"{table.name}: rebuilt since its suite last ran")
    return problems


def refuse_unvalidated(instance: dg.DagsterInstance, dataset: Dataset) -> None:
    problems = unvalidated_tables(instance, dataset.tables)
    if problems:
        raise dg.Failure(
            description=f"dataset {dataset.name} is not published: " + "; ".join(problems),
            allow_retries=False,
        )


def refuse_personal_data(catalogue: Catalogue, built: BuiltDataset) -> None:
    """Scan every data file of a built dataset (CSV, Parquet, DuckDB: every string column of every table; JSON:
    every string of every Popolo object) with the personal-data detector, and refuse to ship it when anything is
    found. The failure names the file, the table, the column, the kind and the rows' keys (a JSON string's path),
    never the value. The table datasets, the Popolo export and the `warehouse` dataset all pass here, so every
    published file is scanned in this one place."""
    leaks = scan_files((file.path for file in built.files), {t.name: t.primary_key for t in catalogue.tables})
    if leaks:
        raise dg.Failure(
            description=f"dataset {built.name} is not published: personal data in "
            + "; ".join(str(leak) for leak in leaks[:10]),
            metadata={"personal_data": dg.MetadataValue.json([leak.as_metadata() for leak in leaks])},
            allow_retries=False,
        )


def _dataset_asset(
    catalogue: Catalogue,
    dataset: Dataset,
    build: Callable[..., BuiltDataset] = build_dataset,
    kinds: frozenset[str] = frozenset({"csv", "parquet"}),
) -> dg.AssetsDefinition:
    """`datasets/<dataset>`: its files made by `build` (`build_dataset`: CSV and Parquet per table;
    `build_popolo_dataset`: the Popolo JSON files)."""

    @dg.asset(
        key=dg.AssetKey(["datasets", dataset.name]),
        deps=[published_asset_key(t) for t in dataset.tables],
        group_name=PUBLISH_GROUP,
        kinds=set(kinds),
        description=f"Open dataset '{dataset.name}': {dataset.title.en}.",
    )
    def _publish(
        context: dg.AssetExecutionContext, warehouse: Warehouse, settings: dg.ResourceParam[Settings]
    ) -> dg.MaterializeResult:
        refuse_unvalidated(context.instance, dataset)
        memo = StepMemo(warehouse.path, context.asset_key.to_user_string())
        location = settings.publish_dir / dataset.name
        with warehouse.connect(read_only=True) as con:
            synthetic = is_synthetic_warehouse(con)
            fingerprint = content_fingerprint(con, catalogue, dataset, synthetic)
            before = memo.done_from(dataset.name, fingerprint)
            published = _published_files(settings.publish_dir, dataset) if before else None
            unchanged = published is not None
            if not unchanged:
                folder = settings.publish_dir / ".build" / dataset.name
                built = build(con, catalogue, dataset, folder, synthetic)
                refuse_personal_data(catalogue, built)
        if unchanged:
            context.log.info(f"{dataset.name}: its tables, catalogue entry and code are unchanged; not rebuilt")
            written, removed, bytes_sent, rows = [], [], 0, before.kept["rows"]
            files_unchanged = published
        else:
            shipped = LocalFolderTarget(settings.publish_dir).ship(built)
            written, removed, bytes_sent = list(shipped.written), list(shipped.removed), shipped.bytes_sent
            files_unchanged = len(shipped.unchanged)
            # a table's rows (its CSV's), or a Popolo file's objects
            rows = {f.table if f.format == "csv" else f.path.name: f.rows for f in built.files if f.format != "parquet"}
            memo.record({dataset.name: Done(fingerprint, context.run_id, {"rows": rows})})
        context.log.info(
            f"{dataset.name}: {len(written)} files written, {files_unchanged} unchanged, "
            f"{len(removed)} removed, {bytes_sent} bytes to {location}"
        )
        return dg.MaterializeResult(
            metadata={
                "location": dg.MetadataValue.path(str(location)),
                "datapackage": dg.MetadataValue.path(f"{location}/datapackage.json"),
                "synthetic": synthetic,
                "files_written": dg.MetadataValue.json(written),
                "files_unchanged": files_unchanged,
                "files_removed": dg.MetadataValue.json(removed),
                "bytes_sent": bytes_sent,
                "rows": dg.MetadataValue.json(rows),
                "content_fingerprint": fingerprint,
                "rebuilt": not unchanged,
            }
        )

    return _publish


def _warehouse_dataset_asset(catalogue: Catalogue) -> dg.AssetsDefinition:
    dataset = catalogue.warehouse

    @dg.asset(
        key=WAREHOUSE_KEY,
        deps=[RELEASE_KEY],
        group_name=PUBLISH_GROUP,
        kinds={"duckdb"},
        description="Open dataset 'warehouse': the current release as one DuckDB file, with its release.json.",
    )
    def warehouse_files(
        context: dg.AssetExecutionContext, warehouse: Warehouse, settings: dg.ResourceParam[Settings]
    ) -> dg.MaterializeResult:
        release = current_release(settings.releases_path)
        if release is None:
            raise dg.Failure(f"no release in {settings.releases_path}", allow_retries=False)
        with warehouse.connect(read_only=True) as con:
            synthetic = is_synthetic_warehouse(con)
        memo = StepMemo(warehouse.path, context.asset_key.to_user_string())
        fingerprint = release_fingerprint(catalogue, dataset, release, synthetic, WAREHOUSE_DOCS_URL)
        unchanged = bool(memo.done_from(dataset.name, fingerprint)) and (
            _published_files(settings.publish_dir, dataset) is not None
        )
        if unchanged:
            context.log.info(f"{dataset.name}: release {release.release_id} is the one published; not rebuilt")
            written, bytes_sent = [], 0
        else:
            built = build_warehouse_dataset(
                catalogue,
                dataset,
                release,
                settings.publish_dir / ".build" / dataset.name,
                synthetic,
                WAREHOUSE_DOCS_URL,
            )
            refuse_personal_data(catalogue, built)
            shipped = LocalFolderTarget(settings.publish_dir).ship(built)
            written, bytes_sent = list(shipped.written), shipped.bytes_sent
            memo.record({dataset.name: Done(fingerprint, context.run_id)})
        return dg.MaterializeResult(
            metadata={
                "location": dg.MetadataValue.path(str(settings.publish_dir / dataset.name)),
                "release_id": release.release_id,
                "files_written": dg.MetadataValue.json(written),
                "bytes_sent": bytes_sent,
                "rebuilt": not unchanged,
            }
        )

    return warehouse_files


def ckan_metadata(shipped: CkanShipResult) -> dict:
    """What a `ckan/<name>` asset says of a publish to the portal: where, what changed and how many bytes went."""
    return {
        "dataset_url": dg.MetadataValue.url(shipped.url),
        "changes": dg.MetadataValue.json([str(change) for change in shipped.changes]),
        "bytes_uploaded": shipped.bytes_uploaded,
        "bytes_sent": shipped.bytes_sent,
    }


def ckan_asset(catalogue: Catalogue, dataset: Dataset, portal: str) -> dg.AssetsDefinition:
    """`ckan/<dataset>`: ships the local folder's `<publish_dir>/<dataset>/` (made by `datasets/<dataset>`)."""

    @dg.asset(
        key=dg.AssetKey(["ckan", dataset.name]),
        deps=[dg.AssetKey(["datasets", dataset.name])],
        group_name=PUBLISH_GROUP,
        kinds={"ckan"},
        description=f"Open dataset '{dataset.name}' on the CKAN portal {portal}.",
    )
    def _publish(
        context: dg.AssetExecutionContext, ckan: CkanPortal, settings: dg.ResourceParam[Settings]
    ) -> dg.MaterializeResult:
        refuse_unvalidated(context.instance, dataset)
        shipped = ckan.target(catalogue, context.log.warning).ship(settings.publish_dir / dataset.name, dataset)
        for change in shipped.changes:
            context.log.info(f"{dataset.name}: {change}")
        context.log.info(
            f"{dataset.name}: {len(shipped.changes)} changes, {shipped.bytes_uploaded} bytes uploaded, "
            f"{shipped.bytes_sent} bytes sent in all to {shipped.url}"
        )
        return dg.MaterializeResult(metadata=ckan_metadata(shipped))

    return _publish


def _landing_page_asset(catalogue: Catalogue) -> dg.AssetsDefinition:
    @dg.asset(
        key=LANDING_KEY,
        deps=[*(dg.AssetKey(["datasets", d.name]) for d in catalogue.built_datasets), WAREHOUSE_KEY, DOCS_KEY],
        group_name=PUBLISH_GROUP,
        kinds={"html"},
        description="The publish folder's landing page: index.html and README.md, every dataset, table, file, code "
        "list and chart in kk/ru/en, made from what is published.",
    )
    def landing_page(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]) -> dg.MaterializeResult:
        try:
            written, _ = write_landing_page(settings.publish_dir, catalogue)
        except PersonalDataInPage as refused:
            raise dg.Failure(description=str(refused), allow_retries=False) from None
        sent = sum((settings.publish_dir / name).stat().st_size for name in written)
        context.log.info(f"landing page: {len(written)} files written, {sent} bytes to {settings.publish_dir}")
        return dg.MaterializeResult(
            metadata={
                "page": dg.MetadataValue.path(str(settings.publish_dir / INDEX_FILE)),
                "readme": dg.MetadataValue.path(str(settings.publish_dir / README_FILE)),
                "files_written": dg.MetadataValue.json(written),
                "bytes_sent": sent,  # as every `datasets/<name>`: 0 and not rebuilt when the page is unchanged
                "rebuilt": bool(written),
            }
        )

    return landing_page


def _ckan_landing_page_asset(catalogue: Catalogue, portal: str) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["ckan", "index"]),
        deps=[LANDING_KEY],
        group_name=PUBLISH_GROUP,
        kinds={"ckan"},
        description=f"The landing page on the CKAN portal {portal}, as the resources of dataset "
        f"'{catalogue.landing_page.name}'.",
    )
    def ckan_landing_page(
        context: dg.AssetExecutionContext, ckan: CkanPortal, settings: dg.ResourceParam[Settings]
    ) -> dg.MaterializeResult:
        shipped = ckan.target(catalogue, context.log.warning).ship_landing_page(settings.publish_dir)
        for change in shipped.changes:
            context.log.info(f"landing page: {change}")
        return dg.MaterializeResult(metadata=ckan_metadata(shipped))

    return ckan_landing_page


def publish_assets(catalogue: Catalogue, portal: str) -> list[dg.AssetsDefinition]:
    """The local folder's dataset assets (the table datasets, the Popolo export, the warehouse) and its landing page,
    and the portal's when the deployment has one (`portal`, its address; empty: none)."""
    local = [_dataset_asset(catalogue, dataset) for dataset in catalogue.datasets]
    local.append(_dataset_asset(catalogue, catalogue.popolo, build_popolo_dataset, frozenset({"json"})))
    local += [_warehouse_dataset_asset(catalogue), _landing_page_asset(catalogue)]
    if not portal:
        return local
    shipped = [ckan_asset(catalogue, dataset, portal) for dataset in catalogue.built_datasets]
    shipped.append(ckan_asset(catalogue, catalogue.warehouse, portal))  # deps: WAREHOUSE_KEY
    shipped.append(_ckan_landing_page_asset(catalogue, portal))
    return local + shipped
