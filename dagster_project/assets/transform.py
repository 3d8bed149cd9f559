"""Transform assets: the dbt project (`dbt/`), loaded into Dagster from its manifest when the definitions are built.

`dbt build` runs the models and their dbt tests (shown as asset checks). Each dbt model's asset key is its
warehouse relation (`staging/…`, `core/…`, `published/…`), and its group is its layer, so the Dagster graph
reads like the warehouse. dbt sources map to the ingest assets of the same raw tables. An asset shows its dbt
description and links its SQL file; each materialization carries the relation's columns and types and, for a
table, its row count, read from the warehouse once dbt has ended (`relation_metadata`).

The largest model, `core.fct_person_votes`, is incremental (see its SQL); the others are rebuilt in full, which
DuckDB does in seconds. When nothing dbt reads has changed since every selected model was last built (the
landed files, the enrichment, the dbt project, the settings its vars are: `inputs_fingerprint`), every selected dbt
test passed when it last ran (the step's memo, `dagster_project/step_memo.py`) and every model is in the
warehouse, dbt is not run at all: each model is reported unchanged and each test's pass is carried over, naming
its run. A run with nothing new costs a few seconds, not a rebuild.

dbt is given the run's settings as `--vars` (`Settings.dbt_vars`): those its models read, and its connection's,
which `dbt/profiles.yml` reads. Nothing reaches it through the environment, so a run configured at launch builds
what its settings say.

A record whose required reference does not resolve (a vote for an unknown person, say) is quarantined by dbt
(`core.quarantined_references`, see `dbt/macros/references.sql`), not left to fail a test; the run's log and the
metadata of that model name each one. A dbt failure that remains (a model that does not build, an error-severity
test that fails) holds back only what depends on it: dbt skips the models downstream of the failure, Dagster then
skips their validation and datasets, and a dataset refuses a table whose own dbt test failed (`publish.py`); the
other datasets are published, and the run ends as failed (`eparl run` exits 1): a failed test is a failed check,
and a model that did not build is observed with its dbt status, which `cli.run_failures` reads.
"""

import functools
import subprocess
from collections.abc import Mapping
from graphlib import TopologicalSorter
from importlib.metadata import version
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from dagster_project.adapters import names
from dagster_project.hashing import digest, file_sha256, files_sha256, row_fingerprints
from dagster_project.layout import DBT_DIR, DBT_EXECUTABLE, DBT_MANIFEST, DBT_TARGET_DIR
from dagster_project.processes import exclusive
from dagster_project.resources import Warehouse
from dagster_project.settings import DBT_MODEL_VARS, Settings
from dagster_project.step_memo import Done, StepMemo

DBT_PROJECT = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR, target_path=DBT_TARGET_DIR)
# What the manifest was parsed from (`ensure_manifest`), beside it: not the project's folder, which git tracks.
MANIFEST_STAMP = DBT_MANIFEST.with_name("manifest.parsed_from")
_DBT_INPUTS = ("models", "macros", "seeds", "tests", "dbt_project.yml", "profiles.yml")
# The project's own code that dbt's Python models run (models/core/person_identities.py matches persons with it):
# a change to it changes what they build, as a change to a model would.
_DBT_PYTHON_CODE = (Path(names.__file__),)
# What dbt reads from the warehouse that the pipeline writes before it: the loaded files and the enrichment.
_DBT_READS = ("audit.load_log", "private.submission_enrichment")
QUARANTINE_KEY = dg.AssetKey(["core", "quarantined_references"])
FAILED = ("error", "fail")  # dbt's statuses of a node that did not build or a test that did not pass
DBT_STATUS = "dbt_status"  # the metadata of the observation of a model that did not build
_SHOWN_QUARANTINED = 20  # records named in the log and metadata; the table holds them all


def _project_files(project_dir: Path) -> list[Path]:
    paths = [project_dir / name for name in _DBT_INPUTS]
    files = [p for path in paths if path.exists() for p in ([path] if path.is_file() else path.rglob("*"))]
    return [p for p in files if p.is_file()]


def project_sha256() -> str:
    """One sha256 of the dbt project's files (`_DBT_INPUTS`), each named by its path in the project."""
    return files_sha256(_project_files(DBT_DIR), root=DBT_DIR)


