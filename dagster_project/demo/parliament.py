"""The parliament's people and their places: deputies and senators, their seats, factions and committees over
time, and the convocation's sessions, as the Popolo `members.json` holds them (persons, organizations,
memberships, events).

What belongs here: who sits where and when, drawn from one seed so the parliament is the same at every scale.
The bodies themselves are `organizations.py`; names are drawn by `names.py`. Traps planted here: a few deputies
leave mid-term and are replaced after a vacancy; the first of them moves to the Senate, so one person votes in
both chambers at different times. Two deputies of different factions share a surname and initials.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import TYPE_CHECKING

from dagster_project.demo.names import PersonName, SurnameRoot, draw_name, kazakh_name
from dagster_project.demo.organizations import (
    CHAMBERS,
    COMMITTEES,
    EXECUTIVES,
    INDEPENDENT_SEATS,
    LEGISLATURE,
    LEGISLATURE_ID,
    PARTIES,
    Committee,
    chamber_id,
    committee_id,
    faction_id,
    party_id,
)
from dagster_project.demo.period import CONVOCATION_START, DATA_END, Calendar
from dagster_project.demo.vocabulary import Forms

if TYPE_CHECKING:
    from dagster_project.demo.code_lists import CodeLists

CONVOCATION_ID = "kz-parliament/convocation/8"
ORGANIZATION_CLASSIFICATIONS = ("legislature", "chamber", "executive", "party", "parliamentary_group", "committee")
SESSION_ORDINALS_RU = ("Первая", "Вторая", "Третья", "Четвёртая", "Пятая")
SENATE_ELECTIONS = (date(2020, 8, 12), date(2023, 1, 14))  # each region elects one senator per cohort
MAZHILIS_DEPARTURES = 4  # deputies who leave mid-term; the first one moves to the Senate
SLAVIC_SHARE = 0.1  # of deputies and senators
SHARED_SURNAME = SurnameRoot("Сапар", "Сапар", "Sapar", "ов")
# Two deputies printed alike as "Сапаров Е. Б.": (given name, father's name), both with SHARED_SURNAME.
SHARED_INITIALS = (
    (Forms("Ерлан", "Ерлан", "Yerlan"), Forms("Болат", "Болат", "Bolat")),
    (Forms("Ержан", "Ержан", "Yerzhan"), Forms("Бақыт", "Бакыт", "Bakyt")),
)
SHARED_INITIALS_PARTIES = ("amanat", "ak-zhol")  # the factions of the two
SHARED_INITIALS_NAMES = tuple(
    kazakh_name(given, father, SHARED_SURNAME, female=False, russian_style=True) for given, father in SHARED_INITIALS
)


@dataclass(frozen=True, slots=True)
class Tenure:
    """One person's seat in one chamber for a span of time, with their faction and committee meanwhile."""

    person_id: str
    chamber: str
    start: date
    end: date | None  # the last day in the seat; None: still there
    label: str
    committee_id: str
    committee_role: str = "member"
    party: str | None = None  # the party the deputy was elected for (None: independent, or a senator)
    faction_role: str = "member"
    prints_group: bool = True  # False: the source prints this deputy's votes without the faction

    @property
    def faction_id(self) -> str | None:
        return faction_id(self.party) if self.party else None

    def sits_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Roster:
    """Who held a seat when; the seated members of a chamber on a day are computed once per day."""

    def __init__(self, tenures: list[Tenure]):
        self.tenures = tenures
        self._seated: dict[tuple[str, date], tuple[Tenure, ...]] = {}

    def seated(self, chamber: str, day: date) -> tuple[Tenure, ...]:
        key = (chamber, day)
        if key not in self._seated:
            self._seated[key] = tuple(t for t in self.tenures if t.chamber == chamber and t.sits_on(day))
        return self._seated[key]


@dataclass(frozen=True)
class Parliament:
    persons: list[dict]
    organizations: list[dict]
    memberships: list[dict]
    events: list[dict]
    roster: Roster
    names: dict[str, str]  # person id -> name as printed


class _PersonMaker:
    """Gives each new person an id, a name no other person has, a birth date and a profile link."""

    def __init__(self, rng: Random):
        self.rng = rng
        self.records: list[dict] = []
        self.taken = {name.full("ru") for name in SHARED_INITIALS_NAMES}

    def make(self, chamber: str, name: PersonName | None = None) -> str:
        """A new member of `chamber`: named `name` (a man), or a drawn name no one has yet."""
        female = name is None and self.rng.random() < CHAMBERS[chamber].female_share
        while name is None:
            drawn = draw_name(self.rng, female, SLAVIC_SHARE)
            name = None if drawn.full("ru") in self.taken else drawn
        self.taken.add(name.full("ru"))
        number = len(self.records) + 1
        person_id = f"{LEGISLATURE_ID}/person/{number:04d}"
        self.records.append(
            {
                "id": person_id,
                "name": name.full("ru"),
                "given_name": name.given.ru,
                "family_name": name.family.ru,
                "patronymic_name": name.patronymic.ru,
                "other_names": [{"name": name.full("kk"), "lang": "kk"}, {"name": name.full("en"), "lang": "en"}],
                "gender": "female" if female else "male",
                "birth_date": (date(1958, 1, 1) + timedelta(days=self.rng.randrange(32 * 365))).isoformat(),
                "links": [
                    {"url": f"https://parlam.kz/ru/{chamber}/deputy/{number}", "note": "Страница на сайте Парламента"}
                ],
            }
        )
        return person_id


