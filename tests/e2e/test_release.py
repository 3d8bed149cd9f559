"""Releases for researchers: made after a successful run, switched atomically, read-only through `eparl sql`,
published as the `warehouse` dataset, and consistent for a reader while the next run writes the next one. Pruning
and a failed build, on folders made there: tests/unit/test_release.py."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dagster_project.asset_keys import DOCS_KEY
from dagster_project.assets.transform import ensure_manifest
from dagster_project.cli import app, run_pipeline
from dagster_project.hashing import file_sha256
from dagster_project.release.build import (
    CURRENT,
    current_release,
    list_releases,
)
from dagster_project.release.sql import open_release
from dagster_project.settings import Settings
from publish.catalogue import catalogue_for
from tests.support.pipeline import copy_demo_release


def sql(settings: Settings, *args: str, **env: str):
    return CliRunner().invoke(
        app, ["sql", *args], env={"EPARL_RELEASES_DIR": str(settings.releases_path), **env}, catch_exceptions=False
    )


def test_a_run_makes_a_current_release_that_says_what_it_holds(demo_release):
    settings = demo_release["settings"]
    release = current_release(settings.releases_path)
    assert release is not None and (settings.releases_path / CURRENT).is_symlink()
    assert release.manifest["run_id"] == demo_release["run_id"]
    assert release.manifest["code_version"]
    with duckdb.connect(str(release.database), read_only=True) as con:
        counts = {
            f"{schema}.{name}": con.execute(f'SELECT count(*) FROM "{schema}"."{name}"').fetchone()[0]
            for schema, name in con.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall()
        }
        schemas = {name.split(".")[0] for name in counts}
        for table, rows in release.manifest["tables"].items():
            parquet = release.directory / "parquet" / f"{table}.parquet"
            assert con.execute("SELECT count(*) FROM read_parquet(?)", [str(parquet)]).fetchone()[0] == rows
    assert counts == release.manifest["tables"] and counts["published.group_cohesion"] > 0
    assert schemas == {"published", "reference"}  # never raw, staging, audit or private
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        audit = {(f, h) for f, h in con.execute("SELECT source_file, source_sha256 FROM audit.load_log").fetchall()}
    assert {(s["source_file"], s["sha256"]) for s in release.manifest["source_files"]} == audit


def test_eparl_sql_answers_as_a_table_csv_and_json(demo_release):
    settings = demo_release["settings"]
    query = "SELECT count(*) AS n FROM published.vote_events"
    with duckdb.connect(str(current_release(settings.releases_path).database), read_only=True) as con:
        events = con.execute(query).fetchone()[0]
    table = sql(settings, query)
    assert table.exit_code == 0 and str(events) in table.output and "(1 rows)" in table.output
    assert sql(settings, query, "--format", "csv").output.splitlines() == ["n", str(events)]
    assert json.loads(sql(settings, query, "--format", "json").output) == [{"n": events}]


@pytest.mark.parametrize(
    "statement",
    [
        "DROP TABLE published.vote_events",
        "UPDATE published.persons SET person_name = 'x'",
        "CREATE TABLE published.mine AS SELECT 1",
        "COPY published.persons TO '/tmp/eparl-should-not-exist.csv'",
        "ATTACH '/tmp/eparl-should-not-exist.duckdb' AS other",
    ],
)
def test_a_write_through_eparl_sql_is_refused_and_changes_nothing(demo_release, statement):
    settings = demo_release["settings"]
    database = current_release(settings.releases_path).database
    before = file_sha256(database)
    refused = sql(settings, statement)
    assert refused.exit_code == 1
    assert "the release is read-only" in refused.output
    assert file_sha256(database) == before
    assert not Path("/tmp/eparl-should-not-exist.csv").exists()
    assert not Path("/tmp/eparl-should-not-exist.duckdb").exists()


def test_a_query_past_its_time_out_is_stopped(demo_release):
    slow = sql(demo_release["settings"], "SELECT count(*) FROM range(1000000000000) a", EPARL_SQL_TIMEOUT_SECONDS="0.5")
    assert slow.exit_code == 1 and "stopped after 0.5 s" in slow.output


def test_a_query_cannot_lift_its_limits_nor_run_a_second_statement(demo_release):
    settings = demo_release["settings"]
    for query, reason in [
        ("SET memory_limit = '16GB'", "settings are locked"),
        ("PRAGMA memory_limit = '16GB'", "settings are locked"),
        ("SET threads = 64", "settings are locked"),
        ("SELECT 1; SET memory_limit = '16GB'", "one statement at a time; this text has 2"),
        ("SELECT count(*) FROM published.persons; SELECT 2", "one statement at a time; this text has 2"),
    ]:
        refused = sql(settings, query, EPARL_SQL_MEMORY_LIMIT="512MB")
        assert refused.exit_code == 1 and reason in refused.output, query
    # a query runs, under the limit of the settings (DuckDB shows 512MB as MiB)
    limit = sql(
        settings, "SELECT current_setting('memory_limit') AS m", "--format", "csv", EPARL_SQL_MEMORY_LIMIT="512MB"
    )
    assert limit.exit_code == 0 and limit.output.splitlines() == ["m", "488.2 MiB"]
    # and DuckDB itself holds the limits, past our parser
    locked = pytest.raises(duckdb.InvalidInputException, match="configuration has been locked")
    with open_release(replace(settings, sql_memory_limit="512MB")) as (con, _), locked:
        con.execute("SET memory_limit = '16GB'")


def test_a_large_answer_is_cut_and_read_within_the_time_out(demo_release):
    settings = demo_release["settings"]
    many = sql(settings, "SELECT range AS i FROM range(100000000)", "--format", "csv", EPARL_SQL_MAX_ROWS="1000")
    assert many.exit_code == 0 and many.stdout.splitlines() == ["i", *map(str, range(1000))]
    assert "cut after its first 1,000 rows" in many.stderr and "EPARL_SQL_MAX_ROWS" in many.stderr
    wide = sql(
        settings, "SELECT repeat('x', 1000) AS s FROM range(1000)", "--format", "csv", EPARL_SQL_MAX_CHARS="10000"
    )
    assert wide.stdout.splitlines()[1:] == ["x" * 1000] * 10 and "EPARL_SQL_MAX_CHARS" in wide.stderr
    # reading an endless answer is stopped by the time-out like computing one
    endless = sql(
        settings,
        "SELECT range AS i FROM range(1000000000000)",
        EPARL_SQL_MAX_ROWS=str(10**12),
        EPARL_SQL_TIMEOUT_SECONDS="0.5",
    )
    assert endless.exit_code == 1 and "stopped after 0.5 s" in endless.output
    # an answer within the limits is whole, and says nothing of a cut
    whole = sql(settings, "SELECT range AS i FROM range(1000)", "--format", "csv", EPARL_SQL_MAX_ROWS="1000")
    assert whole.exit_code == 0 and whole.stdout.splitlines() == ["i", *map(str, range(1000))]
    assert whole.stderr == ""


def test_the_interactive_shell_runs_statement_after_statement(demo_release):
    shell = CliRunner().invoke(
        app,
        ["sql", "--format", "csv"],
        input="SELECT 1 AS one;\nSELECT\n  2 AS two;\nDELETE FROM published.persons;\n.quit\nSELECT 3;\n",
        env={"EPARL_RELEASES_DIR": str(demo_release["settings"].releases_path)},
    )
    assert "one\n1" in shell.output and "two\n2" in shell.output
    assert "the release is read-only" in shell.output and "\n3" not in shell.output
    assert shell.exit_code == 1  # one statement was refused


def test_the_warehouse_dataset_ships_the_current_release(demo_release):
    settings = demo_release["settings"]
    release = current_release(settings.releases_path)
    folder = settings.publish_dir / "warehouse"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == release.release_id and package["release"]["run_id"] == release.manifest["run_id"]
    assert {r["path"] for r in package["resources"]} == {"warehouse.duckdb", "release.json"}
    for resource in package["resources"]:
        # what the CKAN target reads from every resource
        for key in ("name", "path", "format", "hash", "title", "title_kk", "title_ru", "description"):
            assert resource[key] not in (None, ""), key
        assert "rows" not in resource  # frictionless cannot count a file's rows: release.json has each table's
        assert resource["hash"] == f"sha256:{file_sha256(folder / resource['path'])}"
        assert file_sha256(folder / resource["path"]) == file_sha256(release.directory / resource["path"])
    assert package["title"].startswith("[SYNTHETIC DATA]")
    assert (settings.publish_dir / "docs" / "index.html").stat().st_size > 100_000


def _invariant(release_dir: Path) -> tuple[str, str]:
    """Open one release read-only and check that its tables agree with each other and with its release.json;
    return (release id, run id)."""
    release = current_release(release_dir)
    with duckdb.connect(str(release.database), read_only=True) as con:
        tallied, votes, events, cohesion = con.execute(
            """SELECT (SELECT sum(tallied_vote_count) FROM published.vote_events),
                      (SELECT count(*) FROM published.person_votes),
                      (SELECT count(*) FROM published.vote_events),
                      (SELECT sum(member_count) FROM published.group_cohesion)"""
        ).fetchone()
        grouped = con.execute("SELECT count(*) FROM published.person_votes WHERE group_id IS NOT NULL").fetchone()[0]
    assert tallied == votes, f"{release.release_id}: vote_events tally {tallied} != {votes} person_votes"
    assert cohesion == grouped, f"{release.release_id}: group_cohesion {cohesion} != {grouped} grouped votes"
    assert release.manifest["tables"]["published.person_votes"] == votes
    assert release.manifest["tables"]["published.vote_events"] == events
    return release.release_id, release.manifest["run_id"]


def test_a_reader_sees_consistent_releases_while_the_next_run_writes(demo_release, tmp_path):
    settings, instance = copy_demo_release(demo_release, tmp_path / "root")
    first = current_release(settings.releases_path).release_id
    # the oldest month's votes are withdrawn: the next run rebuilds the votes and makes a new release of them (a
    # smaller change than regenerating the landing at a larger scale, which made the run longer and tested no more)
    min(settings.landing_dir.glob("popolo/votes_*.json")).unlink()

    seen: list[tuple[str, str]] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def reader() -> None:
        while True:
            finished = done.is_set()  # one more read after the run has finished
            try:
                seen.append(_invariant(settings.releases_path))
            except BaseException as error:  # a failed read is the test's failure, reported below
                errors.append(error)
                return
            if finished:
                return

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        result = run_pipeline(settings, instance, progress=False)
    finally:
        done.set()
        thread.join(timeout=120)
    assert result.success
    assert errors == []
    latest = current_release(settings.releases_path)
    assert latest.release_id != first and latest.manifest["run_id"] == result.run_id
    assert seen[0][0] == first and seen[-1] == (latest.release_id, result.run_id)
    assert {release_id for release_id, _ in seen} <= {first, latest.release_id}
    assert [p.name for p in list_releases(settings.releases_path)] == [first, latest.release_id]
    # the docs site shows the dbt project and the schema, not the rows: a new release of the same schema keeps it
    (docs,) = [e for e in result.get_asset_materialization_events() if e.asset_key == DOCS_KEY]
    assert docs.materialization.metadata["unchanged"].value is True


def test_the_warehouse_dataset_is_on_the_ckan_portal_as_plain_downloads(ckan_portal, demo_release):
    from publish.ckan import CkanTarget
    from publish.ckan_client import CkanClient, Retry

    catalogue = catalogue_for(ensure_manifest())

    folder = demo_release["settings"].publish_dir / "warehouse"
    ckan_portal.purge_dataset_if_present("warehouse")
    client = CkanClient(ckan_portal.site_url, ckan_portal.api_token, timeout=60, retry=Retry(attempts=2))
    shipped = CkanTarget(client, catalogue).ship(folder, catalogue.warehouse)
    assert "create dataset warehouse" in [str(change) for change in shipped.changes]
    package = ckan_portal.action("package_show", id="warehouse")
    local = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["title_kk"] == local["title_kk"] and package["version"] == local["version"]
    by_file = {r["url"].rsplit("/", 1)[-1]: r for r in package["resources"]}
    assert set(by_file) == {"datapackage.json", "warehouse.duckdb", "release.json"}
    assert by_file["warehouse.duckdb"]["sha256"] == file_sha256(folder / "warehouse.duckdb")
    assert not by_file["warehouse.duckdb"].get("datastore_active")  # a download, not a DataStore table
    again = CkanTarget(client, catalogue).ship(folder, catalogue.warehouse)
    assert again.changes == [] and again.bytes_uploaded == 0