def inputs_fingerprint(warehouse: Warehouse, settings: Settings) -> str:
    """A digest of everything a dbt build depends on: the rows of what it reads that the pipeline wrote, the dbt
    project's files, the code its Python models run and the settings its models read (`DBT_MODEL_VARS`). Not the
    connection's settings (the warehouse's path, DuckDB's memory and spill folder), which change where and how fast
    dbt builds, not what: the memo is the warehouse's own, so a copied warehouse skips what its original did."""
    with warehouse.connect(read_only=True) as con:
        existing = {
            f"{s}.{t}" for s, t in con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()
        }
        reads = {relation: row_fingerprints(con, relation) for relation in _DBT_READS if relation in existing}
    code = (project_sha256(), files_sha256(_DBT_PYTHON_CODE))
    return digest((reads, code, [(name, getattr(settings, name)) for name in DBT_MODEL_VARS]))


def _not_current(memo: StepMemo, fingerprint: str, models: list[dg.AssetKey], checks: list[dg.AssetCheckKey]) -> str:
    """Why dbt must run (the selected models not built from these inputs, the selected tests that did not pass when
    they last ran), or '' when the memo has every one of them done from this fingerprint."""
    changed = set(memo.changed({part.to_user_string(): fingerprint for part in [*models, *checks]}))
    stale = [key for key in models if key.to_user_string() in changed]
    failed = [check for check in checks if check.to_user_string() in changed]
    if stale:
        return (
            f"what {len(stale)} of the selected models read (files, enrichment, project, settings) changed since "
            "they were built, or they were never built"
        )
    if failed:
        return f"{len(failed)} selected dbt tests did not pass when they last ran, or never ran"
    return ""


def quarantine_report(warehouse: Warehouse) -> tuple[dict[str, Any], list[str]]:
    """The records dbt quarantined for an unresolved reference: metadata for the quarantine model, and one line per
    record (up to `_SHOWN_QUARANTINED`) naming its raw table, key and reason."""
    with warehouse.connect(read_only=True) as con:
        counts = dict(con.execute("SELECT raw_table, count(*) FROM core.quarantined_references GROUP BY 1").fetchall())
        shown = con.execute(
            "SELECT raw_table, record_key, reason, _source_file, _record_position FROM core.quarantined_references "
            f"ORDER BY ALL LIMIT {_SHOWN_QUARANTINED}"
        ).fetchall()
    lines = [f"quarantined {t} {key} ({file} {position}): {reason}" for t, key, reason, file, position in shown]
    table = "\n".join(f"| {t} | `{key}` | {reason} | {file} {position} |" for t, key, reason, file, position in shown)
    metadata = {
        "records_quarantined": dg.MetadataValue.int(sum(counts.values())),
        "records_quarantined_by_table": dg.MetadataValue.json(counts),
        "quarantined": dg.MetadataValue.md(
            f"| raw table | record | reason | file |\n|---|---|---|---|\n{table}" if table else "nothing quarantined"
        ),
    }
    return metadata, lines


def relation_metadata(warehouse: Warehouse, keys: list[dg.AssetKey]) -> dict[dg.AssetKey, dict[str, Any]]:
    """Each built relation's columns with their types (`dagster/column_schema`) and, for a table, its row count
    (`dagster/row_count`; a view is not counted, which would run its query): two queries, whatever the number of
    models, once dbt has ended."""
    wanted = {tuple(key.path): key for key in keys}
    with warehouse.connect(read_only=True) as con:
        columns = con.execute(
            "SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = current_database() ORDER BY schema_name, table_name, column_index"
        ).fetchall()
        tables = [
            relation
            for relation in con.execute(
                "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
                "ORDER BY ALL"
            ).fetchall()
            if relation in wanted
        ]
        counts = (
            con.execute(
                " UNION ALL ".join(
                    f'SELECT {i} AS relation, count(*) AS row_count FROM "{schema}"."{name}"'
                    for i, (schema, name) in enumerate(tables)
                )
            ).fetchall()
            if tables
            else []
        )
    schemas: dict[dg.AssetKey, list[dg.TableColumn]] = {}
    for schema, name, column, data_type in columns:
        if (schema, name) in wanted:
            schemas.setdefault(wanted[schema, name], []).append(dg.TableColumn(column, data_type))
    described = {key: {"dagster/column_schema": dg.TableSchema(columns)} for key, columns in schemas.items()}
    for i, row_count in counts:
        described[wanted[tables[i]]]["dagster/row_count"] = dg.MetadataValue.int(row_count)
    return described


