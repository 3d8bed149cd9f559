"""Release assets: after the open datasets are published, a new read-only release of the warehouse for
researchers (`dagster_project/release.py`), the `warehouse` dataset that ships it, and the dbt documentation site.

`release` depends on every `datasets/<name>` asset, so a failed suite or dbt test (which holds back its dataset)
also skips the release: a release is the whole warehouse validated together, and researchers keep reading the last
whole one. `datasets/warehouse` scans the release's DuckDB file for personal data (`refuse_personal_data`, every
string column of every table) and ships it with release.json to the local folder, `ckan/warehouse` (when a portal
is configured) to the portal, and `docs/site`
publishes the dbt docs (lineage, every table and column) as static HTML to `<publish_dir>/docs/index.html`.
`datasets/index`, last, writes the publish folder's landing page (`publish/landing_page.py`: `index.html` and
`README.md`) from everything published before it, and `ckan/index` ships it to the portal as a dataset's resources.
"""

import json
import shutil
import subprocess

import dagster as dg

from dagster_project.assets.publish import (
    PUBLISH_GROUP,
    ckan_asset,
    ckan_metadata,
    is_synthetic_warehouse,
    refuse_personal_data,
)
from dagster_project.hashing import digest, file_sha256
from dagster_project.layout import DBT_DIR, DBT_EXECUTABLE, DBT_MANIFEST, DBT_TARGET_DIR
from dagster_project.processes import exclusive
from dagster_project.release import build_release, current_release
from dagster_project.resources import CkanPortal, Warehouse
from dagster_project.settings import Settings
from dagster_project.step_memo import Done, StepMemo
from publish.catalogue import Catalogue
from publish.landing_page import INDEX_FILE, README_FILE, PersonalDataInPage, write_landing_page
from publish.local import LocalFolderTarget
from publish.warehouse import build_warehouse_dataset, warehouse_dataset

RELEASE_KEY = dg.AssetKey(["release"])
WAREHOUSE_KEY = dg.AssetKey(["datasets", "warehouse"])
DOCS_KEY = dg.AssetKey(["docs", "site"])
LANDING_KEY = dg.AssetKey(["datasets", "index"])
DOCS_TARGET = DBT_TARGET_DIR / "docs"


def _release_asset(catalogue: Catalogue) -> dg.AssetsDefinition:
    @dg.asset(
        key=RELEASE_KEY,
        deps=[dg.AssetKey(["datasets", d.name]) for d in catalogue.datasets],
        group_name=PUBLISH_GROUP,
        kinds={"duckdb", "parquet"},
        description="A new read-only release of the published tables for researchers, switched in atomically.",
    )
    def release(
        context: dg.AssetExecutionContext, warehouse: Warehouse, settings: dg.ResourceParam[Settings]
    ) -> dg.MaterializeResult:
        made = build_release(
            settings.warehouse,
            settings.releases_path,
            context.run_id,
            kept=settings.releases_kept,
            duckdb_config=warehouse.duckdb_config,
        )
        unchanged = made.manifest["run_id"] != context.run_id
        context.log.info(
            f"release {made.release_id} is current{' (no published row changed)' if unchanged else ''}: "
            f"{made.directory}"
        )
        return dg.MaterializeResult(
            metadata={
                "release_id": made.release_id,
                "unchanged": unchanged,
                "location": dg.MetadataValue.path(str(made.directory)),
                "code_version": made.manifest["code_version"],
                "tables": dg.MetadataValue.json(made.manifest["tables"]),
            }
        )

    return release


def _warehouse_dataset_asset(catalogue: Catalogue) -> dg.AssetsDefinition:
    dataset = warehouse_dataset()

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
        built = build_warehouse_dataset(
            catalogue, dataset, release, settings.publish_dir / ".build" / dataset.name, synthetic, "../docs/index.html"
        )
        refuse_personal_data(catalogue, built)
        shipped = LocalFolderTarget(settings.publish_dir).ship(built)
        return dg.MaterializeResult(
            metadata={
                "location": dg.MetadataValue.path(shipped.location),
                "release_id": release.release_id,
                "files_written": dg.MetadataValue.json(list(shipped.written)),
                "bytes_sent": shipped.bytes_sent,
            }
        )

    return warehouse_files