def _committee_places(
    rng: Random, seat_count: int, committees: Sequence[Committee], leaving: set[int]
) -> tuple[list[str], list[str]]:
    """Each seat's committee (seats spread evenly over them) and role there: one chair each, never a leaver."""
    order = list(range(seat_count))
    rng.shuffle(order)
    committee_of, role = [""] * seat_count, ["member"] * seat_count
    for k, committee in enumerate(committees):
        members = order[k :: len(committees)]
        for seat in members:
            committee_of[seat] = committee_id(committee)
        role[next(seat for seat in members if seat not in leaving)] = "chair"
    return committee_of, role


def _mazhilis_tenures(rng: Random, people: _PersonMaker) -> list[Tenure]:
    """The 98 deputies elected in 2023, then those who took the seats of deputies who left (first one first)."""
    districts = iter(rng.sample(range(1, 30), 29))
    seats: list[tuple[str | None, str]] = []  # (party, mandate)
    for party in PARTIES:
        seats += [
            (party.key, f"Избран по одномандатному территориальному округу № {next(districts)}")
            for _ in range(party.district_seats)
        ]
        seats += [
            (party.key, f"Избран по партийному списку {party.of_party_ru}")
            for _ in range(party.seats - party.district_seats)
        ]
    seats += [
        (None, f"Избран по одномандатному территориальному округу № {next(districts)}")
        for _ in range(INDEPENDENT_SEATS)
    ]
    shared = {
        next(i for i, (party, _) in enumerate(seats) if party == key): name
        for key, name in zip(SHARED_INITIALS_PARTIES, SHARED_INITIALS_NAMES, strict=True)
    }
    leavers = rng.sample([i for i, (party, _) in enumerate(seats) if party and i not in shared], MAZHILIS_DEPARTURES)
    left_on = dict(
        zip(leavers, sorted(CONVOCATION_START + timedelta(days=rng.randint(200, 880)) for _ in leavers), strict=True)
    )
    committees = [c for c in COMMITTEES if c.chamber == "mazhilis"]
    committee_of, committee_role = _committee_places(rng, len(seats), committees, set(leavers))
    faction_chairs = {
        next(i for i, (p, _) in enumerate(seats) if p == party.key and i not in left_on) for party in PARTIES
    }
    tenures = [
        Tenure(
            person_id=people.make("mazhilis", shared.get(i)),
            chamber="mazhilis",
            start=CONVOCATION_START,
            end=left_on.get(i),
            label=mandate,
            committee_id=committee_of[i],
            committee_role=committee_role[i],
            party=party,
            faction_role="chair" if i in faction_chairs else "member",
        )
        for i, (party, mandate) in enumerate(seats)
    ]
    for i in sorted(leavers, key=left_on.__getitem__):  # the next candidate of the party takes the seat
        party, mandate = seats[i]
        tenures.append(
            Tenure(
                person_id=people.make("mazhilis"),
                chamber="mazhilis",
                start=left_on[i] + timedelta(days=rng.randint(14, 45)),
                end=None,
                label=mandate,
                committee_id=committee_of[i],
                party=party,
                prints_group=False,
            )
        )
    return tenures


def _senate_tenures(
    rng: Random, people: _PersonMaker, codes: CodeLists, mover_id: str, mover_left: date
) -> list[Tenure]:
    """Two senators elected by each region's maslikhats (one per cohort), the rest appointed by the President.
    An appointed senator leaves and the deputy `mover_id`, who left the Mazhilis on `mover_left`, is appointed
    to the seat; an elected senator leaves and a by-election fills the seat."""
    appointed = "Назначен Президентом Республики Казахстан"
    seats = [
        (f"Избран маслихатами: {name}", elected)
        for name in codes.region_names_ru.values()
        for elected in SENATE_ELECTIONS
    ]
    elected_count = len(seats)
    seats += [
        (appointed, date(2019, 1, 1) + timedelta(days=rng.randrange(1500)))
        for _ in range(CHAMBERS["senate"].seats - elected_count)
    ]
    appointed_leaver, elected_leaver = rng.randrange(elected_count, len(seats)), rng.randrange(elected_count)
    left_on = {
        appointed_leaver: mover_left - timedelta(days=rng.randint(7, 30)),
        elected_leaver: CONVOCATION_START + timedelta(days=rng.randint(300, 850)),
    }
    committees = [c for c in COMMITTEES if c.chamber == "senate"]
    committee_of, role = _committee_places(rng, len(seats), committees, set(left_on))
    tenures = [
        Tenure(people.make("senate"), "senate", start, left_on.get(i), mandate, committee_of[i], role[i])
        for i, (mandate, start) in enumerate(seats)
    ]
    by_election = left_on[elected_leaver] + timedelta(days=rng.randint(30, 60))
    return [
        *tenures,
        Tenure(mover_id, "senate", mover_left + timedelta(days=1), None, appointed, committee_of[appointed_leaver]),
        Tenure(
            people.make("senate"), "senate", by_election, None, seats[elected_leaver][0], committee_of[elected_leaver]
        ),
    ]