def run_target(warehouse: Warehouse) -> Path:
    """dbt's target folder for the builds of this warehouse, `<warehouse>.dbt` beside it: one folder per warehouse,
    so that two pipelines of one checkout never read each other's run results, and reused from run to run
    (dagster-dbt's default is a new folder per run, which only grows), which keeps dbt's partial-parse state."""
    path = Path(warehouse.path)
    return path.with_name(path.name + ".dbt")


def _parsed_from(manifest: Path, files: str) -> str:
    return f"dbt-core {version('dbt-core')}, project {files}, manifest {file_sha256(manifest)}\n"


def ensure_manifest() -> Path:
    """Parse the dbt project (`dbt parse`, seconds) unless its manifest was parsed from the project's files as
    they are now: importing the definitions, as every run and every Dagster code server does, parses nothing then.

    `MANIFEST_STAMP` holds what the manifest was parsed from: the dbt version, the sha256 of the project's files
    and the manifest's own. Contents, not modification times, which a checkout or a copy changes without changing a
    file; and a manifest that another dbt command rewrote (any run in dbt/ without a target path of its own writes
    there) is parsed again."""
    manifest = DBT_MANIFEST
    files = project_sha256()
    with exclusive(MANIFEST_STAMP.with_name("manifest.lock")):  # another process may be parsing it right now
        stamp = MANIFEST_STAMP.read_text(encoding="utf-8") if MANIFEST_STAMP.exists() else None
        if manifest.exists() and stamp == _parsed_from(manifest, files):
            return manifest
        subprocess.run(
            [DBT_EXECUTABLE, "parse", "--quiet", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
            check=True,
        )
        MANIFEST_STAMP.write_text(_parsed_from(manifest, files), encoding="utf-8")
    return manifest


class EparlDbtTranslator(DagsterDbtTranslator):
    """Asset key = warehouse relation (schema, name); group = layer; description = dbt's, without the SQL; dbt tests
    are checks that do not block.

    dagster-dbt makes a test of severity error a blocking check, and a blocking check that fails inside the one
    `dbt build` step fails the whole step, so Dagster skipped every suite, dataset and the release for one bad row.
    dbt itself already skips the models downstream of a failed test (Dagster then skips what depends on those),
    and a dataset refuses a table whose own test failed (`publish.unvalidated_tables`).
    """

    def __init__(self) -> None:
        # the UI links each model to its SQL file (`dagster/code_references`) rather than printing the SQL
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_code_references=True))

    def get_asset_check_spec(
        self, asset_spec: dg.AssetSpec, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetCheckSpec | None:
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        return spec._replace(blocking=False) if spec is not None else None

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        """The dbt description alone: dagster-dbt's default appends the model's whole SQL to it."""
        props = dbt_resource_props
        return props.get("description") or f"dbt {props['resource_type']} {props['name']}"

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] in ("model", "seed", "snapshot"):
            schema = props["config"].get("schema") or props["schema"]
            return spec.replace_attributes(key=dg.AssetKey([schema, props["name"]]), group_name=schema)
        return spec


@functools.cache
def dbt_models() -> dg.AssetsDefinition:
    """The dbt project's models, seeds and tests as assets and checks, from its manifest (`ensure_manifest`)."""

    @dbt_assets(manifest=ensure_manifest(), dagster_dbt_translator=EparlDbtTranslator(), project=DBT_PROJECT)
    def dbt_models(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ):
        """Build the warehouse with dbt: seeds, staging, core, private and published models, and their tests."""
        yield from build_warehouse(context, dbt, warehouse, settings)

    return dbt_models


