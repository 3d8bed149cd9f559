"""The benchmark's own helpers, without running it: the convocation landing has the shape of a real convocation,
and its last day is held out whole. The benchmark run at its tiny scale: tests/e2e/test_bench.py."""

from __future__ import annotations

import json
from pathlib import Path

from bench.convocation import Convocation, sitting_days
from bench.landing import count_records, split_last_day


def test_the_convocation_landing_has_the_shape_of_a_real_convocation(tmp_path: Path) -> None:
    """At a tiny size: one file a sitting day, each within its votes range, every member voting in each vote
    event, the members the votes name and nothing but roll calls; the last day is held out whole."""
    shape = Convocation(days=4, members=12, votes_per_day=(60, 75))
    generated = shape.generate(tmp_path / "landing", seed=7)
    popolo = tmp_path / "landing" / "popolo"
    assert sorted(p.name for p in (tmp_path / "landing").rglob("*") if p.is_file()) == [
        "members.json",
        "synthetic.json",
        *(f"votes_{day}.json" for day in sitting_days(4)),
    ]
    members = json.loads((popolo / "members.json").read_text(encoding="utf-8"))
    person_ids = {person["id"] for person in members["persons"]}
    assert len(person_ids) == 12 and {m["person_id"] for m in members["memberships"]} == person_ids
    assert set(members) == {"meta", "persons", "organizations", "memberships", "events"}
    events = []
    for path in sorted(popolo.glob("votes_*.json")):
        day = json.loads(path.read_text(encoding="utf-8"))["vote_events"]
        assert 60 <= sum(len(event["votes"]) for event in day) <= 75
        assert {event["start_date"][:10] for event in day} == {path.stem.removeprefix("votes_")}
        events += day
    assert all({vote["voter_id"] for vote in event["votes"]} == person_ids for event in events)
    assert generated == {"vote_events": len(events), "votes": 12 * len(events), "submissions": 0}
    held = split_last_day(tmp_path / "landing", tmp_path / "pending")
    assert held["files"] == [f"popolo/votes_{sitting_days(4)[-1]}.json"] and held["submissions"] == 0
    assert count_records(tmp_path / "landing")["votes"] + held["votes"] == generated["votes"]
