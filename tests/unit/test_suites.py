"""The Great Expectations suites check what the public relies on and dbt does not, and no rule twice: dbt owns the
keys and the code lists of every published table (its tests on the model's YAML), a suite never repeats them, and a
suite's own rule fails on a table that breaks it. Pure: the suites run on small pandas frames, no pipeline."""

from __future__ import annotations

import json
from functools import cache

import great_expectations.expectations as gxe
import pandas as pd
import pytest

from dagster_project.assets.transform import ensure_manifest
from expectations.runner import validate_table
from expectations.suites import VOTE_COUNT_OPTIONS, suite_for
from publish.catalogue import Column, Table, Text, catalogue_for

CATALOGUE = catalogue_for(ensure_manifest())
# What dbt's `unique`, `unique_combination_of_columns`, `not_null`, `relationships` and `accepted_values` test
DBT_OWNS = (
    gxe.ExpectColumnValuesToBeUnique,
    gxe.ExpectCompoundColumnsToBeUnique,
    gxe.ExpectColumnValuesToNotBeNull,
    gxe.ExpectColumnValuesToBeInSet,
)


@pytest.mark.parametrize("table", CATALOGUE.tables, ids=lambda t: t.name)
def test_no_suite_repeats_a_rule_dbt_tests(table: Table) -> None:
    repeated = [type(e).__name__ for e in suite_for(table, min_cell=10) if isinstance(e, DBT_OWNS)]
    assert repeated == []


@cache
def _manifest() -> dict:
    return json.loads(ensure_manifest().read_text(encoding="utf-8"))


@cache
def _published_tests() -> dict[str, list[dict]]:
    models = {n["unique_id"]: n["name"] for n in _manifest()["nodes"].values() if n["resource_type"] == "model"}
    tests: dict[str, list[dict]] = {}
    for node in _manifest()["nodes"].values():
        if node["resource_type"] == "test" and node.get("attached_node") in models and node.get("test_metadata"):
            tests.setdefault(models[node["attached_node"]], []).append(node)
    return tests


def _model(name: str) -> dict:
    return _manifest()["nodes"][f"model.eparl.{name}"]


@pytest.mark.parametrize("table", CATALOGUE.tables, ids=lambda t: t.name)
def test_dbt_keeps_every_published_key_unique_and_not_null_and_an_error_blocks_it(table: Table) -> None:
    """A key is unique by an error-severity dbt test, and not null by a contract constraint, which DuckDB enforces
    as it builds a table (the model fails), or, on a view, which enforces none, by an error-severity test."""
    blocking = [t for t in _published_tests()[table.name] if t["config"]["severity"].lower() == "error"]
    unique = {
        (t["column_name"],)
        if t["test_metadata"]["name"] == "unique"
        else tuple(t["test_metadata"]["kwargs"]["combination_of_columns"])
        for t in blocking
        if t["test_metadata"]["name"] in ("unique", "unique_combination_of_columns")
    }
    model = _model(table.name)
    enforced = model["config"]["contract"]["enforced"] and model["config"]["materialized"] == "table"
    constrained = {
        name
        for name, column in model["columns"].items()
        if any(constraint["type"] == "not_null" for constraint in column.get("constraints", ()))
    }
    tested = {t["column_name"] for t in blocking if t["test_metadata"]["name"] == "not_null"}
    assert table.primary_key and table.primary_key in unique
    assert set(table.primary_key) <= (constrained if enforced else tested)


def _counts_table() -> Table:
    text = Text("t", "t", "t")
    names = ["vote_event_id", "group_id"]
    names += [f"{kind}_{option}_count" for option in VOTE_COUNT_OPTIONS for kind in ("printed", "tallied")]
    columns = [Column(n, "bigint" if n.endswith("_count") else "varchar", text) for n in names]
    columns.append(Column("is_count_mismatch", "boolean", text))
    return Table(
        name="vote_event_group_counts",  # the suite's rules are the published table's
        title=text,
        description=text,
        columns=tuple(columns),
        primary_key=("vote_event_id", "group_id"),
        sources=("popolo_vote_events",),
    )


def test_printed_counts_that_disagree_with_the_tally_fail_the_suite_unless_flagged(tmp_path) -> None:
    table = _counts_table()
    row = {c.name: 3 for c in table.columns if c.name.endswith("_count")}
    agree = {**row, "vote_event_id": "v1", "group_id": "g1", "is_count_mismatch": False}
    wrong = {**row, "vote_event_id": "v2", "group_id": "g1", "printed_yes_count": 4, "is_count_mismatch": False}
    order = [c.name for c in table.columns]
    outcome = validate_table(pd.DataFrame([agree, wrong], columns=order), table, tmp_path, min_cell=10)
    assert not outcome.success
    assert [f.expectation for f in outcome.failed] == ["expect_column_pair_values_to_be_equal"]
    flagged = {**wrong, "is_count_mismatch": True}  # the source printed it wrong, and the table says so
    assert validate_table(pd.DataFrame([agree, flagged], columns=order), table, tmp_path, min_cell=10).success


# Published `_code` columns whose codes come from the source itself or from another column, not from one closed
# code list: what each holds. Every other `_code` column has its code list tested by dbt (at warn severity, as their
# YAML sets, for `memberships.role_code` and `bill_documents.language_code`).
OPEN_CODES = {
    ("bill_amended_acts", "act_code"): "the act's code in the register of legal acts, as the source gives it",
    ("petitions", "state_code"): "the petition's state as each petitions site names it",
    ("petitions", "language_code"): "the language of the title, as the petitions site gives it",
    ("bill_comments", "language_code"): "detected from the text (kk, ru or en), as submissions' languages are",
    ("petition_signatures", "area_code"): "a region's or a constituency's code, after area_type_code",
    ("printed_figures", "source_code"): "the site that printed the figure",
    ("printed_figures", "figure_code"): "what the site counted",
    ("printed_figures", "dimension_code"): "what the site broke the figure down by",
    (
        "submission_response_times",
        "breakdown_code",
    ): "an organization id, a channel or a region, after breakdown_type_code",
}


def test_dbt_tests_the_code_list_of_every_published_code_column_but_the_open_ones() -> None:
    tests = _published_tests()
    untested = {
        (table.name, column.name)
        for table in CATALOGUE.tables
        for column in table.columns
        if column.name.endswith("_code")
        and not any(
            t["column_name"] == column.name
            and t["test_metadata"]["name"]
            in ("relationships", "accepted_values")  # at warn where real data may add codes
            for t in tests[table.name]
        )
    }
    assert untested == set(OPEN_CODES)