def build_warehouse(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse, settings: Settings):
    """`dbt build` of the selected models and tests, unless every one of them is done from these inputs."""
    memo, fingerprint = StepMemo(warehouse.path, "dbt"), inputs_fingerprint(warehouse, settings)
    models = sorted(context.selected_asset_keys, key=dg.AssetKey.to_user_string)
    checks = sorted(context.selected_asset_check_keys, key=dg.AssetCheckKey.to_user_string)
    reason = _not_current(memo, fingerprint, models, checks)
    described = relation_metadata(warehouse, models) if not reason else {}
    if not reason and len(described) < len(models):
        reason = f"{len(models) - len(described)} selected models are not in the warehouse"
    if reason:
        context.log.info(f"dbt runs: {reason}.")
    else:
        context.log.info("Nothing dbt reads has changed since the selected models were built: dbt is not run.")
        deps = context.assets_def.asset_deps  # a multi-asset yields its assets in dependency order
        order = TopologicalSorter({key: deps.get(key, set()) for key in models}).static_order()
        for key in [key for key in order if key in context.selected_asset_keys]:
            metadata = {**described[key], "inputs_fingerprint": fingerprint, "unchanged": True}
            if key == QUARANTINE_KEY:
                report, lines = quarantine_report(warehouse)
                for line in lines:
                    context.log.warning(line)
                metadata |= report
            yield dg.MaterializeResult(asset_key=key, metadata=metadata)
        done = memo.done()
        for check in checks:
            yield dg.AssetCheckResult(
                asset_key=check.asset_key,
                check_name=check.name,
                passed=True,
                metadata={"passed_in_run": done[check.to_user_string()].run_id},
            )
        return
    # Unit tests test the SQL, not the data: `make test` runs them (tests/e2e/test_dbt_conventions.py), and a run, as
    # dbt advises for production, leaves them out.
    build = dbt.cli(
        ["build", "--exclude-resource-type", "unit_test", *settings.dbt_vars()],
        context=context,
        target_path=run_target(warehouse),
        raise_on_error=False,
    )
    # The models' outputs wait for dbt to end: their row counts and columns, and the quarantine's records, are read
    # from the warehouse, which dbt holds until then (DuckDB: one writing process at a time). Not through
    # dagster-dbt's fetch_row_counts / fetch_column_metadata: they wait too, but read through a dbt adapter in this
    # process that keeps the file open read-write, and every read-only connection after it (the suites, the
    # datasets, the CLI's summary) then fails ("different configuration than existing connections").
    outputs, passed = [], set()
    for event in build.stream():
        if isinstance(event, dg.Output):
            outputs.append(event)
            continue
        if isinstance(event, dg.AssetCheckResult) and event.passed:
            passed.add(dg.AssetCheckKey(event.asset_key, event.check_name))
        yield event
    # What built and what passed is done from these inputs; every other selected part is done again next time.
    succeeded = [context.asset_key_for_output(o.output_name) for o in outputs] + list(passed)
    memo.record(
        {part.to_user_string(): Done(fingerprint, context.run_id) for part in succeeded},
        forget=[part.to_user_string() for part in [*models, *checks]],
    )
    described = relation_metadata(warehouse, [context.asset_key_for_output(o.output_name) for o in outputs])
    for output in outputs:
        key = context.asset_key_for_output(output.output_name)
        metadata = {**output.metadata, **described.get(key, {}), "inputs_fingerprint": fingerprint}
        if key == QUARANTINE_KEY:
            report, lines = quarantine_report(warehouse)
            for line in lines:
                context.log.warning(line)
            metadata |= report
        yield output.with_metadata(metadata)
    if not build.is_successful():
        results = build.get_artifact("run_results.json")["results"]
        failed = [f"{result['unique_id']} ({result['status']})" for result in results if result["status"] in FAILED]
        # A failed data test is a failed check already; a model that did not build yields nothing, so it is
        # observed as failed (`cli.run_failures` reads it): the run ends as failed though its steps succeed.
        for result in results:
            if result["status"] in FAILED and result["unique_id"].split(".")[0] in ("model", "seed", "snapshot"):
                spec = EparlDbtTranslator().get_asset_spec(build.manifest, result["unique_id"], DBT_PROJECT)
                yield dg.AssetObservation(
                    asset_key=spec.key,
                    metadata={DBT_STATUS: result["status"], "dbt_message": (result.get("message") or "")[:500]},
                )
        context.log.error(
            "dbt build failed; only what depends on the failures is held back: " + ", ".join(failed or ["see dbt.log"])
        )
