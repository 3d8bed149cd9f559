"""A landing shaped like a real convocation's roll calls: one Popolo vote-event file per sitting day, votes only.

The issue's real convocation: 90 sitting-day files, 245 MB, 5,423 vote events, 2.29 million individual votes
(25,000–30,000 a day), 450 members. `generate_convocation` writes that shape: `popolo/members.json` (the
members, the chamber and its factions, each member's seat and faction, the convocation and its sessions: what
the votes name) and `popolo/votes_<date>.json` per sitting day, each vote event listing every member's vote
with the group printed, as the Rada prints them; no bills, submissions or petitions. The votes are drawn in
one DuckDB query from hashes of the seed (so the same seed gives the same bytes, whatever the threads) and
written one vote event a line, as the demo generator writes its votes files (`bench.landing` reads both).
Printed counts agree with the votes except in about one vote event in 500. Generating the full size takes
seconds.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb

from bench.landing import write_vote_events

LEGISLATURE = "bench-parliament"
CHAMBER = f"{LEGISLATURE}/chamber"
CONVOCATION = f"{LEGISLATURE}/convocation/1"
FIRST_DAY = date(2024, 9, 3)
SITTING_WEEKDAYS = (1, 2, 3)  # Tuesday to Thursday
GROUPS = ("Народна партія", "Європейський вибір", "Батьківщина", "Платформа", "Довіра", "Голос", "Відродження")
OPTIONS = ("yes", "no", "abstain", "not voting", "absent")  # as printed, in this order


@dataclass(frozen=True)
class Convocation:
    """`days` sitting-day files of `members` members; each day has as many vote events as keep its votes (every
    member votes in each) within `votes_per_day`."""

    days: int
    members: int
    votes_per_day: tuple[int, int]

    def events_per_day(self) -> tuple[int, int]:
        low, high = (math.ceil(self.votes_per_day[0] / self.members), self.votes_per_day[1] // self.members)
        if low > high:
            raise ValueError(f"no whole number of vote events of {self.members} votes lies in {self.votes_per_day}")
        return low, high

    def generate(self, landing: Path, seed: int) -> dict:
        """As `bench.run` generates each scale's landing."""
        return generate_convocation(landing, self, seed)


def sitting_days(count: int) -> list[date]:
    days, day = [], FIRST_DAY
    while len(days) < count:
        if day.weekday() in SITTING_WEEKDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def roster(members: int) -> list[tuple[int, str, str]]:
    """Each member's number, id and group: the majority group holds 55% of the seats, the others share the rest
    in turn."""
    groups = [1 if n <= 0.55 * members else 2 + n % (len(GROUPS) - 1) for n in range(1, members + 1)]
    return [(n, f"{LEGISLATURE}/person/{n:04d}", f"{LEGISLATURE}/group/{g}") for n, g in enumerate(groups, 1)]


def _members_document(convocation: Convocation, days: list[date], seed: int) -> dict:
    persons, memberships = [], []
    span = {"start_date": days[0].isoformat()}
    for n, person_id, group_id in roster(convocation.members):
        persons.append({"id": person_id, "name": f"Депутат {n:04d}", "given_name": "Депутат", "family_name": f"{n}"})
        memberships.append({"person_id": person_id, "organization_id": CHAMBER, "role": "member", **span})
        memberships.append({"person_id": person_id, "organization_id": group_id, "role": "member", **span})
    memberships = [{"id": f"{LEGISLATURE}/membership/{n:05d}", **m} for n, m in enumerate(memberships, 1)]
    organizations = [
        {"id": LEGISLATURE, "name": "Парламент (бенчмарк)", "classification": "legislature"},
        {"id": CHAMBER, "name": "Палата", "classification": "chamber", "parent_id": LEGISLATURE, "seats": 450},
        *(
            {
                "id": f"{LEGISLATURE}/group/{g}",
                "name": name,
                "classification": "parliamentary_group",
                "parent_id": CHAMBER,
            }
            for g, name in enumerate(GROUPS, 1)
        ),
    ]
    events = [
        {
            "id": CONVOCATION,
            "name": "Скликання 1",
            "classification": "legislative period",
            "organization_id": LEGISLATURE,
        },
        *(
            {
                "id": f"{CONVOCATION}/session/{s}",
                "name": f"Сесія {s}",
                "classification": "session",
                "parent_id": CONVOCATION,
            }
            for s in (1, 2)
        ),
    ]
    return {
        "meta": {"generator": "bench.convocation", "seed": seed},
        "persons": persons,
        "organizations": organizations,
        "memberships": memberships,
        "events": events,
    }


