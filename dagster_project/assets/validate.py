"""Validation: one blocking asset check per published table: its Great Expectations suite and the personal-data gate.

A failing suite stops, in the same run, every asset downstream of that table, so the dataset that holds it is
not published; the other datasets still are. The check's metadata names each failed expectation and the keys
of the rows it failed on, and links the HTML validation report (GX Data Docs).

A table may be empty only when a raw table it is built from got no records from the landing (a landing of votes
only has no memberships): then it passes, its metadata and the run's log say what is absent, and it is published
with its header only. A table that is empty although all its sources supplied records still fails.

The personal-data gate is the detector of `dagster_project/privacy/detector.py`, run on every string column
(free text included) by `privacy.scan.scan_relation`; it is independent of the redaction's patterns, so what the
redaction missed is still caught. A hit fails the check; its metadata (`personal_data`) names the table, the
column, the kind and the primary-key values of the rows, never the value.

Validation costs what changed, not what exists. A table of more than `BATCH_ROWS` rows with a date column is
validated in batches, one per quarter of its first date column (every row of a vote event, say, falls in the
same quarter, so a key's duplicates meet in one batch); a smaller table is one batch. Each batch's rows are
fingerprinted in DuckDB (`row_fingerprints`) and only batches whose rows or suite changed since they last passed
(the check's memo, `dagster_project/step_memo.py`) are read and validated; an unchanged table costs one scan and
no Great Expectations at all (which is only imported when a batch needs it).
"""

import json
from pathlib import Path

import dagster as dg
import phonenumbers

from dagster_project.asset_keys import SUITE_CHECK, published_asset_key
from dagster_project.hashing import digest, files_sha256, row_fingerprints
from dagster_project.layout import PROJECT_DIR
from dagster_project.privacy import detector, scan
from dagster_project.resources import Warehouse
from dagster_project.settings import Settings
from dagster_project.step_memo import Done, StepMemo
from expectations.runner import SuiteOutcome, data_docs_index, validate_table
from publish.catalogue import Catalogue, Table
from publish.package import absence_note, supplied_raw_tables

BATCH_ROWS = 500_000
# What a check is made of: the suites, the personal-data detector and its scan, and the code lists. A change to
# any of them (or to the phone numbering plans' library) re-validates every batch.
_SUITE_SOURCES = (PROJECT_DIR / "expectations" / "suites.py", PROJECT_DIR / "expectations" / "runner.py")


def suite_version(table: Table, min_cell: int, may_be_empty: bool) -> str:
    """Changes whenever the check of `table` could: its columns, k, whether it may be empty, the suites' and the
    detector's code, the numbering plans."""
    sources = [*_SUITE_SOURCES, Path(detector.__file__), Path(scan.__file__)]
    definition = (table.columns, table.primary_key, min_cell, may_be_empty, phonenumbers.__version__)
    return f"{files_sha256(sources)[:16]}:{digest(definition)[:16]}"


def batch_expression(table: Table, rows: int) -> str:
    """The SQL expression that splits the table into validation batches (a constant: one batch)."""
    date_column = next((c.name for c in table.columns if c.frictionless_type == "date"), None)
    return f"date_trunc('quarter', \"{date_column}\")" if date_column and rows > BATCH_ROWS else "'all'"


def _metadata(outcome: SuiteOutcome, settings: Settings) -> dict[str, dg.MetadataValue]:
    failures = "\n\n".join(
        f"**{f.expectation}** `{json.dumps(f.arguments, ensure_ascii=False, default=str)}`: "
        f"{f.unexpected_count if f.unexpected_count is not None else 'observed ' + str(f.observed_value)} "
        f"unexpected; rows: `{json.dumps(f.failing_rows, ensure_ascii=False, default=str)}`"
        for f in outcome.failed
    )
    return {
        "rows_validated": dg.MetadataValue.int(outcome.rows),
        "expectations_evaluated": dg.MetadataValue.int(outcome.evaluated),
        "expectations_failed": dg.MetadataValue.int(len(outcome.failed)),
        "failures": dg.MetadataValue.md(failures or "none"),
        "validation_report": dg.MetadataValue.path(str(data_docs_index(settings.validation_dir))),
    }


