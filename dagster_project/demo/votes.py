"""Roll-call votes: the motions put to each chamber on its sitting days (the bills' readings, procedural motions
and the agenda), and how each seated member votes on them (`popolo/votes_<YYYY-MM>.json`).

What belongs here: the procedural motions (`vocabularies/procedural_motions.yaml`), how the factions take a line
and members follow it, and the vote events as the source prints them. Traps planted here: a few vote events (3
at scale 1, never fewer) print a count that differs from their individual votes (`VotesWritten.mismatched_ids`),
never so that the result changes; every other printed count matches. `group_id` is left out on every vote of a
deputy who took a seat mid-term (the source's roster was not updated: `Tenure.prints_group`) and on all votes of
about 15% of Mazhilis vote events (a print without the faction column): the pipeline fills it from the faction
memberships on the day. Independent (self-nominated) deputies belong to no faction: no faction membership, no
`group_id`, in no `group_results`. The Senate has no factions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby
from pathlib import Path
from random import Random
from typing import TYPE_CHECKING, NamedTuple

from dagster_project.demo.bills import ACTION_STEPS, BILL_TOPICS, BillPlan
from dagster_project.demo.landing_files import ProgressCallback, write_array_file
from dagster_project.demo.organizations import CHAMBERS, MAJORITY_PARTY, PARTIES, chamber_id, faction_id
from dagster_project.demo.parliament import Roster, Tenure, session_id
from dagster_project.demo.period import Calendar, utc_offset
from dagster_project.demo.vocabulary import load_yaml

if TYPE_CHECKING:
    from dagster_project.demo.code_lists import CodeLists

YES, NO, ABSTAIN, NOT_VOTING, ABSENT = "yes", "no", "abstain", "not voting", "absent"
GROUPLESS_EVENT_SHARE = 0.15
NOT_VOTING_SHARE = 0.01
DISSENT = 0.03
INDEPENDENT_DISSENT = 0.12


class ProceduralMotion(NamedTuple):
    chamber: str
    text: str  # {topic}: a BillTopic's Russian name; {party}: the proposing party
    passes: bool
    proposed_by_faction: bool = False


PROCEDURAL_MOTIONS = tuple(ProceduralMotion(**motion) for motion in load_yaml("procedural_motions"))


@dataclass(frozen=True, slots=True)
class VotePlan:
    day: date
    chamber: str
    order: tuple[int, int, int]  # within a sitting: the agenda, then bills by number and step, then the rest
    motion: str
    passes: bool
    bill_id: str | None = None
    stage: str | None = None
    proposer: str | None = None  # the party whose faction proposed the motion (it backs it)


def plan_votes(rng: Random, bills: list[BillPlan], calendar: Calendar, procedural_count: int) -> list[VotePlan]:
    """The bills' votes, `procedural_count` procedural votes on random sitting days, and the agenda vote opening
    each sitting."""
    plans = []
    for bill in bills:
        for n, (key, day) in enumerate(bill.steps):
            step = ACTION_STEPS[key]
            if step.motion_ru:
                motion = step.motion_ru.format(title=bill.title.ru)
                plans.append(
                    VotePlan(day, step.acting, (1, bill.number, n), motion, step.passes, bill.id, step.classification)
                )
    sittings = {chamber: calendar.sittings_in_data(chamber) for chamber in CHAMBERS}
    opposition = [party for party in PARTIES if party.key != MAJORITY_PARTY]
    for n in range(procedural_count):
        motion = rng.choice(PROCEDURAL_MOTIONS)
        party = rng.choice(opposition) if motion.proposed_by_faction else None
        text = motion.text.format(topic=rng.choice(BILL_TOPICS).name.ru, party=party.of_party_ru if party else "")
        day = rng.choice(sittings[motion.chamber])
        plans.append(
            VotePlan(day, motion.chamber, (2, n, 0), text, motion.passes, proposer=party.key if party else None)
        )
    for day, chamber in sorted({(plan.day, plan.chamber) for plan in plans}):
        plans.append(VotePlan(day, chamber, (0, 0, 0), CHAMBERS[chamber].agenda_motion, True))
    return sorted(plans, key=lambda plan: (plan.day, plan.chamber, plan.order))


def _carries(yes: int, seats: int) -> bool:
    """A motion passes with the votes of a majority of all seats."""
    return yes > seats // 2


def _lines(rng: Random, plan: VotePlan) -> dict[str | None, str]:
    """The option each faction backs; key None: the line of members without a faction."""
    majority = YES if plan.passes else NO
    lines: dict[str | None, str] = {None: majority}
    for party in PARTIES:
        if party.key == plan.proposer:
            lines[party.key] = YES
        elif rng.random() < party.loyalty:
            lines[party.key] = majority
        else:
            lines[party.key] = rng.choice((ABSTAIN, NO if plan.passes else YES))
    return lines


def _ballot(rng: Random, line: str, absent_share: float, dissent: float) -> str:
    draw = rng.random()
    if draw < absent_share:
        return ABSENT
    if draw < absent_share + NOT_VOTING_SHARE:
        return NOT_VOTING
    if draw < absent_share + NOT_VOTING_SHARE + dissent:
        return rng.choice([option for option in (YES, NO, ABSTAIN) if option != line])
    return line


def _cast_ballots(rng: Random, plan: VotePlan, seated: Sequence[Tenure]) -> list[tuple[Tenure, str]]:
    """Each seated member's vote: their faction's line with some dissent, absence and not voting; drawn again in
    the rare case the outcome is not the planned one."""
    seats = CHAMBERS[plan.chamber].seats
    absent_share = rng.uniform(0.04, 0.10)
    lines = _lines(rng, plan)
    dissent = [INDEPENDENT_DISSENT if t.party is None and t.chamber == "mazhilis" else DISSENT for t in seated]
    while True:
        ballots = [(t, _ballot(rng, lines[t.party], absent_share, d)) for t, d in zip(seated, dissent, strict=True)]
        if _carries(sum(option == YES for _, option in ballots), seats) == plan.passes:
            return ballots


def _option_counts(counts: Mapping[str, int], options: Sequence[str]) -> list[dict]:
    return [{"option": option, "value": counts.get(option, 0)} for option in options]


def _vote_event(
    rng: Random,
    plan: VotePlan,
    identifier: int,
    sitting_size: int,
    seated: Sequence[Tenure],
    session: int,
    options: Sequence[str],
    misprint: bool,
) -> dict:
    ballots = _cast_ballots(rng, plan, seated)
    counts = Counter(option for _, option in ballots)
    result = "pass" if _carries(counts[YES], CHAMBERS[plan.chamber].seats) else "fail"
    printed = {option: counts[option] for option in options}
    if misprint:  # a typo in the printed counts, never one that would change the result
        printed[rng.choice([option for option in options if option != YES or result == "pass"])] += rng.randint(1, 3)
    seconds = 10 * 3600 + (identifier - 1) * min(360, 8 * 3600 // sitting_size) + rng.randrange(60)
    start = datetime.combine(plan.day, time(), utc_offset(plan.day)) + timedelta(seconds=seconds)
    event = {
        "id": f"{chamber_id(plan.chamber)}/vote/{plan.day.isoformat()}/{identifier:02d}",
        "identifier": str(identifier),
        "organization_id": chamber_id(plan.chamber),
        "legislative_session_id": session_id(session),
        "start_date": start.isoformat(),
        "motion": {"text": plan.motion},
        "result": result,
        **({"bill_id": plan.bill_id, "bill_stage": plan.stage} if plan.bill_id else {}),
        "counts": _option_counts(printed, options),
    }
    if plan.chamber == "mazhilis":
        by_party: dict[str, Counter] = {}
        for t, option in ballots:
            if t.party:
                by_party.setdefault(t.party, Counter())[option] += 1
        event["group_results"] = [
            {"group_id": faction_id(p.key), "counts": _option_counts(by_party[p.key], options)}
            for p in PARTIES
            if p.key in by_party
        ]
    groupless = plan.chamber == "mazhilis" and rng.random() < GROUPLESS_EVENT_SHARE
    event["votes"] = [
        {
            "voter_id": t.person_id,
            "option": option,
            **({"group_id": t.faction_id} if t.faction_id and t.prints_group and not groupless else {}),
        }
        for t, option in ballots
    ]
    return event


@dataclass(frozen=True)
class VotesWritten:
    files: list[Path]
    vote_events: int
    votes: int
    mismatched_ids: list[str]


def write_votes(
    landing: Path,
    rng: Random,
    plans: list[VotePlan],
    roster: Roster,
    calendar: Calendar,
    codes: CodeLists,
    mismatches: int,
    report: ProgressCallback,
) -> VotesWritten:
    """One file per month, so only one month's votes are in memory at a time."""
    misprinted = set(rng.sample(range(len(plans)), min(mismatches, len(plans))))
    months = [list(group) for _, group in groupby(enumerate(plans), key=lambda item: item[1].day.strftime("%Y-%m"))]
    files, event_count, vote_count, mismatched_ids = [], 0, 0, []
    for done, month in enumerate(months, 1):
        events = []
        for (day, chamber), sitting in groupby(month, key=lambda item: (item[1].day, item[1].chamber)):
            sitting = list(sitting)
            seated, session = roster.seated(chamber, day), calendar.session_number(day)
            for identifier, (index, plan) in enumerate(sitting, 1):
                misprint = index in misprinted
                events.append(
                    _vote_event(rng, plan, identifier, len(sitting), seated, session, codes.vote_options, misprint)
                )
                if misprint:
                    mismatched_ids.append(events[-1]["id"])
        event_count += len(events)
        vote_count += sum(len(event["votes"]) for event in events)
        files.append(
            write_array_file(landing / "popolo" / f"votes_{month[0][1].day:%Y-%m}.json", "vote_events", events)
        )
        report("votes", done, len(months))
    return VotesWritten(files, event_count, vote_count, mismatched_ids)
