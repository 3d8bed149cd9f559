"""The bodies of the demo parliament and their ids: the legislature, its chambers, the executives, the parties
with their factions, and the committees.

What belongs here: the bodies as `vocabularies/organizations.yaml` describes them, the composition of the
Mazhilis by party, and how each body's id is made. Who sits in them, and when, is `parliament.py`.
"""

from __future__ import annotations

from typing import NamedTuple

from dagster_project.demo.vocabulary import Forms, load_yaml

LEGISLATURE_ID = "kz-parliament"
PRESIDENT_ID = "kz/president"  # an executive (organizations.yaml): who signs the laws
INDEPENDENT_SEATS = 7  # self-nominated deputies, all from single-member districts
MAJORITY_PARTY = "amanat"


class Chamber(NamedTuple):
    key: str
    seats: int
    sitting_weekday: int  # plenary sittings: the Mazhilis on Wednesdays, the Senate on Thursdays
    female_share: float
    name: Forms
    agenda_motion: str


class Party(NamedTuple):
    key: str
    seats: int  # Mazhilis seats won in 2023
    district_seats: int  # of which in single-member districts (the rest from the party list)
    loyalty: float  # how often its faction backs what the majority backs
    name: Forms
    faction: Forms
    of_party_ru: str  # "… партии «AMANAT»"


class Committee(NamedTuple):
    key: str
    chamber: str
    name: Forms  # the Kazakh name ends in "комитеті"


_BODIES = load_yaml("organizations")
LEGISLATURE = Forms.of(_BODIES["legislature"])
CHAMBERS = {
    key: Chamber(
        key,
        chamber["seats"],
        chamber["sitting_weekday"],
        chamber["female_share"],
        Forms.of(chamber["name"]),
        chamber["agenda_motion"],
    )
    for key, chamber in _BODIES["chambers"].items()
}
EXECUTIVES = {organization_id: Forms.of(names) for organization_id, names in _BODIES["executives"].items()}
PARTIES = tuple(
    Party(
        key,
        party["seats"],
        party["district_seats"],
        party["loyalty"],
        Forms.of(party["name"]),
        Forms.of(party["faction"]),
        party["of_party_ru"],
    )
    for key, party in _BODIES["parties"].items()
)
COMMITTEES = tuple(
    Committee(key, chamber, Forms.of(names))
    for chamber, committees in _BODIES["committees"].items()
    for key, names in committees.items()
)
MAZHILIS_COMMITTEES = {c.key: c for c in COMMITTEES if c.chamber == "mazhilis"}


def chamber_id(chamber: str) -> str:
    return f"{LEGISLATURE_ID}/{chamber}"


def party_id(party: str) -> str:
    return f"{LEGISLATURE_ID}/party/{party}"


def faction_id(party: str) -> str:
    return f"{LEGISLATURE_ID}/mazhilis/faction/{party}"


def committee_id(committee: Committee) -> str:
    return f"{LEGISLATURE_ID}/{committee.chamber}/committee/{committee.key}"
