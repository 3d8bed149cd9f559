"""Bills: what they are about, who initiates them, and the steps they take through both chambers up to the
President's signature, with their sponsors, documents and the acts they amend (`bills/bills_<year>.jsonl`).

What belongs here: the bills' tables (`vocabularies/acts.csv`, `bill_topics.yaml`, `code_amendments.yaml`,
`new_laws.yaml`, `treaties.yaml`, `initiators.yaml`, `action_steps.yaml`, `bill_documents.yaml`), how a bill's
title and fate are drawn, and how its steps fall on the chambers' sitting days. The votes on those steps are
`votes.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import groupby
from pathlib import Path
from random import Random
from typing import TYPE_CHECKING, NamedTuple

from dagster_project.demo.landing_files import ProgressCallback, write_jsonl
from dagster_project.demo.organizations import (
    EXECUTIVES,
    LEGISLATURE_ID,
    MAZHILIS_COMMITTEES,
    PRESIDENT_ID,
    chamber_id,
    committee_id,
)
from dagster_project.demo.parliament import Roster
from dagster_project.demo.period import CONVOCATION_START, DATA_END, Calendar
from dagster_project.demo.vocabulary import Forms, load_csv, load_yaml

if TYPE_CHECKING:
    from dagster_project.demo.code_lists import CodeLists

BILL_STATUSES = ("in_progress", "signed", "withdrawn", "returned", "rejected")
ALWAYS_AMENDED = "K1400000235"  # the Code of Administrative Offences: amended by most "some acts" bills


class Act(NamedTuple):
    title_kk: str
    title_ru: str
    act_date: date


class BillTopic(NamedTuple):
    name: Forms
    committee: str  # key of the Mazhilis committee in charge
    acts: tuple[str, ...]


class CodeAmendment(NamedTuple):
    act: str  # key of ACTS
    code: Forms
    committee: str


class NewLaw(NamedTuple):
    title: Forms
    committee: str
    acts: tuple[str, ...]  # acts amended along with it


class InitiatorProfile(NamedTuple):
    weight: int
    organization_id: str  # the body that initiates (and withdraws) its bills
    deputies_sponsor: bool  # its bills are sponsored by named deputies (else by the body)
    kinds: Mapping[str, int]  # what it initiates: keys of BILL_SUBJECTS
    fates: Mapping[str, int]  # how its bills end (if the data runs long enough)


class ActionStep(NamedTuple):
    classification: str  # `bill_action_types.csv`
    description_kk: str
    description_ru: str
    acting: str | None  # mazhilis, senate (these vote), committee, president, initiator
    motion_ru: str | None = None  # the motion voted on, when the step is a vote
    passes: bool = True


class DocumentKind(NamedTuple):
    classification: str
    language: str
    title: str
    slug: str
    extension: str


# Legal acts a bill amends, keyed by an act code in the form of adilet.zan.kz (illustrative, not checked).
ACTS = {
    row["code"]: Act(row["title_kk"], row["title_ru"], date.fromisoformat(row["act_date"])) for row in load_csv("acts")
}
BILL_TOPICS = tuple(
    BillTopic(Forms.of(topic["name"]), topic["committee"], tuple(topic["acts"])) for topic in load_yaml("bill_topics")
)
CODE_AMENDMENTS = tuple(
    CodeAmendment(amendment["act"], Forms.of(amendment["code"]), amendment["committee"])
    for amendment in load_yaml("code_amendments")
)
NEW_LAWS = tuple(NewLaw(Forms.of(law["title"]), law["committee"], tuple(law["acts"])) for law in load_yaml("new_laws"))
_TREATIES = load_yaml("treaties")
TREATY_PARTNERS = tuple(Forms.of(partner) for partner in _TREATIES["partners"])
TREATY_SUBJECTS = tuple(Forms.of(subject) for subject in _TREATIES["subjects"])
INITIATORS = {code: InitiatorProfile(**profile) for code, profile in load_yaml("initiators").items()}
ACTION_STEPS = {key: ActionStep(**step) for key, step in load_yaml("action_steps").items()}
_DOCUMENTS = load_yaml("bill_documents")
DOCUMENTS = tuple(DocumentKind(**document) for document in _DOCUMENTS["every_bill"])
GOVERNMENT_CONCLUSION = DocumentKind(**_DOCUMENTS["government_conclusion"])  # deputies' bills need it as well
MEDIA_TYPES = _DOCUMENTS["media_types"]

FINAL_STEPS = {"withdrawal": "withdrawn", "first_reading_failed": "rejected", "signature": "signed"}


@dataclass(frozen=True, slots=True)
class BillPlan:
    number: int
    initiator: str
    title: Forms
    committee: str  # key of the Mazhilis committee in charge
    acts: tuple[str, ...]
    sponsor_ids: tuple[str, ...]  # deputies who initiated it, the first one primary
    steps: tuple[tuple[str, date], ...]  # ACTION_STEPS keys and dates, up to DATA_END

    @property
    def id(self) -> str:
        return f"{LEGISLATURE_ID}/bill/{self.number}-VIII"

    @property
    def printed_number(self) -> str:
        return f"№ {self.number}-VIII"

    @property
    def registered(self) -> date:
        return self.steps[0][1]

    @property
    def closed_on(self) -> date | None:
        return next((day for key, day in self.steps if key in FINAL_STEPS), None)

    @property
    def status(self) -> str:
        final = next((FINAL_STEPS[key] for key, _ in self.steps if key in FINAL_STEPS), None)
        if final:
            return final
        return "returned" if self.steps[-1][0] == "senate_return" else "in_progress"


def _amendments(rng: Random) -> tuple[Forms, str, tuple[str, ...]]:
    topic = rng.choice(BILL_TOPICS)
    title = Forms(
        f"Қазақстан Республикасының кейбір заңнамалық актілеріне {topic.name.kk} мәселелері бойынша өзгерістер мен "
        "толықтырулар енгізу туралы",
        f"О внесении изменений и дополнений в некоторые законодательные акты Республики Казахстан по вопросам "
        f"{topic.name.ru}",
        f"On amendments and additions to certain legislative acts of the Republic of Kazakhstan on {topic.name.en}",
    )
    also = [ALWAYS_AMENDED] if rng.random() < 0.6 else []
    return (
        title,
        topic.committee,
        tuple(dict.fromkeys([*topic.acts, *also, *rng.sample(list(ACTS), rng.randint(0, 2))])),
    )


def _code_amendment(rng: Random) -> tuple[Forms, str, tuple[str, ...]]:
    entry = rng.choice(CODE_AMENDMENTS)
    title = Forms(
        f"Қазақстан Республикасының {entry.code.kk} өзгерістер мен толықтырулар енгізу туралы",
        f"О внесении изменений и дополнений в {entry.code.ru}",
        f"On amendments and additions to the {entry.code.en}",
    )
    return title, entry.committee, (entry.act,)


def _new_law(rng: Random) -> tuple[Forms, str, tuple[str, ...]]:
    law = rng.choice(NEW_LAWS)
    return law.title, law.committee, law.acts


def _ratification(rng: Random) -> tuple[Forms, str, tuple[str, ...]]:
    partner, subject = rng.choice(TREATY_PARTNERS), rng.choice(TREATY_SUBJECTS)
    title = Forms(
        f"Қазақстан Республикасының Үкіметі мен {partner.kk} Үкіметі арасындағы {subject.kk} туралы келісімді "
        "ратификациялау туралы",
        f"О ратификации Соглашения между Правительством Республики Казахстан и Правительством {partner.ru} "
        f"о {subject.ru}",
        f"On the ratification of the Agreement between the Government of the Republic of Kazakhstan and the "
        f"Government of {partner.en} on {subject.en}",
    )
    return title, "international", ()


BILL_SUBJECTS = {"amendments": _amendments, "code": _code_amendment, "new_law": _new_law, "ratification": _ratification}


def _entry_into_force(rng: Random, signed: date) -> date:
    """Ten days after publication (most laws), sixty days after it, or the next 1 January."""
    published = signed + timedelta(days=rng.randint(1, 3))
    options = (published + timedelta(days=10), published + timedelta(days=60), date(signed.year + 1, 1, 1))
    return rng.choices(options, weights=(70, 10, 20))[0]


def _bill_steps(rng: Random, registered: date, fate: str, calendar: Calendar) -> list[tuple[str, date]]:
    """Every step the bill takes to its fate, some of them past DATA_END; votes fall on sitting days."""
    referred = calendar.add_working_days(registered, rng.randint(2, 7))
    steps = [("registration", registered), ("committee_referral", referred)]
    if fate == "withdrawn" and rng.random() < 0.5:
        return [*steps, ("withdrawal", calendar.add_working_days(referred, rng.randint(15, 120)))]
    day = calendar.sitting("mazhilis", referred + timedelta(days=rng.randint(20, 90)), rng)
    if fate == "rejected":
        return [*steps, ("first_reading_failed", day)]
    steps.append(("first_reading", day))
    if fate == "withdrawn":
        return [*steps, ("withdrawal", calendar.add_working_days(day, rng.randint(10, 60)))]
    day = calendar.sitting("mazhilis", day + timedelta(days=rng.randint(14, 60)), rng)
    steps += [("second_reading", day), ("mazhilis_adoption", day)]
    day = calendar.sitting("senate", day + timedelta(days=rng.randint(10, 40)), rng)
    if fate in ("returned_readopted", "returned_stuck"):
        steps.append(("senate_return", day))
        if fate == "returned_stuck":
            return steps
        day = calendar.sitting("mazhilis", day + timedelta(days=rng.randint(20, 60)), rng)
        steps.append(("mazhilis_readoption", day))
        day = calendar.sitting("senate", day + timedelta(days=rng.randint(10, 40)), rng)
    signed = calendar.add_working_days(day, rng.randint(5, 20))
    return [
        *steps,
        ("senate_approval", day),
        ("signature", signed),
        ("entry_into_force", _entry_into_force(rng, signed)),
    ]


def plan_bills(rng: Random, count: int, calendar: Calendar, roster: Roster, codes: CodeLists) -> list[BillPlan]:
    """`count` bills registered over the period, numbered in order of registration."""
    initiators, initiator_weights = list(codes.initiators), [profile.weight for profile in codes.initiators.values()]
    registration_days = (DATA_END - CONVOCATION_START).days - 14
    drafts = []
    for _ in range(count):
        initiator = rng.choices(initiators, weights=initiator_weights)[0]
        profile = codes.initiators[initiator]
        kind = rng.choices(list(profile.kinds), weights=list(profile.kinds.values()))[0]
        title, committee, acts = BILL_SUBJECTS[kind](rng)
        registered = calendar.next_working_day(CONVOCATION_START + timedelta(days=rng.randrange(registration_days)))
        fate = rng.choices(list(profile.fates), weights=list(profile.fates.values()))[0]
        steps = tuple((key, day) for key, day in _bill_steps(rng, registered, fate, calendar) if day <= DATA_END)
        sponsors = ()
        if profile.deputies_sponsor:
            sponsors = tuple(t.person_id for t in rng.sample(roster.seated("mazhilis", registered), rng.randint(1, 7)))
        drafts.append(BillPlan(0, initiator, title, committee, acts, sponsors, steps))
    drafts.sort(key=lambda bill: bill.registered)
    return [replace(bill, number=number) for number, bill in enumerate(drafts, 1)]


def _bill_record(bill: BillPlan, names: Mapping[str, str]) -> dict:
    committee = MAZHILIS_COMMITTEES[bill.committee]
    acting = {
        "mazhilis": chamber_id("mazhilis"),
        "senate": chamber_id("senate"),
        "committee": committee_id(committee),
        "president": PRESIDENT_ID,
        "initiator": INITIATORS[bill.initiator].organization_id,
    }
    actions = []
    for key, day in bill.steps:
        step = ACTION_STEPS[key]
        actions.append(
            {
                "date": day.isoformat(),
                "classification": step.classification,
                **({"organization_id": acting[step.acting]} if step.acting else {}),
                "description_kk": step.description_kk.format(committee_kk=committee.name.kk),
                "description_ru": step.description_ru.format(committee_ru=committee.name.ru),
            }
        )
    if bill.sponsor_ids:
        sponsors = [
            {"person_id": person_id, "name": names[person_id], "classification": "cosponsor" if n else "primary"}
            for n, person_id in enumerate(bill.sponsor_ids)
        ]
    else:
        initiator = INITIATORS[bill.initiator].organization_id
        sponsors = [{"organization_id": initiator, "name": EXECUTIVES[initiator].ru, "classification": "primary"}]
    documents = [
        {
            "title": kind.title,
            "url": f"https://parlam.kz/{kind.language}/mazhilis/lawprojects/{bill.number}/{kind.slug}.{kind.extension}",
            "date": bill.registered.isoformat(),
            "language": kind.language,
            "classification": kind.classification,
            "media_type": MEDIA_TYPES[kind.extension],
        }
        for kind in (*DOCUMENTS, *((GOVERNMENT_CONCLUSION,) if bill.sponsor_ids else ()))
    ]
    amends = [
        {
            "act_code": code,
            "title_kk": ACTS[code].title_kk,
            "title_ru": ACTS[code].title_ru,
            "act_date": ACTS[code].act_date.isoformat(),
        }
        for code in bill.acts
    ]
    return {
        "id": bill.id,
        "legislature_id": LEGISLATURE_ID,
        "number": bill.printed_number,
        "title_kk": bill.title.kk,
        "title_ru": bill.title.ru,
        "title_en": bill.title.en,
        "initiator_type": bill.initiator,
        "registration_date": bill.registered.isoformat(),
        "status": bill.status,
        "lead_committee_id": committee_id(committee),
        "actions": actions,
        "sponsors": sponsors,
        "documents": documents,
        "amends": amends,
    }


def write_bills(landing: Path, bills: list[BillPlan], names: Mapping[str, str], report: ProgressCallback) -> list[Path]:
    """One file per year of registration."""
    years = [(year, list(group)) for year, group in groupby(bills, key=lambda bill: bill.registered.year)]
    files = []
    for done, (year, group) in enumerate(years, 1):
        files.append(write_jsonl(landing / "bills" / f"bills_{year}.jsonl", [_bill_record(b, names) for b in group]))
        report("bills", done, len(years))
    return files
