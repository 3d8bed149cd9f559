"""Incremental runs give what a full refresh gives, and cost only what changed.

One warehouse is built the way a daily run builds it: a first run on part of the landing folder, then a second
run after new files land, an old file changes and another is withdrawn, and correction files land that repeat a
person and a bill of older files (their names sort first: the daily run loads them last, a full refresh first).
Another warehouse is built from nothing on the final folder. Every published table and every published file must
be the same in both. The incremental warehouse must also show that it did not redo what had not changed, and a
third run with nothing new must skip dbt, validation and publishing altogether.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.asset_keys import SUITE_CHECK
from dagster_project.assets import validate
from dagster_project.assets.transform import ensure_manifest
from dagster_project.cli import run_pipeline
from dagster_project.demo.generator import generate_landing
from dagster_project.settings import Settings
from publish.catalogue import catalogue_for
from tests.support.pipeline import settings_under
from tests.support.published import folder_hashes

SCALE = 0.05
NEW_FILES = ("popolo/votes_2025-12.json", "submissions/submissions_2025-12.csv")
CHANGED_FILE = "submissions/submissions_2024-06.csv"
CORRECTIONS = ("popolo/a_corrections.json", "bills/a_corrections.jsonl")
# Files that carry the time of the run, not the data: the release's manifest and the warehouse dataset built
# from it, the docs page that embeds the time dbt built it, and the landing page (and its README) that says when
# the release was made.
TIMESTAMPED = ("warehouse/", "docs/", "index.html", "README.md")
CATALOGUE = catalogue_for(ensure_manifest())


def _published_rows(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            t.name: sorted(con.execute(f"SELECT * FROM {t.relation}").fetchall(), key=repr) for t in CATALOGUE.tables
        }


def _materializations(result) -> dict[str, dict]:
    return {
        event.asset_key.to_user_string(): {k: v.value for k, v in event.materialization.metadata.items()}
        for event in result.get_asset_materialization_events()
    }


def _checks(result) -> dict[str, dict]:
    return {
        event.event_specific_data.asset_key.to_user_string(): {
            k: v.value for k, v in event.event_specific_data.metadata.items()
        }
        for event in result.all_events
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
        and event.event_specific_data.check_name == SUITE_CHECK
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    generated = root / "generated"
    generate_landing(generated, scale=SCALE, seed=11)
    landing = root / "landing"
    shutil.copytree(generated, landing)
    for name in NEW_FILES:
        (landing / name).unlink()

    patch = pytest.MonkeyPatch()
    patch.setattr(validate, "BATCH_ROWS", 1000)  # batch person_votes by quarter here, as at scale
    daily = settings_under(root / "daily", landing_dir=landing)
    instance = dg.DagsterInstance.ephemeral()
    first = run_pipeline(daily, instance, progress=False)

    for name in NEW_FILES:
        shutil.copy(generated / name, landing / name)
    withdrawn = min(landing.glob("popolo/votes_*.json"))  # the oldest month's votes are withdrawn
    withdrawn.unlink()
    changed = (landing / CHANGED_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    (landing / CHANGED_FILE).write_text("".join(changed[:-3]), encoding="utf-8")  # three submissions withdrawn
    person = json.loads((landing / "popolo" / "members.json").read_text(encoding="utf-8"))["persons"][0]
    (landing / CORRECTIONS[0]).write_text(json.dumps({"persons": [{**person, "name": "A correction"}]}), "utf-8")
    bill = json.loads(min(landing.glob("bills/bills_*.jsonl")).read_text(encoding="utf-8").splitlines()[0])
    (landing / CORRECTIONS[1]).write_text(json.dumps({**bill, "title_ru": "Поправка"}) + "\n", "utf-8")
    second = run_pipeline(daily, instance, progress=False)
    third = run_pipeline(daily, instance, progress=False)

    full = settings_under(root / "full", landing_dir=landing)
    refresh = run_pipeline(full, dg.DagsterInstance.ephemeral(), progress=False)
    patch.undo()
    return {
        "daily": daily,
        "full": full,
        "withdrawn": withdrawn.relative_to(landing).as_posix(),
        "first": first,
        "second": second,
        "third": third,
        "refresh": refresh,
    }


def test_every_run_succeeds(runs):
    for name in ("first", "second", "third", "refresh"):
        assert runs[name].success, name


def test_incremental_runs_give_the_same_tables_as_a_full_refresh(runs):
    daily, full = _published_rows(runs["daily"].warehouse), _published_rows(runs["full"].warehouse)
    assert daily.keys() == full.keys()
    for table in daily:
        assert daily[table] == full[table], f"published.{table} differs from a full refresh"
    assert daily["person_votes"] and daily["submission_counts"]


def test_duplicates_are_kept_by_file_name_and_reported_not_by_load_order(runs):
    def conflicts(settings: Settings) -> list[tuple]:
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            return con.execute(
                "SELECT raw_table, source_file, record_position, reason FROM private.quarantine "
                "WHERE starts_with(reason, 'duplicate') ORDER BY ALL"
            ).fetchall()

    daily, full = conflicts(runs["daily"]), conflicts(runs["full"])
    assert daily == full
    assert {(table, file) for table, file, *_ in daily} == {
        ("popolo_persons", CORRECTIONS[0]),
        ("bills", CORRECTIONS[1]),
    }
    assert all(" is kept " in reason for *_, reason in daily)
    with duckdb.connect(str(runs["daily"].warehouse), read_only=True) as con:
        names = con.execute("SELECT count(*) FROM published.persons WHERE person_name = 'A correction'").fetchone()
    assert names == (0,)


def test_incremental_runs_publish_the_same_files_as_a_full_refresh(runs):
    def data_files(settings: Settings) -> dict[str, str]:
        hashes = folder_hashes(settings.publish_dir)
        return {path: sha for path, sha in hashes.items() if not path.startswith(TIMESTAMPED)}

    daily, full = data_files(runs["daily"]), data_files(runs["full"])
    assert daily == full
    assert any(path.endswith("person_votes.parquet") for path in daily)


def test_the_daily_run_rebuilt_only_the_vote_events_of_changed_files(runs):
    with duckdb.connect(str(runs["daily"].warehouse), read_only=True) as con:
        files = set(con.execute("SELECT DISTINCT _source_file FROM core.fct_person_votes").fetchall())
        built = dict(
            con.execute(
                "SELECT _source_file = ?, list(DISTINCT _built_at) FROM core.fct_person_votes GROUP BY 1",
                [NEW_FILES[0]],
            ).fetchall()
        )
    assert (NEW_FILES[0],) in files and (runs["withdrawn"],) not in files
    (first_build,), (second_build,) = built[False], built[True]
    assert second_build > first_build  # the rows of untouched files were kept from the first run, not rebuilt


def test_validation_revalidates_only_the_batches_that_changed(runs):
    second = _checks(runs["second"])["published/person_votes"]
    assert 0 < second["batches_validated"] < second["batches"]
    third = _checks(runs["third"])
    assert third and all(check["batches_validated"] == 0 for check in third.values())


def test_a_run_with_nothing_new_skips_dbt_and_publishing(runs):
    third = _materializations(runs["third"])
    models = {key: meta for key, meta in third.items() if key.startswith(("core/", "published/", "staging/"))}
    assert models and all(meta.get("unchanged") for meta in models.values())
    datasets = {key: meta for key, meta in third.items() if key.startswith("datasets/")}
    assert "datasets/warehouse" in datasets  # no new release: it is not copied and scanned again either
    assert datasets and all(not meta["rebuilt"] and meta["bytes_sent"] == 0 for meta in datasets.values())
    second = _materializations(runs["second"])
    assert second["datasets/votes"]["rebuilt"] and second["datasets/votes"]["bytes_sent"] > 0
    assert second["datasets/warehouse"]["rebuilt"] and second["datasets/warehouse"]["bytes_sent"] > 0
    assert not second["datasets/members"]["rebuilt"]  # the members did not change