def _suite_check(table: Table) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=published_asset_key(table),
        name=SUITE_CHECK,
        blocking=True,
        description=f"The Great Expectations suite of published.{table.name} (expectations/suites.py), run on "
        "the batches of rows that changed since it last passed.",
    )
    def _check(
        context: dg.AssetCheckExecutionContext, warehouse: Warehouse, settings: dg.ResourceParam[Settings]
    ) -> dg.AssetCheckResult:
        memo, min_cell = StepMemo(warehouse.path, f"suite/{table.name}"), settings.submissions_min_cell
        with warehouse.connect(read_only=True) as con:
            supplied = supplied_raw_tables(con)
            may_be_empty = bool(table.absent_sources(supplied))
            version = suite_version(table, min_cell, may_be_empty)
            rows = con.execute(f"SELECT count(*) FROM {table.relation}").fetchone()[0]
            batch = batch_expression(table, rows)
            batches = row_fingerprints(con, table.relation, batch) or {"all": "0"}  # an empty table: 1 batch
            fingerprints = {key: digest((version, rows_fingerprint)) for key, rows_fingerprint in batches.items()}
            changed = memo.changed(fingerprints)
            results = {
                key: (
                    _validate_batch(con, table, batch, key, settings, min_cell, may_be_empty),
                    _personal_data(con, table, batch, key),
                )
                for key in changed
            }
        passed = [key for key, (outcome, leaks) in results.items() if outcome.success and not leaks]
        memo.record({key: Done(fingerprints[key], context.run.run_id) for key in passed}, forget=changed)
        outcome = _joined(table, [outcome for outcome, _ in results.values()])
        leaks = [leak for _, batch_leaks in results.values() for leak in batch_leaks]
        absent = absence_note(table, rows, supplied)
        if absent:
            context.log.warning(f"{table.relation} is empty and published with its header only ({absent})")
        for failure in outcome.failed:
            context.log.warning(
                f"{table.relation}: {failure.expectation} failed on {failure.unexpected_count} rows, "
                f"e.g. {failure.failing_rows[:3]}"
            )
        for leak in leaks:
            context.log.warning(f"personal data, not published: {leak}")
        return dg.AssetCheckResult(
            passed=outcome.success and not leaks,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                **_metadata(outcome, settings),
                "rows": dg.MetadataValue.int(rows),
                "absent": absent or "no",
                "batches": dg.MetadataValue.int(len(fingerprints)),
                "batches_validated": dg.MetadataValue.int(len(changed)),
                "suite_version": version,
                "personal_data_found": dg.MetadataValue.int(sum(leak.rows for leak in leaks)),
                "personal_data": dg.MetadataValue.json([leak.as_metadata() for leak in leaks]),
            },
        )

    return _check


def _in_batch(batch: str) -> str:
    return f"coalesce(cast({batch} AS VARCHAR), '') = ?"


def _validate_batch(
    con, table: Table, batch: str, key: str, settings: Settings, min_cell: int, may_be_empty: bool
) -> SuiteOutcome:
    frame = con.execute(f"SELECT * FROM {table.relation} AS t WHERE {_in_batch(batch)}", [key]).df()
    return validate_table(frame, table, settings.validation_dir, min_cell, may_be_empty)


def _personal_data(con, table: Table, batch: str, key: str) -> list[scan.Leak]:
    """The gate: the detector on every string column of the batch's rows, keyed by the table's primary key."""
    strings = [c.name for c in table.columns if c.frictionless_type == "string"]
    return scan.scan_relation(
        con, f"{table.relation} AS t", table.name, strings, table.primary_key, _in_batch(batch), [key]
    )


def _joined(table: Table, outcomes: list[SuiteOutcome]) -> SuiteOutcome:
    return SuiteOutcome(
        table.name,
        all(o.success for o in outcomes),
        sum(o.evaluated for o in outcomes),
        tuple(f for o in outcomes for f in o.failed),
        sum(o.rows for o in outcomes),
    )


def validation_checks(catalogue: Catalogue) -> list[dg.AssetChecksDefinition]:
    return [_suite_check(table) for table in catalogue.tables]