def _vote_event_lines_sql(convocation: Convocation, days: list[date], seed: int) -> str:
    """One row per vote event: its day and its JSON line, every member of the table `members` voting. `h(...)` is a
    number in [0, 1000) drawn from the seed."""
    low, high = convocation.events_per_day()
    members = convocation.members
    day_list = ", ".join(f"DATE '{d}'" for d in days)
    h = f"(hash({seed}, {{}}) % 1000)::INTEGER"
    session_split = days[len(days) // 2].isoformat()
    option_list = ", ".join(f"'{o}'" for o in OPTIONS)
    return f"""
    WITH days AS (
        SELECT day, {low} + hash({seed}, day) % {high - low + 1} AS events FROM unnest([{day_list}]) AS t(day)
    ),
    events AS (
        SELECT day, identifier, '{LEGISLATURE}/vote/' || day || '/' || lpad(identifier::VARCHAR, 3, '0') AS id
        FROM (SELECT day, unnest(range(1, events::BIGINT + 1)) AS identifier FROM days)
    ),
    lines AS (  -- what each group backs in each vote event
        SELECT e.id, g.group_id,
            CASE WHEN {h.format("e.id, g.group_id")} < 800 THEN 'yes'
                 WHEN {h.format("e.id, g.group_id")} < 900 THEN 'no' ELSE 'abstain' END AS line
        FROM events AS e, (SELECT DISTINCT group_id FROM members) AS g
    ),
    votes AS (
        SELECT e.id, m.n, m.voter_id, m.group_id,
            CASE WHEN {h.format("e.id, m.n")} < 60 THEN 'absent'
                 WHEN {h.format("e.id, m.n")} < 140 THEN 'not voting'
                 WHEN {h.format("e.id, m.n")} < 170 THEN CASE l.line WHEN 'yes' THEN 'no' ELSE 'yes' END
                 ELSE l.line END AS option
        FROM events AS e CROSS JOIN members AS m JOIN lines AS l ON l.id = e.id AND l.group_id = m.group_id
    ),
    tallies AS (
        SELECT id, group_id, option, count(*) AS value FROM votes GROUP BY GROUPING SETS ((id, option),
            (id, group_id, option))
    ),
    printed AS (  -- every option, in order; about one vote event in 500 prints one count wrong
        SELECT e.id, list({{'option': o.option, 'value': coalesce(t.value, 0)
            + CASE WHEN o.option = 'abstain' AND {h.format("e.id, 'misprint'")} < 2 THEN 1 ELSE 0 END}}
            ORDER BY o.position) AS counts
        FROM events AS e CROSS JOIN (SELECT unnest([{option_list}]) AS option,
            generate_subscripts([{option_list}], 1) AS position) AS o
        LEFT JOIN tallies AS t ON t.id = e.id AND t.group_id IS NULL AND t.option = o.option
        GROUP BY e.id
    ),
    group_results AS (  -- the options each group cast, as the Rada prints them
        SELECT id, list({{'group_id': group_id, 'counts': counts}} ORDER BY group_id) AS group_results
        FROM (
            SELECT id, group_id, list({{'option': option, 'value': value}} ORDER BY
                list_position([{option_list}], option)) AS counts
            FROM tallies WHERE group_id IS NOT NULL GROUP BY id, group_id
        ) GROUP BY id
    ),
    ballots AS (
        SELECT id, list({{'voter_id': voter_id, 'option': option, 'group_id': group_id}} ORDER BY n) AS votes,
            count(*) FILTER (WHERE option = 'yes') AS yes
        FROM votes GROUP BY id
    )
    SELECT e.day, e.identifier, to_json({{
        'id': e.id,
        'identifier': e.identifier::VARCHAR,
        'organization_id': '{CHAMBER}',
        'legislative_session_id': '{CONVOCATION}/session/'
            || CASE WHEN e.day < DATE '{session_split}' THEN 1 ELSE 2 END,
        'start_date': strftime(e.day + INTERVAL 10 HOUR + e.identifier * INTERVAL 4 MINUTE, '%Y-%m-%dT%H:%M:%S')
            || '+05:00',
        'motion': {{'text': 'Про проект Постанови про прийняття за основу проекту Закону № ' || (1000
            + {h.format("e.id, 'bill'")} * 10) || ' щодо внесення змін до деяких законодавчих актів (друге читання)'}},
        'result': CASE WHEN b.yes > {members} // 2 THEN 'pass' ELSE 'fail' END,
        'counts': p.counts,
        'group_results': g.group_results,
        'votes': b.votes
    }})::VARCHAR AS line
    FROM events AS e JOIN printed AS p USING (id) JOIN group_results AS g USING (id) JOIN ballots AS b USING (id)
    """


def generate_convocation(landing: Path, convocation: Convocation, seed: int = 42) -> dict:
    """Write the convocation's landing into `landing`; say what was written."""
    days = sitting_days(convocation.days)
    popolo = landing / "popolo"
    popolo.mkdir(parents=True, exist_ok=True)
    marker = {"synthetic": True, "generator": "bench.convocation", "seed": seed}
    (landing / "synthetic.json").write_text(json.dumps(marker) + "\n", encoding="utf-8")
    members = json.dumps(_members_document(convocation, days, seed), ensure_ascii=False, indent=1)
    (popolo / "members.json").write_text(members + "\n", encoding="utf-8")
    with duckdb.connect() as con:
        con.execute("CREATE TABLE members (n INTEGER, voter_id VARCHAR, group_id VARCHAR)")
        con.executemany("INSERT INTO members VALUES (?, ?, ?)", roster(convocation.members))
        con.execute(f"CREATE TABLE lines AS {_vote_event_lines_sql(convocation, days, seed)}")
        for (day,) in con.execute("SELECT DISTINCT day FROM lines ORDER BY day").fetchall():
            rows = con.execute("SELECT line FROM lines WHERE day = ? ORDER BY identifier", [day]).fetchall()
            write_vote_events(popolo / f"votes_{day}.json", [line for (line,) in rows])
        vote_events, votes = con.execute(
            "SELECT count(*), sum(json_array_length(line, '$.votes')) FROM lines"
        ).fetchone()
    return {"vote_events": vote_events, "votes": int(votes), "submissions": 0}
