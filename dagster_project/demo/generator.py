"""Synthetic demo data: `generate_landing` writes a complete landing folder from one seed.

The folder is made up but realistic, for the Parliament of Kazakhstan, in exactly the format of
`docs/landing-format.md`: the 8th-convocation Mazhilis and the Senate with their parties, factions, committees
and members (`popolo/members.json`), roll-call votes (`popolo/votes_<YYYY-MM>.json`), bills moving through both
chambers (`bills/bills_<year>.jsonl`), citizens' submissions with fake personal data
(`submissions/submissions_<YYYY-MM>.csv`), petitions with signatures by region and country
(`petitions/petitions.json`) and the `synthetic.json` marker. Every personal value planted in the submissions
(names in kk and ru, valid-checksum IINs, phones in three formats, e-mails, addresses; in the author columns
and, for some, inside the text) is returned in `GenerationSummary.planted_personal_data`, never written out, so
the tests can prove none of it reaches a public output.

What belongs here: the entry point, the volumes and how `scale` multiplies them, and the summary. Each part of
the data is drawn by its own module (`parliament`, `bills`, `votes`, `submissions`) from tables in
`vocabularies/`, checked against the code lists by `code_lists`. The same seed and scale give the same bytes.
The parliament, the bills, the votes, the submissions and the petitions each draw from their own
`random.Random`, so the parliament is the same at every scale.

Traps planted on purpose, for the pipeline to handle, each described where it is planted: count mismatches
(`GenerationSummary.mismatched_vote_event_ids`) and votes printed without their `group_id` (`votes.py`);
deputies who leave mid-term, one of whom moves to the Senate, and two deputies who share a surname and
initials (`parliament.py`); the time zone Kazakhstan changed on 2024-03-01 (`period.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from random import Random

from dagster_project.demo.bills import plan_bills, write_bills
from dagster_project.demo.code_lists import CodeLists
from dagster_project.demo.landing_files import ProgressCallback, remove_generated_files, write_json
from dagster_project.demo.parliament import build_parliament
from dagster_project.demo.period import Calendar
from dagster_project.demo.submissions import write_petitions, write_submissions
from dagster_project.demo.votes import plan_votes, write_votes

# Volumes at scale 1, and the least any scale gets
BILLS = (300, 5)
PROCEDURAL_VOTES = (120, 2)
COUNT_MISMATCHES = (3, 3)
SUBMISSIONS = (40_000, 100)
PETITIONS = (10, 3)


def _volume(base_and_least: tuple[int, int], scale: float) -> int:
    base, least = base_and_least
    return max(least, round(base * scale))


@dataclass(frozen=True)
class GenerationSummary:
    """What `generate_landing` wrote: record counts, the planted count mismatches, and the files."""

    persons: int
    organizations: int
    memberships: int
    events: int
    vote_events: int
    votes: int
    bills: int
    bill_actions: int
    submissions: int
    mismatched_vote_event_ids: tuple[str, ...]
    files: tuple[Path, ...]
    # PRIVATE: every personal value planted in the submissions (kind -> values), for the tests' scan of public
    # outputs. Never written to the landing folder or printed.
    planted_personal_data: dict[str, frozenset[str]]
    petitions: int


def generate_landing(
    out_dir: Path,
    *,
    scale: float = 1.0,
    seed: int = 42,
    progress: ProgressCallback | None = None,
    submission_scale: float | None = None,
) -> GenerationSummary:
    """Write a synthetic landing folder into `out_dir` and say what was written.

    The files this generator owns (`landing_files.OWNED_FILES`) are removed first, so running again converges;
    other files are left alone. `scale` multiplies bills, vote events and submissions; `submission_scale`, when
    given, multiplies the submissions instead (the benchmark's largest scale has many votes but fewer texts to
    enrich); `progress(step, done, total)` is called as each step advances.
    """
    for name, value in (("scale", scale), ("submission_scale", submission_scale)):
        if value is not None and value <= 0:
            raise ValueError(f"{name} must be positive, not {value}")
    report = progress or (lambda step, done, total: None)
    out_dir = Path(out_dir)
    codes = CodeLists.load()
    calendar = Calendar()
    remove_generated_files(out_dir)

    marker = {
        "synthetic": True,
        "generator": "eparl demo-data",
        "seed": seed,
        "scale": scale,
        **({} if submission_scale is None else {"submission_scale": submission_scale}),
        "note": "Made-up data for demonstrations and tests: these persons, votes, bills and submissions do not exist; "
        "names, IINs, phone numbers, e-mail addresses and street addresses are fake.",
    }
    files = [write_json(out_dir / "synthetic.json", marker)]

    parliament = build_parliament(Random(f"{seed}/parliament"), codes, calendar)
    members = {
        "persons": parliament.persons,
        "organizations": parliament.organizations,
        "memberships": parliament.memberships,
        "events": parliament.events,
    }
    files.append(write_json(out_dir / "popolo" / "members.json", members))
    report("parliament", 1, 1)

    bills = plan_bills(Random(f"{seed}/bills"), _volume(BILLS, scale), calendar, parliament.roster, codes)
    files += write_bills(out_dir, bills, parliament.names, report)

    vote_rng = Random(f"{seed}/votes")
    plans = plan_votes(vote_rng, bills, calendar, _volume(PROCEDURAL_VOTES, scale))
    votes = write_votes(
        out_dir, vote_rng, plans, parliament.roster, calendar, codes, _volume(COUNT_MISMATCHES, scale), report
    )
    files += votes.files

    submission_count = _volume(SUBMISSIONS, scale if submission_scale is None else submission_scale)
    submission_files, planted = write_submissions(
        out_dir, Random(f"{seed}/submissions"), submission_count, bills, codes, calendar, report
    )
    files += submission_files
    petition_count = _volume(PETITIONS, scale)
    files.append(write_petitions(out_dir, Random(f"{seed}/petitions"), petition_count, codes))

    return GenerationSummary(
        persons=len(parliament.persons),
        organizations=len(parliament.organizations),
        memberships=len(parliament.memberships),
        events=len(parliament.events),
        vote_events=votes.vote_events,
        votes=votes.votes,
        bills=len(bills),
        bill_actions=sum(len(bill.steps) for bill in bills),
        submissions=submission_count,
        mismatched_vote_event_ids=tuple(votes.mismatched_ids),
        files=tuple(files),
        planted_personal_data={kind: frozenset(values - {""}) for kind, values in planted.items()},
        petitions=petition_count,
    )
