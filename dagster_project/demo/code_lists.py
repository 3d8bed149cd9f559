"""The code lists of `dbt/seeds/` the demo data is drawn from, checked against the generator's tables.

What belongs here: reading the code lists and holding the generator's tables to them. Code lists are read,
never copied: a table keyed by codes must cover its code list, and every code the generator names must be in
its list, or generation stops with an error saying which.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from dagster_project.demo.bills import ACTION_STEPS, BILL_STATUSES, INITIATORS, InitiatorProfile
from dagster_project.demo.parliament import ORGANIZATION_CLASSIFICATIONS
from dagster_project.demo.submissions import (
    BILL_COMMENT,
    CHANNEL_WEIGHTS,
    CLOSED_STATUSES,
    IN_REVIEW,
    OPENINGS,
    PETITION,
    RECEIVED,
    REGIONS,
    SUBMISSION_TOPICS,
    AnswerTimes,
    RegionProfile,
    SubmissionTopic,
)
from dagster_project.demo.vocabulary import csv_rows
from dagster_project.demo.votes import ABSENT, ABSTAIN, NO, NOT_VOTING, YES
from dagster_project.layout import SEEDS_DIR

T = TypeVar("T")


def _seed_rows(name: str) -> list[dict[str, str]]:
    return csv_rows(SEEDS_DIR / f"{name}.csv")


def _require(codes: Sequence[str], used: Sequence[str], code_list: str) -> None:
    missing = [code for code in used if code not in codes]
    if missing:
        raise ValueError(f"dbt/seeds/{code_list}.csv lacks codes the demo generator uses: {missing}")


def _covering(table: Mapping[str, T], codes: Sequence[str], table_name: str) -> dict[str, T]:
    """The entries of a generator table for exactly the codes of a code list (all must be there)."""
    missing = [code for code in codes if code not in table]
    if missing:
        raise ValueError(f"the demo generator's {table_name} has no entry for the codes {missing}")
    return {code: table[code] for code in codes}


@dataclass(frozen=True)
class CodeLists:
    """The code lists of `dbt/seeds/` the data is drawn from, checked against the generator's tables."""

    vote_options: tuple[str, ...]
    initiators: dict[str, InitiatorProfile]
    closed_statuses: dict[str, AnswerTimes]
    channels: dict[str, int]
    topics: dict[str, SubmissionTopic]
    regions: dict[str, RegionProfile]
    region_names_ru: dict[str, str]

    @classmethod
    def load(cls) -> CodeLists:
        codes = {
            name: [row["code"] for row in _seed_rows(name)]
            for name in (
                "organization_classifications",
                "vote_options",
                "bill_action_types",
                "bill_initiator_types",
                "bill_statuses",
                "submission_channels",
                "submission_statuses",
                "submission_topics",
                "languages",
            )
        }
        _require(codes["organization_classifications"], ORGANIZATION_CLASSIFICATIONS, "organization_classifications")
        _require(codes["vote_options"], (YES, NO, ABSTAIN, NOT_VOTING, ABSENT), "vote_options")
        _require(codes["bill_action_types"], [s.classification for s in ACTION_STEPS.values()], "bill_action_types")
        _require(codes["bill_statuses"], BILL_STATUSES, "bill_statuses")
        _require(codes["submission_channels"], (PETITION, BILL_COMMENT), "submission_channels")
        _require(codes["submission_statuses"], (RECEIVED, IN_REVIEW), "submission_statuses")
        _require(codes["languages"], ("kk", "ru"), "languages")
        _covering(OPENINGS, codes["submission_channels"], "vocabularies/submission_texts.yaml (openings)")
        closed = [row["code"] for row in _seed_rows("submission_statuses") if row["is_closed"] == "true"]
        regions = _seed_rows("kato_regions")
        return cls(
            vote_options=tuple(codes["vote_options"]),
            # `unknown` is what a real source says when it names no initiator (the Senate's pages); the demo knows
            initiators=_covering(
                INITIATORS, [c for c in codes["bill_initiator_types"] if c != "unknown"], "vocabularies/initiators.yaml"
            ),
            closed_statuses=_covering(CLOSED_STATUSES, closed, "CLOSED_STATUSES (submissions.py)"),
            channels=_covering(CHANNEL_WEIGHTS, codes["submission_channels"], "CHANNEL_WEIGHTS (submissions.py)"),
            topics=_covering(SUBMISSION_TOPICS, codes["submission_topics"], "vocabularies/submission_topics.yaml"),
            regions=_covering(REGIONS, [row["code"] for row in regions], "vocabularies/regions.csv"),
            region_names_ru={row["code"]: row["name_ru"] for row in regions},
        )
