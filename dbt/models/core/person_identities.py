"""One person, one id across sources: each person record of the landing and the one id of the person it is.

A dbt Python model because the matching is `dagster_project/adapters/names.py`'s (names folded across Kazakh,
Russian and English spellings), the same code the tests measure on the real pages. Each landing file is one source
(records of one file are different people); the Senate's and the Mazhilis's own files come first, so a person
they print keeps their id, and a person of EveryPolitician found there takes it. A record agreeing with two
persons of another source keeps its own id and is quarantined with the reason (core.quarantined_person_matches),
never merged. One row per person record of stg_popolo__persons.
"""

import json

import pandas as pd

from dagster_project.adapters.names import PersonRecord, identities
from dagster_project.adapters.registry import ADAPTERS

OFFICIAL_FILES = [f"popolo/{adapter.name}.json" for adapter in ADAPTERS]  # eparl adapt's files: their ids last
COLUMNS = ["person_id", "canonical_person_id", "source_file", "match_method", "match_evidence", "quarantine_reason"]


def _precedence(person: tuple) -> tuple:
    """The official sites' files first, in the adapters' order, then the other files by name."""
    person_id, _, _, source_file = person
    official = OFFICIAL_FILES.index(source_file) if source_file in OFFICIAL_FILES else len(OFFICIAL_FILES)
    return official, source_file, person_id


def model(dbt, session):
    dbt.config(materialized="table")
    persons = (
        dbt.ref("stg_popolo__persons")
        .project("person_id, person_name, cast(other_names as varchar), _source_file")
        .fetchall()
    )
    records = [
        PersonRecord.from_popolo(
            source_file, {"id": person_id, "name": name, "other_names": json.loads(other_names or "[]")}
        )
        for person_id, name, other_names, source_file in sorted(persons, key=_precedence)
    ]
    rows = [[i.id, i.canonical_id, i.source, i.method, i.evidence, i.quarantine_reason] for i in identities(records)]
    return pd.DataFrame(rows, columns=COLUMNS)