def build_docs_site(settings: Settings) -> None:
    """`dbt docs generate --static`: one self-contained HTML file, DOCS_TARGET/static_index.html (dbt 1.11)."""
    subprocess.run(
        [
            DBT_EXECUTABLE,
            "docs",
            "generate",
            "--static",
            "--quiet",
            "--project-dir",
            str(DBT_DIR),
            "--profiles-dir",
            str(DBT_DIR),
            "--target-path",
            str(DOCS_TARGET),
            *settings.dbt_vars(),
        ],
        check=True,
    )


def _docs_key(warehouse: Warehouse) -> str:
    """What the docs page shows: the definitions (names, descriptions, columns, meta, dependencies) of every dbt
    node, the sources, exposures and docs blocks (the overview) as they are, and the warehouse's schema (dbt's
    catalog: every relation's columns and types). Not the data: the page shows no row, so a new release of the same
    schema needs no new page."""
    manifest = json.loads(DBT_MANIFEST.read_text(encoding="utf-8"))
    shown = {
        uid: [node.get(k) for k in ("name", "description", "columns", "meta", "depends_on", "raw_code", "config")]
        for uid, node in manifest["nodes"].items()
    }
    pages = {  # less their parse time (`created_at`), which changes on every `dbt parse`
        kind: {uid: {k: v for k, v in item.items() if k != "created_at"} for uid, item in manifest[kind].items()}
        for kind in ("sources", "exposures", "docs")
    }
    with warehouse.connect(read_only=True) as con:
        schema = con.execute(
            "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns ORDER BY ALL"
        ).fetchall()
    return digest(json.dumps([shown, pages, schema], sort_keys=True, default=str))


def _docs_asset() -> dg.AssetsDefinition:
    @dg.asset(
        key=DOCS_KEY,
        deps=[RELEASE_KEY],
        group_name=PUBLISH_GROUP,
        kinds={"dbt", "html"},
        description="The dbt documentation site (lineage, every table and column in kk/ru/en), static HTML.",
    )
    def docs_site(
        context: dg.AssetExecutionContext, warehouse: Warehouse, settings: dg.ResourceParam[Settings]
    ) -> dg.MaterializeResult:
        # The page embeds its build time, so it is rebuilt only when what it shows changed (the dbt project's
        # definitions or the warehouse's schema: the step's memo) or the published page is not the one recorded. An
        # unchanged run writes nothing. DOCS_TARGET, beside dbt's own target, caches the last page built by any run
        # of this checkout, with its key: a page built for the same key is copied, not built again.
        memo, destination = StepMemo(warehouse.path, context.asset_key.to_user_string()), settings.publish_dir / "docs"
        key, published = _docs_key(warehouse), destination / "index.html"
        site = dg.MetadataValue.path(str(published))
        done = memo.done_from("page", key)
        if done and published.is_file() and file_sha256(published) == done.kept["sha256"]:
            return dg.MaterializeResult(metadata={"site": site, "unchanged": True, "built": False})
        built_key = DOCS_TARGET / ".source_key"
        page = DOCS_TARGET / "static_index.html"
        with exclusive(DOCS_TARGET.with_name("docs.lock")):  # another run of this checkout may be building it
            reused = built_key.is_file() and page.is_file() and built_key.read_text() == key
            if not reused:
                # dbt reads the warehouse (catalog queries); nothing else writes it at this point of the run.
                built_key.unlink(missing_ok=True)
                build_docs_site(settings)
                built_key.write_text(key)
            destination.mkdir(parents=True, exist_ok=True)
            partial = destination / ".index.html.partial"
            shutil.copyfile(page, partial)
        partial.replace(published)
        memo.record({"page": Done(key, context.run_id, {"sha256": file_sha256(published)})})
        return dg.MaterializeResult(metadata={"site": site, "unchanged": False, "built": not reused})

    return docs_site


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


def release_assets(catalogue: Catalogue, portal: str) -> list[dg.AssetsDefinition]:
    assets = [
        _release_asset(catalogue),
        _warehouse_dataset_asset(catalogue),
        _docs_asset(),
        _landing_page_asset(catalogue),
    ]
    if portal:
        assets.append(ckan_asset(catalogue, warehouse_dataset(), portal))  # deps: WAREHOUSE_KEY
        assets.append(_ckan_landing_page_asset(catalogue, portal))
    return assets
