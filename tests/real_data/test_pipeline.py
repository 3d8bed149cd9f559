"""Real public records through the same paths as the demo data: EveryPolitician's Mazhilis and the Rada's roll calls.

Both go into one warehouse, as two legislatures side by side. The Rada's `expected.json` lists what the
warehouse must hold: 189 vote events, 79,026 individual votes, the counts per option, and the three roll calls
whose printed totals disagree with the individual votes. The Rada's roll calls alone are also a landing of votes
only (persons, groups and votes; no memberships, sessions, bills, submissions or petitions): what they hold is
published, and what they do not is published empty and said to be absent.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter

import dagster as dg
import duckdb
import pytest

from dagster_project.assets.transform import ensure_manifest
from dagster_project.cli import run_failures, run_notes, run_pipeline
from dagster_project.settings import Settings
from publish.catalogue import catalogue_for
from tests.support.pipeline import settings_under
from tests.support.popolo import assert_popolo_export
from tests.support.published import assert_packages_pass_frictionless
from tests.support.realdata import require_realdata

EVERYPOLITICIAN = "everypolitician-kazakhstan/data/Kazakhstan/Assembly/ep-popolo-v1.0.json"
RADA = "rada-ua-rollcall-popolo"


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    realdata = require_realdata()
    root = tmp_path_factory.mktemp("real")
    settings = settings_under(root)
    popolo = settings.landing_dir / "popolo"
    popolo.mkdir(parents=True)
    # Copied into pytest's tmp folder: the loader refuses links that leave the landing folder.
    shutil.copy(realdata / EVERYPOLITICIAN, popolo / "everypolitician-mazhilis.json")
    for path in sorted((realdata / RADA).glob("*.json")):
        if path.name != "expected.json":
            shutil.copy(path, popolo / f"rada-{path.name}")
    result = run_pipeline(settings, dg.DagsterInstance.ephemeral(), progress=False)
    expected = json.loads((realdata / RADA / "expected.json").read_text(encoding="utf-8"))
    return settings, result, expected


@pytest.fixture(scope="module")
def votes_only_run(tmp_path_factory):
    """The Rada's three sitting days alone: a landing of votes only (copied: the loader refuses a link that leaves
    the landing folder)."""
    realdata = require_realdata()
    settings = settings_under(tmp_path_factory.mktemp("votes_only"))
    popolo = settings.landing_dir / "popolo"
    popolo.mkdir(parents=True)
    for path in sorted((realdata / RADA).glob("*.json")):
        if path.name != "expected.json":
            shutil.copyfile(path, popolo / f"rada-{path.name}")
    result = run_pipeline(settings, dg.DagsterInstance.ephemeral(), progress=False)
    expected = json.loads((realdata / RADA / "expected.json").read_text(encoding="utf-8"))
    return settings, result, expected


def query(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_real_data_loads_without_quarantine(real_run):
    settings, result, _ = real_run
    assert query(settings, "SELECT count(*) FROM private.quarantine") == [(0,)]
    assert query(settings, "SELECT count(*) FROM core.quarantined_references") == [(0,)]
    checks = result.get_asset_check_evaluations()
    assert all(c.passed for c in checks if c.check_name == "records_reconcile")


def test_every_real_data_package_passes_the_stock_frictionless_validate(real_run, votes_only_run):
    for settings, _, _ in (real_run, votes_only_run):  # a landing with all sources, and one with votes only
        assert "votes" in assert_packages_pass_frictionless(settings.publish_dir)


def test_rada_roll_calls_match_expected(real_run):
    settings, _, expected = real_run
    where = "WHERE legislature_id = 'ua-rada'"
    assert query(settings, f"SELECT count(*) FROM published.vote_events {where}") == [(expected["vote_events"],)]
    assert query(settings, f"SELECT count(*) FROM published.person_votes {where}") == [(expected["person_votes"],)]
    options = dict(query(settings, f"SELECT option_code, count(*) FROM published.person_votes {where} GROUP BY 1"))
    assert options == expected["options"]
    results = dict(query(settings, f"SELECT result_code, count(*) FROM published.vote_events {where} GROUP BY 1"))
    assert results == {"pass": expected["passed"], "fail": expected["failed"]}
    flagged = query(settings, f"SELECT vote_event_id FROM published.vote_events {where} AND is_count_mismatch")
    assert sorted(r[0] for r in flagged) == sorted(expected["count_mismatch_events"])
    assert query(settings, "SELECT count(*) FROM published.persons WHERE person_id LIKE 'ua-rada/%'") == [
        (expected["persons"],)
    ]


def test_rada_votes_are_published_and_mismatches_are_flagged_in_the_files(real_run):
    settings, result, expected = real_run
    published = {
        e.asset_key.path[-1] for e in result.get_asset_materialization_events() if e.asset_key.path[0] == "datasets"
    }
    assert {"members", "votes"} <= published
    with duckdb.connect() as con:
        path = settings.publish_dir / "votes" / "vote_events.parquet"
        flagged = con.execute(f"SELECT vote_event_id FROM '{path}' WHERE is_count_mismatch").fetchall()
    assert sorted(r[0] for r in flagged) == sorted(expected["count_mismatch_events"])


def test_the_popolo_export_of_the_rada_and_everypolitician_is_valid_and_reloads_into_the_same_tables(
    real_run, tmp_path_factory
):
    settings, _, expected = real_run
    popolo = catalogue_for(ensure_manifest()).popolo
    objects = assert_popolo_export(settings, popolo, tmp_path_factory.mktemp("popolo_reload"))
    assert objects["vote_events"] == expected["vote_events"]
    folder = settings.publish_dir / "popolo"
    rada = json.loads((folder / "ua-rada.vote_events.json").read_text(encoding="utf-8"))["vote_events"]
    assert len(rada) == expected["vote_events"]
    assert sum(len(event["votes"]) for event in rada) == expected["person_votes"]
    assert Counter(vote["option"] for event in rada for vote in event["votes"]) == expected["options"]
    # the counts travel as the Rada printed them: where they disagree with the votes is where the warehouse said so
    mismatched = {
        event["id"]
        for event in rada
        if any(
            count["value"] != sum(vote["option"] == count["option"] for vote in event["votes"])
            for count in event["counts"]
        )
    }
    assert mismatched == set(expected["count_mismatch_events"])
    # EveryPolitician's Mazhilis is filed under its own legislature id, `legislature`
    persons = json.loads((folder / "legislature.persons.json").read_text(encoding="utf-8"))["persons"]
    assert len(persons) == 107


def test_everypolitician_mazhilis_members(real_run):
    settings, _, _ = real_run
    ep = "person_id NOT LIKE 'ua-rada/%'"
    assert query(settings, f"SELECT count(*) FROM published.persons WHERE {ep}") == [(107,)]
    assert query(settings, f"SELECT count(*) FROM published.memberships WHERE {ep}") == [(107,)]
    parties = dict(
        query(
            settings,
            f"""
        SELECT o.organization_name, count(*) FROM published.memberships m
        JOIN published.organizations o ON o.organization_id = m.on_behalf_of_id WHERE m.{ep} GROUP BY 1""",
        )
    )
    assert parties == {"Nur Otan": 83, "Ak Zhol": 8, "Communist People's Party": 7, "Independent": 6, "unknown": 3}


def test_uk_petitions_load_through_the_petition_path_and_reconcile(tmp_path):
    from dagster_project.ingest.loader import load_source
    from dagster_project.ingest.sources import PETITIONS
    from dagster_project.ingest.uk_petitions import petition_record

    realdata = require_realdata()
    documents = sorted((realdata / "uk-parliament-petitions" / "example-data").glob("*.json"))
    records = [petition_record(json.loads(path.read_text(encoding="utf-8"))) for path in documents]
    landing = tmp_path / "landing"
    (landing / "petitions").mkdir(parents=True)
    (landing / "petitions" / "uk.json").write_text(json.dumps({"petitions": records}), encoding="utf-8")
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        stats = load_source(con, PETITIONS, landing)
        assert all(s.records_quarantined == 0 and s.reconciles for s in stats)
        rows = con.execute(
            "SELECT p.id, any_value(p.signature_count)::BIGINT, sum(s.signature_count::BIGINT) FROM raw.petitions p "
            "JOIN raw.petition_signatures s ON s.petition_id = p.id AND s.area_type = 'country' GROUP BY p.id"
        ).fetchall()
    assert len(rows) == 4
    assert all(total == by_country for _, total, by_country in rows)
    assert "creator_name" not in json.dumps(records)


def test_research_marts_on_the_rada_roll_calls(real_run):
    settings, _, expected = real_run
    rada = "legislature_id = 'ua-rada'"
    groups = query(
        settings,
        f"SELECT count(DISTINCT (vote_event_id, group_id)) FROM published.person_votes WHERE {rada} "
        "AND group_id IS NOT NULL",
    )
    assert query(settings, f"SELECT count(*) FROM published.group_cohesion WHERE {rada}") == groups
    assert query(settings, f"SELECT sum(vote_event_count) FROM published.member_attendance WHERE {rada}") == [
        (expected["person_votes"],)
    ]
    ((low, high),) = query(
        settings, f"SELECT min(rice_index), max(rice_index) FROM published.group_cohesion WHERE {rada}"
    )
    assert 0 <= low < high <= 1
    assert query(settings, f"SELECT count(*) FROM published.group_pair_agreement WHERE {rada}")[0][0] > 0


def test_a_landing_of_votes_only_publishes_what_it_holds_and_says_what_is_absent(votes_only_run):
    settings, result, expected = votes_only_run
    # the run succeeds (eparl run exits 0): no check failed, no dataset held back
    assert result.success and run_failures(result) == []
    published = {
        e.asset_key.path[-1] for e in result.get_asset_materialization_events() if e.asset_key.path[0] == "datasets"
    }
    assert published == {
        "members",
        "bills",
        "votes",
        "submissions",
        "petitions",
        "research",
        "popolo",
        "warehouse",
        "index",
    }
    assert (settings.publish_dir / "index.html").is_file()  # the landing page: every dataset was published
    resources = {}
    for dataset in published - {"warehouse", "index"}:
        package = json.loads((settings.publish_dir / dataset / "datapackage.json").read_text(encoding="utf-8"))
        resources |= {r["name"]: r for r in package["resources"] if r["format"] == "csv"}
    # what the landing holds is published ...
    assert resources["persons-csv"]["rows"] == expected["persons"]
    assert resources["person_votes-csv"]["rows"] == expected["person_votes"]
    for mart in ("group_cohesion", "member_loyalty", "member_attendance", "group_pair_agreement"):
        assert resources[f"{mart}-csv"]["rows"] > 0 and "absent" not in resources[f"{mart}-csv"], mart
    # ... and what it does not is published with its header only, saying which raw tables were absent
    memberships = resources["memberships-csv"]
    assert memberships["rows"] == 0 and "raw.popolo_memberships" in memberships["absent"]
    assert (
        (settings.publish_dir / "members" / "memberships.csv")
        .read_text(encoding="utf-8")
        .startswith("membership_id,person_id,")
    )
    assert resources["bills-csv"]["rows"] == 0 and "raw.bills" in resources["bills-csv"]["absent"]
    empty = {name.removesuffix("-csv") for name, r in resources.items() if r["rows"] == 0}
    assert empty == {name.removesuffix("-csv") for name, r in resources.items() if "absent" in r}
    # the run says so on the console too, table by table
    notes = run_notes(result)
    assert any(n.startswith("empty              published/memberships: absent:") for n in notes), notes
    assert not any("quarantined" in n for n in notes)
