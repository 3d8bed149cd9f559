"""The docs site: the dbt project's documentation (the overview, lineage, every table and column in kk/ru/en, as
`dbt/` describes them) as one static HTML page, `<publish_dir>/docs/index.html`, published after each release.

It is rebuilt only when what it shows changed (`_docs_key`: the dbt project's definitions and the warehouse's
schema, not its rows), so a run with nothing new writes nothing.
"""

import json
import shutil
import subprocess

import dagster as dg

from dagster_project.asset_keys import DOCS_KEY, PUBLISH_GROUP, RELEASE_KEY
from dagster_project.hashing import digest, file_sha256
from dagster_project.layout import DBT_DIR, DBT_EXECUTABLE, DBT_MANIFEST, DBT_TARGET_DIR
from dagster_project.processes import exclusive
from dagster_project.resources import Warehouse
from dagster_project.settings import Settings
from dagster_project.step_memo import Done, StepMemo

DOCS_TARGET = DBT_TARGET_DIR / "docs"


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


def docs_asset() -> dg.AssetsDefinition:
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
