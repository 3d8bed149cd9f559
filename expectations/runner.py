"""Run a table's Great Expectations suite and say which expectation failed on which rows.

GX's SQL data source does not work on DuckDB (its metrics read results after the connection closed), so each
published table is read by DuckDB into a DataFrame (one columnar read) and validated with GX's pandas data
source. The GX project lives in `<validation_dir>/gx`; each run updates its Data Docs, the HTML validation
report, whose pages are rendered by the views of `expectations.data_docs`.

Great Expectations takes seconds to import, so it is imported when a suite first runs, not with this module: a
run in which no table changed never loads it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from publish.catalogue import Table

if TYPE_CHECKING:
    import pandas as pd

SAMPLE_ROWS = 20
DATA_DOCS_SITE = "local_site"  # the one Data Docs site of a file context, GX's default
logging.getLogger("great_expectations").setLevel(logging.WARNING)


@dataclass(frozen=True)
class FailedExpectation:
    expectation: str
    arguments: dict
    unexpected_count: int | None
    observed_value: object
    failing_rows: list[dict]  # primary-key values (and the offending value) of up to SAMPLE_ROWS rows


@dataclass(frozen=True)
class SuiteOutcome:
    table: str
    success: bool
    evaluated: int
    failed: tuple[FailedExpectation, ...]
    rows: int


@cache
def _context(validation_dir: Path):
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(validation_dir))
    # The project substitutes no config variable, but a context that names a config-variables file (GX's new
    # project names one) parses it at each of the dozens of settings a suite's run reads: a sixth of its time. The
    # file is read, or not, from when a context opens, so the project is opened again without it.
    if context.variables.config_variables_file_path:
        context.variables.config_variables_file_path = None
        context.variables.save()
        context = gx.get_context(mode="file", project_root_dir=str(validation_dir))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.variables.save()
    site = dict(context.variables.data_docs_sites[DATA_DOCS_SITE])
    site["site_section_builders"] = {
        section: {"view": _view("PageView")} for section in ("expectations", "validations")
    }
    site["site_index_builder"] = {"class_name": "DefaultSiteIndexBuilder", "view": _view("IndexPageView")}
    context.update_data_docs_site(DATA_DOCS_SITE, site)
    return context


def _view(class_name: str) -> dict[str, str]:
    """A view of `expectations.data_docs`: GX's, with the templates compiled once per process, not once per page."""
    return {"module_name": "expectations.data_docs", "class_name": class_name}


def data_docs_index(validation_dir: Path) -> Path:
    return validation_dir / "gx" / "uncommitted" / "data_docs" / DATA_DOCS_SITE / "index.html"


def _plain(value: object) -> object:
    """GX results carry numpy scalars; metadata and JSON want plain Python."""
    return value.item() if hasattr(value, "item") else value


def validate_table(
    frame: pd.DataFrame, table: Table, validation_dir: Path, min_cell: int, may_be_empty: bool = False
) -> SuiteOutcome:
    """Run the table's suite (personal data is the gate's, `dagster_project/privacy/scan.py`, not a suite's)."""
    from expectations.suites import suite_for

    # DuckDB hands DATE columns to pandas as timestamps; the suites compare dates with dates.
    for column in table.columns:
        if column.frictionless_type == "date":
            frame[column.name] = frame[column.name].dt.date
    suite = suite_for(table, min_cell, may_be_empty)
    return _run(frame, table, table.name, suite, validation_dir, table.primary_key)


def _run(
    frame: pd.DataFrame,
    table: Table,
    name: str,
    expectations: list,
    validation_dir: Path,
    index_columns: tuple[str, ...],
) -> SuiteOutcome:
    import great_expectations as gx

    context = _context(validation_dir)
    source = context.data_sources.add_or_update_pandas("published")
    asset = source.get_asset(table.name) if table.name in source.get_asset_names() else None
    asset = asset or source.add_dataframe_asset(table.name)
    batch = (
        asset.get_batch_definition("whole_table")
        if "whole_table" in [b.name for b in asset.batch_definitions]
        else asset.add_batch_definition_whole_dataframe("whole_table")
    )
    suite = context.suites.add_or_update(gx.ExpectationSuite(name=name, expectations=expectations))
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=name, data=batch, suite=suite)
    )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=name,
            validation_definitions=[definition],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": list(index_columns),
                "partial_unexpected_count": SAMPLE_ROWS,
            },
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    (validation,) = result.run_results.values()
    failed = tuple(
        FailedExpectation(
            expectation=r.expectation_config.type,
            arguments={k: _plain(v) for k, v in r.expectation_config.kwargs.items() if k != "batch_id"},
            unexpected_count=r.result.get("unexpected_count"),
            observed_value=_plain(r.result.get("observed_value")),
            failing_rows=[
                {k: _plain(v) for k, v in row.items()} if isinstance(row, dict) else {"row": _plain(row)}
                for row in (r.result.get("unexpected_index_list") or [])[:SAMPLE_ROWS]
            ],
        )
        for r in validation.results
        if not r.success
    )
    return SuiteOutcome(table.name, result.success, len(validation.results), failed, len(frame))
