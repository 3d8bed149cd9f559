"""Validation: one blocking Great Expectations asset check per published table.

A failing suite stops, in the same run, every asset downstream of that table, so the dataset that holds it is
not published; the other datasets still are. The check's metadata names each failed expectation and the keys
of the rows it failed on, and links the HTML validation report (GX Data Docs).
"""

import json

import dagster as dg

from dagster_project.resources import Warehouse
from dagster_project.settings import Settings
from expectations.runner import SuiteOutcome, data_docs_index, validate_table
from publish.catalogue import Catalogue, Table

SUITE_CHECK = "great_expectations_suite"


def published_asset_key(table: Table) -> dg.AssetKey:
    return dg.AssetKey(["published", table.name])


def unvalidated_tables(instance: dg.DagsterInstance, tables: tuple[Table, ...]) -> list[str]:
    """The tables whose latest build has no passing suite evaluation, each with the reason.

    Within a run, blocking checks already stop publication; this catches a dataset materialised on its own
    (from the UI, say) after its tables were rebuilt or failed their suite.
    """
    problems = []
    for table in tables:
        key = published_asset_key(table)
        record = instance.get_latest_asset_check_evaluation_record(dg.AssetCheckKey(key, SUITE_CHECK))
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


def _metadata(outcome: SuiteOutcome, settings: Settings) -> dict[str, dg.MetadataValue]:
    failures = "\n\n".join(
        f"**{f.expectation}** `{json.dumps(f.arguments, ensure_ascii=False, default=str)}`: "
        f"{f.unexpected_count if f.unexpected_count is not None else 'observed ' + str(f.observed_value)} "
        f"unexpected; rows: `{json.dumps(f.failing_rows, ensure_ascii=False, default=str)}`"
        for f in outcome.failed
    )
    return {
        "rows": dg.MetadataValue.int(outcome.rows),
        "expectations_evaluated": dg.MetadataValue.int(outcome.evaluated),
        "expectations_failed": dg.MetadataValue.int(len(outcome.failed)),
        "failures": dg.MetadataValue.md(failures or "none"),
        "validation_report": dg.MetadataValue.path(str(data_docs_index(settings.validation_dir))),
    }


def _suite_check(table: Table, settings: Settings) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=published_asset_key(table),
        name=SUITE_CHECK,
        blocking=True,
        description=f"The Great Expectations suite of published.{table.name} (expectations/suites.py).",
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        with warehouse.connect(read_only=True) as con:
            frame = con.execute(f"SELECT * FROM {table.relation}").df()
        outcome = validate_table(frame, table, settings.validation_dir, int(settings.submissions_min_cell))
        for failure in outcome.failed:
            context.log.warning(
                f"{table.relation}: {failure.expectation} failed on {failure.unexpected_count} rows, "
                f"e.g. {failure.failing_rows[:3]}"
            )
        return dg.AssetCheckResult(
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata=_metadata(outcome, settings),
        )

    return _check


def validation_checks(catalogue: Catalogue, settings: Settings) -> list[dg.AssetChecksDefinition]:
    return [_suite_check(table, settings) for table in catalogue.tables]