def _other_names(forms: Forms) -> list[dict[str, str]]:
    return [{"name": forms.kk, "lang": "kk"}, {"name": forms.ru, "lang": "ru"}, {"name": forms.en, "lang": "en"}]


def _organizations() -> list[dict]:
    def organization(org_id: str, names: Forms, classification: str, **fields: object) -> dict:
        return {
            "id": org_id,
            "name": names.ru,
            "classification": classification,
            **fields,
            "other_names": _other_names(names),
        }

    mazhilis = chamber_id("mazhilis")
    return [
        organization(LEGISLATURE_ID, LEGISLATURE, "legislature"),
        *(
            organization(chamber_id(c.key), c.name, "chamber", parent_id=LEGISLATURE_ID, seats=c.seats)
            for c in CHAMBERS.values()
        ),
        *(organization(org_id, names, "executive") for org_id, names in EXECUTIVES.items()),
        *(organization(party_id(p.key), p.name, "party") for p in PARTIES),
        *(
            organization(
                faction_id(p.key),
                p.faction,
                "parliamentary_group",
                parent_id=mazhilis,
                founding_date=CONVOCATION_START.isoformat(),
            )
            for p in PARTIES
        ),
        *(organization(committee_id(c), c.name, "committee", parent_id=chamber_id(c.chamber)) for c in COMMITTEES),
    ]


def _memberships(tenures: list[Tenure]) -> list[dict]:
    """Per tenure: the seat in the chamber (with the party and, in the Mazhilis, the convocation), the faction
    and the committee, all for the same span."""
    records = []
    for t in tenures:
        span = {"start_date": t.start.isoformat(), **({"end_date": t.end.isoformat()} if t.end else {})}
        seat = {"person_id": t.person_id, "organization_id": chamber_id(t.chamber), "role": "member"}
        if t.party:
            seat["on_behalf_of_id"] = party_id(t.party)
        if t.chamber == "mazhilis":
            seat["legislative_period_id"] = CONVOCATION_ID
        records.append({**seat, **span, "label": t.label})
        if t.faction_id:
            records.append({"person_id": t.person_id, "organization_id": t.faction_id, "role": t.faction_role, **span})
        records.append({"person_id": t.person_id, "organization_id": t.committee_id, "role": t.committee_role, **span})
    return [{"id": f"{LEGISLATURE_ID}/membership/{n:04d}", **record} for n, record in enumerate(records, 1)]


def session_id(number: int) -> str:
    return f"{CONVOCATION_ID}/session/{number}"


def _events(calendar: Calendar) -> list[dict]:
    """The convocation and its sessions up to DATA_END (the one still running has no end date)."""
    convocation = {
        "id": CONVOCATION_ID,
        "name": "Парламент Республики Казахстан VIII созыва",
        "classification": "legislative period",
        "organization_id": LEGISLATURE_ID,
        "identifier": "8",
        "start_date": CONVOCATION_START.isoformat(),
    }
    sessions = [
        {
            "id": session_id(n),
            "name": f"{SESSION_ORDINALS_RU[n - 1]} сессия Парламента Республики Казахстан VIII созыва",
            "classification": "session",
            "organization_id": LEGISLATURE_ID,
            "parent_id": CONVOCATION_ID,
            "identifier": str(n),
            "start_date": start.isoformat(),
            **({"end_date": end.isoformat()} if end <= DATA_END else {}),
        }
        for n, (start, end) in enumerate(calendar.sessions, 1)
        if start <= DATA_END
    ]
    return [convocation, *sessions]


def build_parliament(rng: Random, codes: CodeLists, calendar: Calendar) -> Parliament:
    people = _PersonMaker(rng)
    mazhilis = _mazhilis_tenures(rng, people)
    mover_left, mover_id = min((t.end, t.person_id) for t in mazhilis if t.end)  # the first deputy to leave
    tenures = mazhilis + _senate_tenures(rng, people, codes, mover_id, mover_left)
    return Parliament(
        persons=people.records,
        organizations=_organizations(),
        memberships=_memberships(tenures),
        events=_events(calendar),
        roster=Roster(tenures),
        names={person["id"]: person["name"] for person in people.records},
    )
