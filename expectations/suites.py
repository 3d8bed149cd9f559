"""The Great Expectations suites: one per published table, checking what the public relies on and dbt does not.

Each layer checks what it owns (the README's "Who checks what"): the loader, that a record can be read; dbt, keys
(unique and not null), relationships and code lists, as tests on each model's YAML; these suites, the published
contract and what must be true of the data for the public to trust it. Each suite has two parts. The structural
part is generated from the table's one definition (the dbt YAML, via `publish.catalogue`): the exact ordered
column list and a non-empty table (unless a raw table it is built from got no records from the landing: then it
may be empty, and is published with its header only). The semantic part, `RULES` below, table by table:
reconciled vote counts, dates in the life of the republic's parliament, shares and counts within their bounds,
and no small aggregates. No rule here repeats a dbt test (tests/unit/test_suites.py). Personal data is not a suite's:
the gate is the detector of `dagster_project/privacy/detector.py`, run by the same blocking check
(`dagster_project/assets/validate.py`), independent of the redaction's patterns and of Great Expectations (whose
regular expressions could neither ask a numbering plan nor keep the values out of its report while naming the
rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import great_expectations.expectations as gxe

from dagster_project.privacy.detector import SUBMISSION_AGGREGATES
from publish.catalogue import Table

# The Republic of Kazakhstan's independence: no record of its parliament is older. (The Rada's roll calls
# in the real-data tests are younger still.)
EARLIEST_DATE = dt.date(1991, 12, 16)
VOTE_COUNT_OPTIONS = ("yes", "no", "abstain", "not_voting", "absent")


def _not_in_future(column: str) -> gxe.Expectation:
    """A date column lies between independence and today (a date in the future is a typo in the source)."""
    return gxe.ExpectColumnValuesToBeBetween(
        column=column,
        min_value=EARLIEST_DATE.isoformat(),
        max_value=dt.date.today().isoformat(),
    )


def _structural(table: Table, may_be_empty: bool) -> list[gxe.Expectation]:
    return [
        gxe.ExpectTableColumnsToMatchOrderedList(column_list=[c.name for c in table.columns]),
        gxe.ExpectTableRowCountToBeBetween(min_value=0 if may_be_empty else 1),
    ]


def _not_before(later: str, earlier: str) -> gxe.Expectation:
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=later, column_B=earlier, or_equal=True, ignore_row_if="either_value_is_missing"
    )


def _counts_reconcile_unless_flagged() -> list[gxe.Expectation]:
    """HowTheyVote's rule: printed totals that disagree with the roll call must carry is_count_mismatch.

    For every row not flagged, each printed count equals the tally of individual votes with that option.
    """
    return [
        gxe.ExpectColumnPairValuesToBeEqual(
            column_A=f"printed_{option}_count",
            column_B=f"tallied_{option}_count",
            ignore_row_if="either_value_is_missing",
            row_condition="is_count_mismatch==False",
            condition_parser="pandas",
        )
        for option in VOTE_COUNT_OPTIONS
    ] + [
        gxe.ExpectColumnValuesToBeBetween(column=f"tallied_{option}_count", min_value=0)
        for option in VOTE_COUNT_OPTIONS
    ]


RULES: dict[str, Callable[[], list[gxe.Expectation]]] = {
    "memberships": lambda: [_not_in_future("start_date"), _not_before("end_date", "start_date")],
    "legislative_periods": lambda: [_not_in_future("start_date"), _not_before("end_date", "start_date")],
    "bills": lambda: [
        _not_in_future("registration_date"),
        _not_before("signature_date", "registration_date"),
        gxe.ExpectColumnValuesToBeBetween(column="registration_to_signature_days", min_value=0),
    ],
    "bill_actions": lambda: [_not_in_future("action_date")],
    "bill_documents": lambda: [
        gxe.ExpectColumnValuesToMatchRegex(column="document_url", regex=r"^https?://\S+$"),
        _not_in_future("document_date"),
    ],
    "bill_amended_acts": lambda: [_not_in_future("act_date")],
    "vote_events": lambda: [
        _not_in_future("vote_date"),
        *_counts_reconcile_unless_flagged(),
    ],
    "person_votes": lambda: [_not_in_future("vote_date")],
    "vote_event_group_counts": _counts_reconcile_unless_flagged,
    "submission_counts": lambda: [
        _not_before("submission_count", "answered_count"),
        _not_in_future("received_month_date"),
    ],
    "submission_response_times": lambda: [
        _not_before("submission_count", "answered_count"),
        _not_before("answered_count", "answered_within_term_count"),
        gxe.ExpectColumnValuesToBeBetween(column="answered_within_term_pct", min_value=0, max_value=100),
        _not_in_future("received_month_date"),
    ],
    "submission_region_rates": lambda: [gxe.ExpectColumnValuesToBeBetween(column="submissions_per_100k", min_value=0)],
    "petition_signatures": lambda: [gxe.ExpectColumnValuesToBeBetween(column="signature_count", min_value=0)],
    # As for vote counts: a printed figure that disagrees with the records loaded carries is_figure_mismatch.
    "printed_figures": lambda: [
        gxe.ExpectColumnPairValuesToBeEqual(
            column_A="printed_value",
            column_B="loaded_value",
            ignore_row_if="either_value_is_missing",
            row_condition="is_figure_mismatch==False",
            condition_parser="pandas",
        ),
    ],
}


def _shares(*columns: str) -> list[gxe.Expectation]:
    """Indices and shares lie between 0 and 1 (null where undefined)."""
    return [gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0, max_value=1) for c in columns]


# The research marts (dbt/models/published/research): indices and shares within [0, 1].
RULES |= {
    "group_cohesion": lambda: [
        *_shares("rice_index", "agreement_index"),
        _not_in_future("vote_date"),
    ],
    "group_cohesion_by_period": lambda: _shares("mean_rice_index", "mean_agreement_index"),
    "member_loyalty": lambda: [
        *_shares("loyalty_share"),
        _not_before("vote_with_group_position_count", "loyal_vote_count"),
    ],
    "member_attendance": lambda: _shares("present_share", "voted_share", "absent_share"),
    "group_pair_agreement": lambda: _shares("agreement_share"),
    "bill_lifecycle": lambda: [gxe.ExpectColumnValuesToBeBetween(column="pending_days", min_value=0)],
    "bill_outcomes": lambda: [
        *_shares("signed_share", "withdrawn_share", "returned_share"),
        gxe.ExpectColumnValuesToBeBetween(column="bill_count", min_value=1),
    ],
}


def suite_for(table: Table, min_cell: int, may_be_empty: bool = False) -> list[gxe.Expectation]:
    """The table's suite; `may_be_empty` when a raw table it is built from got no records from the landing."""
    rules = RULES.get(table.name)
    small_cells = (
        [gxe.ExpectColumnValuesToBeBetween(column="submission_count", min_value=min_cell)]
        if table.name in SUBMISSION_AGGREGATES
        else []
    )
    return _structural(table, may_be_empty) + (rules() if rules else []) + small_cells
