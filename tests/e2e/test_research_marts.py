"""The research marts on a demo release agree with the tables they are computed from, and are published as the
`research` dataset. (The index formulas are checked against a hand-computed example by dbt's unit tests, in
dbt/models/published/research/_research_unit_tests.yml, which `make test` runs: tests/e2e/test_dbt_conventions.py.)"""

from __future__ import annotations

import json

import duckdb

from dagster_project.release.build import current_release


def query(demo_release, sql: str) -> list[tuple]:
    release = current_release(demo_release["settings"].releases_path)
    with duckdb.connect(str(release.database), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_group_cohesion_counts_are_the_group_tallies_and_the_indices_follow_them(demo_release):
    differing = query(
        demo_release,
        """
        select count(*) from published.group_cohesion as c
        join published.vote_event_group_counts as g using (vote_event_id, group_id)
        where c.yes_count != g.tallied_yes_count or c.no_count != g.tallied_no_count
           or c.abstain_count != g.tallied_abstain_count or c.absent_count != g.tallied_absent_count
           or c.rice_index is distinct from abs(c.yes_count - c.no_count) / nullif(c.yes_count + c.no_count, 0)
        """,
    )
    assert differing == [(0,)]
    assert query(demo_release, "select count(*) from published.group_cohesion") == query(
        demo_release, "select count(*) from published.vote_event_group_counts where tallied_vote_count > 0"
    )


def test_attendance_counts_every_listed_vote_once(demo_release):
    assert query(demo_release, "select sum(vote_event_count) from published.member_attendance") == query(
        demo_release, "select count(*) from published.person_votes"
    )
    assert query(
        demo_release,
        "select count(*) from published.member_attendance where present_count + absent_count > vote_event_count "
        "or voted_count > present_count",
    ) == [(0,)]


def test_loyalty_and_pairs_are_consistent(demo_release):
    assert query(
        demo_release,
        "select count(*) from published.member_loyalty where loyal_vote_count > vote_with_group_position_count "
        "or vote_with_group_position_count > vote_count",
    ) == [(0,)]
    # each pair once, the smaller id first, and never a group with itself
    assert query(
        demo_release, "select count(*) from published.group_pair_agreement where group_id >= other_group_id"
    ) == [(0,)]
    (groups,) = query(demo_release, "select count(distinct group_id) from published.group_cohesion")[0]
    ((most_pairs,),) = query(
        demo_release, "select max(n) from (select count(*) as n from published.group_pair_agreement group by period_id)"
    )
    assert 0 < most_pairs <= groups * (groups - 1) // 2


def test_bill_lifecycle_has_every_bill_and_pending_ones_only_are_counted_as_pending(demo_release):
    assert query(demo_release, "select count(*) from published.bill_lifecycle") == query(
        demo_release, "select count(*) from published.bills"
    )
    assert query(
        demo_release,
        "select count(*) from published.bill_lifecycle where (pending_days is not null) != is_pending",
    ) == [(0,)]
    assert query(demo_release, "select sum(bill_count) from published.bill_outcomes") == query(
        demo_release, "select count(*) from published.bills"
    )


def test_the_research_dataset_is_published(demo_release):
    folder = demo_release["settings"].publish_dir / "research"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    tables = {r["name"].rsplit("-", 1)[0] for r in package["resources"]}
    assert {"group_cohesion", "member_loyalty", "member_attendance", "group_pair_agreement", "bill_lifecycle"} <= tables
    assert package["title_kk"] and package["title_ru"] and package["temporal"]["start"]
