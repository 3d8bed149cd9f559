"""The demo data generator: same seed, same bytes; a parliament shaped like the real one; votes, bills and
submissions that obey the landing format and the code lists; traps planted where the summary says."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from dagster_project.demo.generator import GenerationSummary, generate_landing
from dagster_project.ingest.loader import load_landing
from dagster_project.ingest.sources import DRAFT_ACTS, PAGES, PRINTED_FIGURES
from dagster_project.layout import SEEDS_DIR

SMALL_SCALE = 0.05
CONVOCATION_START, DATA_END = "2023-03-29", "2025-12-31"
MAZHILIS, SENATE = "kz-parliament/mazhilis", "kz-parliament/senate"
MAZHILIS_SEATS = {  # the 8th convocation, elected in March 2023
    "kz-parliament/party/amanat": 62,
    "kz-parliament/party/auyl": 8,
    "kz-parliament/party/respublica": 6,
    "kz-parliament/party/ak-zhol": 6,
    "kz-parliament/party/peoples-party": 5,
    "kz-parliament/party/nsdp": 4,
    None: 7,  # self-nominated
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerationSummary]:
    landing = tmp_path_factory.mktemp("demo") / "landing"
    return landing, generate_landing(landing, scale=SMALL_SCALE, seed=7)


@pytest.fixture(scope="module")
def landing(small: tuple[Path, GenerationSummary]) -> Path:
    return small[0]


@pytest.fixture(scope="module")
def summary(small: tuple[Path, GenerationSummary]) -> GenerationSummary:
    return small[1]


def codes(code_list: str) -> set[str]:
    with (SEEDS_DIR / f"{code_list}.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def members(folder: Path) -> dict[str, list[dict]]:
    return json.loads((folder / "popolo" / "members.json").read_text(encoding="utf-8"))


def vote_events(folder: Path) -> list[dict]:
    return [
        event
        for path in sorted((folder / "popolo").glob("votes_*.json"))
        for event in json.loads(path.read_text(encoding="utf-8"))["vote_events"]
    ]


def bills(folder: Path) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted((folder / "bills").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def submissions(folder: Path) -> list[dict[str, str]]:
    rows = []
    for path in sorted((folder / "submissions").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def active(membership: dict, day: str) -> bool:
    return membership.get("start_date", "") <= day <= membership.get("end_date", "9999")


def faction_on(memberships: list[dict], factions: set[str], person_id: str, day: str) -> str | None:
    found = [
        m["organization_id"]
        for m in memberships
        if m["person_id"] == person_id and m["organization_id"] in factions and active(m, day)
    ]
    assert len(found) <= 1
    return found[0] if found else None


def tally(votes: list[dict]) -> Counter:
    return Counter(vote["option"] for vote in votes)


def printed(counts: list[dict]) -> dict[str, int]:
    return {count["option"]: count["value"] for count in counts}


def iin_is_valid(iin: str) -> bool:
    """The Kazakh IIN check digit: weights 1..11, or 3..11,1,2 when the first remainder is 10."""
    if not re.fullmatch(r"\d{12}", iin) or iin[6] not in "3456":
        return False
    digits = [int(c) for c in iin]
    for weights in (range(1, 12), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)):
        remainder = sum(d * w for d, w in zip(digits[:11], weights, strict=True)) % 11
        if remainder != 10:
            return remainder == digits[11]
    return False


def test_same_seed_gives_the_same_bytes_and_another_seed_other_data(landing: Path, tmp_path: Path) -> None:
    generate_landing(tmp_path / "again", scale=SMALL_SCALE, seed=7)
    assert snapshot(tmp_path / "again") == snapshot(landing)

    generate_landing(tmp_path / "other", scale=SMALL_SCALE, seed=8)
    other = snapshot(tmp_path / "other")
    assert other["popolo/members.json"] != snapshot(landing)["popolo/members.json"]
    assert vote_events(tmp_path / "other") != vote_events(landing)
    assert submissions(tmp_path / "other") != submissions(landing)


def test_the_files_written_are_the_ones_reported(landing: Path, summary: GenerationSummary) -> None:
    assert sorted(p.relative_to(landing).as_posix() for p in summary.files) == sorted(snapshot(landing))
    marker = json.loads((landing / "synthetic.json").read_text(encoding="utf-8"))
    assert marker["synthetic"] is True and marker["generator"] == "eparl demo-data"
    assert (marker["seed"], marker["scale"]) == (7, SMALL_SCALE)


def test_mazhilis_seats_per_party_at_the_start_and_at_the_end(landing: Path) -> None:
    memberships = members(landing)["memberships"]
    for day in (CONVOCATION_START, DATA_END):
        seats = Counter(
            m.get("on_behalf_of_id")
            for m in memberships
            if m["organization_id"] == MAZHILIS and m["role"] == "member" and active(m, day)
        )
        assert seats == MAZHILIS_SEATS, day


def test_factions_hold_the_party_deputies_and_no_independents(landing: Path) -> None:
    data = members(landing)
    factions = {o["id"]: o for o in data["organizations"] if o["classification"] == "parliamentary_group"}
    assert {o["parent_id"] for o in factions.values()} == {MAZHILIS}
    for day in (CONVOCATION_START, DATA_END):
        for seat in (m for m in data["memberships"] if m["organization_id"] == MAZHILIS and active(m, day)):
            faction = faction_on(data["memberships"], set(factions), seat["person_id"], day)
            party = seat.get("on_behalf_of_id")
            assert (faction is None) == (party is None)
            if party:
                assert faction.rsplit("/", 1)[1] == party.rsplit("/", 1)[1]


def test_the_senate_has_50_senators_and_committees_have_one_chair(landing: Path) -> None:
    data = members(landing)
    for day in (CONVOCATION_START, DATA_END):
        assert sum(m["organization_id"] == SENATE and active(m, day) for m in data["memberships"]) == 50
    committees = [o for o in data["organizations"] if o["classification"] == "committee"]
    assert Counter(o["parent_id"] for o in committees) == {MAZHILIS: 10, SENATE: 7}
    for committee in committees:
        chairs = [m for m in data["memberships"] if m["organization_id"] == committee["id"] and m["role"] == "chair"]
        assert len(chairs) == 1
        assert {n["lang"] for n in committee["other_names"]} == {"kk", "ru", "en"}


def test_persons_have_realistic_distinct_names_and_two_deputies_share_surname_and_initials(landing: Path) -> None:
    data = members(landing)
    persons = data["persons"]
    assert len(persons) >= 148
    assert len({p["name"] for p in persons}) == len(persons)
    assert all(p["name"].split()[1].endswith(("ович", "овна", "евич", "евна", "улы", "кызы")) for p in persons)
    kazakh = {p["id"]: next(n["name"] for n in p["other_names"] if n["lang"] == "kk") for p in persons}
    assert sum(bool(re.search("[әғқңөұүһі]", name)) for name in kazakh.values()) > len(persons) / 2
    assert all(next(n["name"] for n in p["other_names"] if n["lang"] == "en").isascii() for p in persons)

    deputies = {m["person_id"] for m in data["memberships"] if m["organization_id"] == MAZHILIS}
    by_short_name: dict[str, list[str]] = {}
    for p in persons:
        if p["id"] in deputies:
            short = f"{p['family_name']} {p['given_name'][0]}. {p['patronymic_name'][0]}."
            by_short_name.setdefault(short, []).append(p["id"])
    alike = [ids for ids in by_short_name.values() if len(ids) > 1]
    assert alike, "no two deputies print alike"
    factions = {
        m["person_id"]: m["organization_id"] for m in data["memberships"] if "/faction/" in m["organization_id"]
    }
    assert len({factions.get(person_id) for person_id in alike[0]}) == len(alike[0])


def test_some_deputies_leave_and_one_moves_to_the_senate(landing: Path) -> None:
    memberships = members(landing)["memberships"]
    left = [m for m in memberships if m["organization_id"] == MAZHILIS and "end_date" in m]
    joined = [m for m in memberships if m["organization_id"] == MAZHILIS and m["start_date"] > CONVOCATION_START]
    assert len(left) >= 3 and len(joined) == len(left)
    senators = {m["person_id"] for m in memberships if m["organization_id"] == SENATE}
    assert {m["person_id"] for m in left} & senators


def test_planted_count_mismatches_are_exactly_the_reported_ones(landing: Path, summary: GenerationSummary) -> None:
    mismatched = {
        event["id"]
        for event in vote_events(landing)
        if any(tally(event["votes"])[option] != value for option, value in printed(event["counts"]).items())
    }
    assert len(summary.mismatched_vote_event_ids) >= 3
    assert mismatched == set(summary.mismatched_vote_event_ids)


def test_votes_follow_who_sat_and_results_follow_the_counts(landing: Path) -> None:
    data = members(landing)
    memberships = data["memberships"]
    seats = {o["id"]: o["seats"] for o in data["organizations"] if o["classification"] == "chamber"}
    factions = {o["id"] for o in data["organizations"] if o["classification"] == "parliamentary_group"}
    groupless = 0
    for event in vote_events(landing):
        chamber, day = event["organization_id"], event["start_date"][:10]
        seated = {m["person_id"] for m in memberships if m["organization_id"] == chamber and active(m, day)}
        assert sorted(v["voter_id"] for v in event["votes"]) == sorted(seated)
        assert event["result"] == ("pass" if printed(event["counts"])["yes"] > seats[chamber] // 2 else "fail")
        assert event["result"] == ("pass" if tally(event["votes"])["yes"] > seats[chamber] // 2 else "fail")
        faction_of = {v["voter_id"]: faction_on(memberships, factions, v["voter_id"], day) for v in event["votes"]}
        for vote in event["votes"]:
            assert vote.get("group_id") in (None, faction_of[vote["voter_id"]])
            groupless += "group_id" not in vote and faction_of[vote["voter_id"]] is not None
        if chamber == SENATE:
            assert "group_results" not in event and not any("group_id" in v for v in event["votes"])
            continue
        for group in event["group_results"]:
            votes = [v for v in event["votes"] if faction_of[v["voter_id"]] == group["group_id"]]
            assert printed(group["counts"]) == {o: tally(votes)[o] for o in printed(group["counts"])}
    assert groupless > 0, "no vote leaves its faction to be filled from the memberships"


def test_votes_are_spread_over_options_as_in_a_real_chamber(landing: Path) -> None:
    options = Counter(v["option"] for event in vote_events(landing) for v in event["votes"])
    total = sum(options.values())
    assert 0.7 < options["yes"] / total < 0.9
    assert 0.04 < options["absent"] / total < 0.11
    assert options["not voting"] > 0 and options["abstain"] > 0 and options["no"] > 0


def test_bills_move_through_both_chambers_consistently(landing: Path) -> None:
    all_bills = bills(landing)
    assert len(all_bills) >= 5
    by_id = {bill["id"]: bill for bill in all_bills}
    events = vote_events(landing)
    failed_first_readings = {
        e["bill_id"] for e in events if e.get("bill_stage") == "first_reading" and e["result"] == "fail"
    }
    for bill in all_bills:
        steps = [a["classification"] for a in bill["actions"]]
        dates = [a["date"] for a in bill["actions"]]
        assert steps[0] == "registration" and dates == sorted(dates) and dates[-1] <= DATA_END
        expected = (
            "withdrawn" if "withdrawal" in steps
            else "signed" if "signature" in steps
            else "returned" if steps[-1] == "senate_return"
            else "rejected" if bill["id"] in failed_first_readings
            else "in_progress"
        )  # fmt: skip
        assert bill["status"] == expected
        assert bill["title_kk"] and bill["title_ru"] and bill["sponsors"] and bill["documents"]
        assert all(d["url"].startswith("https://parlam.kz/") for d in bill["documents"])
        if bill["initiator_type"] == "deputies":
            assert all(s["person_id"].startswith("kz-parliament/person/") for s in bill["sponsors"])
    for event in events:
        if "bill_id" in event:
            actions = {
                (a["classification"], a["date"], a.get("organization_id")) for a in by_id[event["bill_id"]]["actions"]
            }
            assert (event["bill_stage"], event["start_date"][:10], event["organization_id"]) in actions


def test_every_code_used_is_in_its_code_list(landing: Path) -> None:
    data = members(landing)
    assert {o["classification"] for o in data["organizations"]} <= codes("organization_classifications")
    events = vote_events(landing)
    assert {v["option"] for e in events for v in e["votes"]} <= codes("vote_options")
    assert {c["option"] for e in events for c in e["counts"]} <= codes("vote_options")
    assert {e["bill_stage"] for e in events if "bill_stage" in e} <= codes("bill_action_types")
    all_bills = bills(landing)
    assert {a["classification"] for b in all_bills for a in b["actions"]} <= codes("bill_action_types")
    assert {b["initiator_type"] for b in all_bills} <= codes("bill_initiator_types")
    assert {b["status"] for b in all_bills} <= codes("bill_statuses")
    rows = submissions(landing)
    assert {r["channel"] for r in rows} <= codes("submission_channels")
    assert {r["status"] for r in rows} <= codes("submission_statuses")
    assert {r["topic"] for r in rows if r["topic"]} <= codes("submission_topics")
    assert {r["language"] for r in rows} == codes("languages")


def test_every_record_loads_without_quarantine(landing: Path) -> None:
    stats = load_landing(duckdb.connect(), landing)
    # draft acts, printed figures and captured pages come only from the official sites (eparl adapt)
    official_only = {t.name for s in (DRAFT_ACTS, PRINTED_FIGURES, PAGES) for t in s.tables}
    for table, table_stats in stats.items():
        assert table_stats.records_quarantined == 0, (table, table_stats.quarantine_reasons)
        assert table_stats.records_loaded > 0 or table in official_only, table


def test_submissions_come_from_all_regions_with_valid_fake_personal_data(landing: Path) -> None:
    rows = submissions(landing)
    assert set(rows[0]) == {
        "submission_id", "channel", "received_at", "answered_at", "language", "region_kato", "addressee_id", "topic",
        "status", "bill_id", "signature_count", "author_name", "author_iin", "author_phone", "author_email",
        "author_address", "text",
    }  # fmt: skip
    assert {r["region_kato"] for r in rows} == codes("kato_regions")
    assert all(iin_is_valid(r["author_iin"]) for r in rows)
    assert all(
        re.fullmatch(r"\+7 7\d\d \d{3} \d\d \d\d|87\d{9}|\+7\(7\d\d\)\d{3}-\d\d-\d\d", r["author_phone"]) for r in rows
    )
    assert 0.35 < sum(r["language"] == "kk" for r in rows) / len(rows) < 0.55
    assert any(r["author_iin"] in r["text"] or r["author_phone"] in r["text"] for r in rows)
    bill_ids = {bill["id"] for bill in bills(landing)}
    closed = {"answered", "rejected", "forwarded"}
    for row in rows:
        assert bool(row["answered_at"]) == (row["status"] in closed)
        if row["answered_at"]:
            assert datetime.fromisoformat(row["answered_at"]) > datetime.fromisoformat(row["received_at"])
        assert bool(row["signature_count"]) == (row["channel"] == "e_petition")
        assert bool(row["bill_id"]) == (row["channel"] == "draft_law_comment")
        assert not row["bill_id"] or row["bill_id"] in bill_ids
    assert len({r["submission_id"] for r in rows}) == len(rows)


def test_time_zones_change_on_1_march_2024(landing: Path) -> None:
    starts = [event["start_date"] for event in vote_events(landing)]
    assert {s[-6:] for s in starts if s < "2024-03-01"} == {"+06:00"}
    assert {s[-6:] for s in starts if s >= "2024-03-01"} == {"+05:00"}
    west = {"150000000", "230000000", "270000000", "430000000", "470000000"}
    rows = submissions(landing)
    early = [r for r in rows if r["received_at"] < "2024-02-28"]
    assert {r["received_at"][-6:] for r in early if r["region_kato"] in west} == {"+05:00"}
    assert {r["received_at"][-6:] for r in early if r["region_kato"] not in west} == {"+06:00"}
    assert {r["received_at"][-6:] for r in rows if r["received_at"] >= "2024-03-01"} == {"+05:00"}


def test_scale_multiplies_votes_bills_and_submissions(summary: GenerationSummary, tmp_path: Path) -> None:
    double = generate_landing(tmp_path / "double", scale=2 * SMALL_SCALE, seed=7)
    assert (double.persons, double.organizations, double.memberships) == (
        summary.persons,
        summary.organizations,
        summary.memberships,
    )
    assert double.bills == 2 * summary.bills and double.submissions == 2 * summary.submissions
    assert 1.5 < double.vote_events / summary.vote_events < 2.5
    assert 1.5 < double.votes / summary.votes < 2.5


def test_submission_scale_multiplies_only_the_submissions(summary: GenerationSummary, tmp_path: Path) -> None:
    more = generate_landing(tmp_path / "more", scale=SMALL_SCALE, submission_scale=2 * SMALL_SCALE, seed=7)
    assert (more.bills, more.vote_events, more.votes) == (summary.bills, summary.vote_events, summary.votes)
    assert more.submissions == 2 * summary.submissions


def test_running_again_removes_the_old_generated_files_and_keeps_the_rest(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    generate_landing(landing, scale=SMALL_SCALE)
    stale = [landing / "popolo" / "votes_2099-01.json", landing / "submissions" / "submissions_2099-01.csv"]
    foreign = [landing / "popolo" / "rada.json", landing / "bills" / "real.jsonl", landing / "notes.txt"]
    for path in stale + foreign:
        path.write_text("{}", encoding="utf-8")
    calls: list[tuple[str, int, int]] = []

    summary = generate_landing(landing, scale=SMALL_SCALE, progress=lambda *call: calls.append(call))

    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in foreign)
    assert sorted(snapshot(landing)) == sorted(
        [p.relative_to(landing).as_posix() for p in summary.files]
        + [p.relative_to(landing).as_posix() for p in foreign]
    )
    last = {step: (done, total) for step, done, total in calls}
    assert set(last) == {"parliament", "bills", "votes", "submissions"}
    assert all(done == total for done, total in last.values())


def test_scale_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="scale"):
        generate_landing(tmp_path, scale=0)
    assert not any(tmp_path.iterdir())


def test_a_tiny_scale_is_still_a_coherent_landing(tmp_path: Path) -> None:
    summary = generate_landing(tmp_path, scale=0.001, seed=1)
    assert summary.bills >= 5 and summary.submissions >= 100 and summary.vote_events > 0
    assert len(summary.mismatched_vote_event_ids) >= 3
    assert date.fromisoformat(min(b["registration_date"] for b in bills(tmp_path))) >= date(2023, 3, 29)
