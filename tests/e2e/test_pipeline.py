"""The whole pipeline, end to end, in process: the CLI on demo data, a no-change re-run, and a run with a bill
dated 2099 and every format of personal data planted in every free-text column (blocked datasets, redacted
comments, nothing planted in any public output).

These run the real thing: DuckDB, dbt (through dagster-dbt), Great Expectations, frictionless. The demo run is the
session's (`demo_release` in tests/e2e/conftest.py, shared with the release, SQL and docs tests); the no-change re-run
runs on a copy of it with a new Dagster instance, and the planted run on a copy of its landing folder, so the suite
stays within minutes.
"""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.asset_keys import SUITE_CHECK as SUITE
from dagster_project.assets.transform import dbt_models, ensure_manifest, run_target
from dagster_project.cli import run_pipeline
from dagster_project.definitions import build_definitions
from dagster_project.privacy.scan import scan_files
from dagster_project.resources import Warehouse
from publish.catalogue import catalogue_for
from publish.package import validate_package
from tests.support.landing import write_json, write_text
from tests.support.pipeline import copy_demo_release
from tests.support.popolo import assert_popolo_export
from tests.support.published import assert_packages_pass_frictionless, folder_hashes, occurrences

CATALOGUE = catalogue_for(ensure_manifest())
DEMO_SCALE = 0.05


def published_counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {t.name: con.execute(f"SELECT count(*) FROM {t.relation}").fetchone()[0] for t in CATALOGUE.tables}


def check_evaluations(instance: dg.DagsterInstance, run_id: str) -> dict[str, dg.AssetCheckEvaluation]:
    evaluations = {}
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        data = record.dagster_event.event_specific_data
        evaluations[f"{data.asset_key.to_user_string()}:{data.check_name}"] = data
    return evaluations


@pytest.fixture(scope="module")
def demo(demo_release):
    """The session's demo run (tests/e2e/conftest.py): demo data run through the whole pipeline by the `eparl` CLI."""
    return demo_release


def test_the_cli_runs_the_whole_pipeline_and_every_check_passes(demo):
    assert demo["cli"].exit_code == 0, demo["cli"].output
    assert "Succeeded" in demo["cli"].output
    # dbt's own log lines are in the log file, not in the progress on the console (eparl --dbt-log shows them)
    log = demo["log"].read_text(encoding="utf-8")
    assert "Running with dbt=" in log and "Succeeded" in log and "✔ dbt_models" in log
    assert "Running with dbt=" not in demo["cli"].output and "✔ dbt_models" in demo["cli"].output
    assert len(log.splitlines()) > len(demo["cli"].output.splitlines()) + 100
    evaluations = check_evaluations(demo["instance"], demo["run_id"])
    failed = [key for key, evaluation in evaluations.items() if not evaluation.passed]
    assert failed == []
    # every raw table reconciled, every published table was validated by its suite
    assert sum(key.endswith(":records_reconcile") for key in evaluations) == 19  # with the official sources' 4
    assert {key for key in evaluations if key.endswith(":great_expectations_suite")} == {
        f"published/{t.name}:great_expectations_suite" for t in CATALOGUE.tables
    }


def test_the_dbt_build_writes_beside_its_warehouse_and_runs_no_unit_test(demo):
    """Each warehouse has dbt's target folder of its own (two pipelines of one checkout never read each other's run
    results), and a run's `dbt build` runs the data tests but not the unit tests (tests/e2e/test_dbt_conventions.py)."""
    target = run_target(Warehouse(path=str(demo["settings"].warehouse)))
    assert target == demo["settings"].warehouse.with_name("warehouse.duckdb.dbt")
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    statuses = {(result["unique_id"].split(".")[0], result["status"]) for result in results}
    assert statuses == {("model", "success"), ("seed", "success"), ("test", "pass"), ("exposure", "no-op")}


def test_every_published_package_passes_the_stock_frictionless_validate(demo):
    checked = assert_packages_pass_frictionless(demo["settings"].publish_dir)
    assert checked == sorted([*(d.name for d in CATALOGUE.built_datasets), "warehouse"])  # popolo among them


def test_every_dataset_is_published_with_a_valid_datapackage_marked_synthetic(demo):
    publish_dir = demo["settings"].publish_dir
    # the catalogue's datasets, plus the warehouse release, the docs site (tests/e2e/test_release.py) and the landing
    # page (tests/e2e/test_landing_page.py)
    assert sorted(p.name for p in publish_dir.iterdir() if not p.name.startswith(".")) == sorted(
        [*(d.name for d in CATALOGUE.built_datasets), "docs", "warehouse", "index.html", "README.md"]
    )
    for dataset in CATALOGUE.datasets:
        package_path = publish_dir / dataset.name / "datapackage.json"
        validate_package(package_path)  # frictionless, plus bytes and sha256 of every file
        package = json.loads(package_path.read_text(encoding="utf-8"))
        assert package["synthetic"] is True and "synthetic" in package["keywords"]
        assert package["title"].startswith("[SYNTHETIC DATA]")
        assert package["title_kk"].startswith("[СИНТЕТИКАЛЫҚ ДЕРЕКТЕР]")
        assert package["title_ru"].startswith("[СИНТЕТИЧЕСКИЕ ДАННЫЕ]")
        assert {r["path"] for r in package["resources"]} == {
            f"{t.name}.{fmt}" for t in dataset.tables for fmt in ("csv", "parquet")
        } | {f"{c.name}.png" for c in dataset.charts}
        for resource in package["resources"]:
            if resource["format"] == "png":  # a chart: titled in three languages, no table schema
                assert resource["title_kk"] and resource["title_ru"] and resource["title"]
                continue
            assert all(
                f["description_kk"] and f["description_ru"] and f["description"] for f in resource["schema"]["fields"]
            )


def test_each_parquet_file_carries_its_data_dictionary_in_kk_ru_en(demo):
    with duckdb.connect() as con:
        for table in CATALOGUE.tables:
            dataset = next(d for d in CATALOGUE.datasets if table in d.tables)
            path = demo["settings"].publish_dir / dataset.name / f"{table.name}.parquet"
            metadata = dict(
                con.execute("SELECT decode(key), decode(value) FROM parquet_kv_metadata(?)", [str(path)]).fetchall()
            )
            assert metadata["title_kk"] == table.title.kk
            for column in table.columns:
                assert metadata[f"description:{column.name}"] == column.description.en
                assert metadata[f"description_kk:{column.name}"] == column.description.kk
                assert metadata[f"description_ru:{column.name}"] == column.description.ru


def test_the_popolo_export_is_valid_popolo_marked_synthetic_and_reloads_into_the_same_tables(demo, tmp_path_factory):
    folder = demo["settings"].publish_dir / "popolo"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["synthetic"] is True and "synthetic" in package["keywords"]
    assert package["title"].startswith("[SYNTHETIC DATA]") and package["title_kk"].startswith("[СИНТЕТИКАЛЫҚ")
    assert {r["path"] for r in package["resources"]} == {
        *(f"kz-parliament.{c}.json" for c in ("persons", "organizations", "memberships", "events", "vote_events")),
        "without-legislature.organizations.json",  # the executive bodies: no legislature, no members
    }
    objects = assert_popolo_export(demo["settings"], CATALOGUE.popolo, tmp_path_factory.mktemp("popolo_reload"))
    assert objects["persons"] == demo["summary"].persons
    assert objects["vote_events"] == demo["summary"].vote_events
    votes = json.loads((folder / "kz-parliament.vote_events.json").read_text(encoding="utf-8"))["vote_events"]
    assert sum(len(event["votes"]) for event in votes) == demo["summary"].votes


def test_published_rows_equal_the_warehouse(demo):
    counts = published_counts(demo["settings"].warehouse)
    assert counts["persons"] == demo["summary"].persons
    assert counts["vote_events"] == demo["summary"].vote_events
    assert counts["person_votes"] == demo["summary"].votes
    assert counts["bills"] == demo["summary"].bills
    with duckdb.connect() as con:
        for dataset in CATALOGUE.datasets:
            for table in dataset.tables:
                for fmt in ("csv", "parquet"):
                    path = demo["settings"].publish_dir / dataset.name / f"{table.name}.{fmt}"
                    rows = con.execute(f"SELECT count(*) FROM '{path}'").fetchone()[0]
                    assert rows == counts[table.name], f"{path}"


def test_every_dbt_table_reports_its_row_count_and_column_types_to_dagster(demo):
    counts = published_counts(demo["settings"].warehouse)
    instance, run_id = demo["instance"], demo["run_id"]
    materialized = {
        record.dagster_event.asset_key: record.dagster_event.event_specific_data.materialization.metadata
        for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
    }
    with duckdb.connect(str(demo["settings"].warehouse), read_only=True) as con:
        listed = con.execute("SELECT view_name FROM duckdb_views() WHERE schema_name = 'published'").fetchall()
    views = {name for (name,) in listed}
    assert views == {"person_votes"}  # a view of core.fct_person_votes
    for table in CATALOGUE.tables:
        metadata = materialized[dg.AssetKey(["published", table.name])]
        if table.name in views:  # a view is described, not counted (counting would run its query)
            assert "dagster/row_count" not in metadata
        else:
            assert metadata["dagster/row_count"].value == counts[table.name], table.name
        types = {c.name: c.type for c in metadata["dagster/column_schema"].value.columns}
        assert set(types) == {c.name for c in table.columns}, table.name  # read from the built table
    bills = {
        c.name: c.type for c in materialized[dg.AssetKey(["published", "bills"])]["dagster/column_schema"].value.columns
    }
    assert bills["bill_id"] == "VARCHAR" and bills["registration_date"] == "DATE"
    staging = materialized[dg.AssetKey(["staging", "stg_bills__bills"])]
    assert "dagster/column_schema" in staging and "dagster/row_count" not in staging


def test_planted_count_mismatches_are_flagged_and_only_those(demo):
    with duckdb.connect(str(demo["settings"].warehouse), read_only=True) as con:
        flagged = {
            r[0]
            for r in con.execute("SELECT vote_event_id FROM published.vote_events WHERE is_count_mismatch").fetchall()
        }
    assert flagged == set(demo["summary"].mismatched_vote_event_ids)
    assert len(flagged) >= 1
    published = (demo["settings"].publish_dir / "votes" / "vote_events.csv").read_text(encoding="utf-8")
    for vote_event_id in flagged:
        line = next(line for line in published.splitlines() if line.startswith(vote_event_id + ","))
        assert line.endswith(",true")  # is_count_mismatch is the last column, and it says so


def test_submissions_are_published_as_aggregates_without_personal_data(demo):
    folder = demo["settings"].publish_dir / "submissions"
    published = "".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.iterdir())
    with duckdb.connect(str(demo["settings"].warehouse), read_only=True) as con:
        personal = con.execute(
            "SELECT author_iin, author_email, author_phone FROM private.portal_submission_texts LIMIT 200"
        ).fetchall()
        total = con.execute("SELECT sum(submission_count) FROM published.submission_counts").fetchone()[0]
        smallest = con.execute("SELECT min(submission_count) FROM published.submission_counts").fetchone()[0]
    # cells under k are merged into 'suppressed' rows or withheld: never more than came in, never a small cell
    assert 0 < total <= demo["summary"].submissions and smallest >= 10
    assert personal, "the demo plants personal data in every submission"
    assert not [value for row in personal for value in row if value and value in published]
    assert "submission_id" not in published and "author_" not in published


def _materialized(result) -> dict[str, dict]:
    return {e.asset_key.to_user_string(): e.materialization.metadata for e in result.get_asset_materialization_events()}


def _suites(result) -> dict[str, dict]:
    return {
        e.asset_key.to_user_string(): e.metadata for e in result.get_asset_check_evaluations() if e.check_name == SUITE
    }


def test_a_second_run_with_nothing_new_changes_nothing_even_from_a_new_dagster_instance(demo, tmp_path):
    """The work skipped rests on the warehouse's step memo (`dagster_project/step_memo.py`), not on Dagster's
    history: a run from a new instance on a copy of the demo redoes nothing (`test_incremental.py` runs with one
    instance, as the daily run does)."""
    settings, _ = copy_demo_release(demo, tmp_path / "again")
    before_counts = published_counts(settings.warehouse)
    before_files = folder_hashes(settings.publish_dir)
    result = run_pipeline(settings, dg.DagsterInstance.ephemeral(), progress=False)
    assert result.success
    assert published_counts(settings.warehouse) == before_counts
    assert folder_hashes(settings.publish_dir) == before_files
    materialized = _materialized(result)
    for key, metadata in materialized.items():
        if key.startswith("raw/"):
            assert metadata["files_loaded"].value == 0  # every landing file skipped by its sha256
        if key.startswith(("staging/", "core/", "published/")):
            assert metadata["unchanged"].value is True, key  # dbt did not run
        if key.startswith("datasets/") and key != "datasets/index":
            assert metadata["rebuilt"].value is False, key  # the warehouse's too: the release is the same
        if key.startswith("datasets/"):
            assert metadata["bytes_sent"].value == 0
    assert materialized["docs/site"]["unchanged"].value is True
    suites = _suites(result)
    assert len(suites) == len(CATALOGUE.tables)
    assert all(metadata["batches_validated"].value == 0 for metadata in suites.values())
    dbt_tests = [e for e in result.get_asset_check_evaluations() if e.check_name not in (SUITE, "records_reconcile")]
    # every dbt test's pass carried over, naming the run it passed in
    assert {(e.asset_key, e.check_name) for e in dbt_tests} == {(c.asset_key, c.name) for c in dbt_models().check_keys}
    assert all(e.passed and "passed_in_run" in e.metadata for e in dbt_tests)
    assert {e.metadata["passed_in_run"].value for e in dbt_tests} == {demo["run_id"]}


def test_a_skipped_step_rebuilds_what_is_gone_though_its_memo_says_done(demo, tmp_path):
    """A memo records what was done, not that it is still there: a dropped model makes dbt run, a deleted dataset
    folder is published again, byte for byte, as is the warehouse dataset's deleted DuckDB file, and a deleted docs
    page is copied back."""
    settings, instance = copy_demo_release(demo, tmp_path / "gone")
    members = folder_hashes(settings.publish_dir / "members")
    warehouse_files = folder_hashes(settings.publish_dir / "warehouse")
    with duckdb.connect(str(settings.warehouse)) as con:
        con.execute("DROP TABLE published.persons")
    shutil.rmtree(settings.publish_dir / "members")
    (settings.publish_dir / "warehouse" / "warehouse.duckdb").unlink()
    (settings.publish_dir / "docs" / "index.html").unlink()
    result = run_pipeline(settings, instance, progress=False)
    assert result.success
    materialized = _materialized(result)
    assert "unchanged" not in materialized["published/persons"]  # dbt ran: the model was not in the warehouse
    assert (
        materialized["published/persons"]["dagster/row_count"].value
        == published_counts(demo["settings"].warehouse)["persons"]
    )
    assert all(metadata["batches_validated"].value == 0 for metadata in _suites(result).values())  # same rows
    assert materialized["datasets/members"]["rebuilt"].value is True
    assert folder_hashes(settings.publish_dir / "members") == members
    assert materialized["datasets/votes"]["rebuilt"].value is False
    assert materialized["datasets/warehouse"]["rebuilt"].value is True  # the same release, its file gone
    assert folder_hashes(settings.publish_dir / "warehouse") == warehouse_files
    assert materialized["docs/site"]["unchanged"].value is False
    assert (settings.publish_dir / "docs" / "index.html").is_file()


# Every format of personal data the gate must stop (tests/data/personal_data_labelled.csv has them all, measured),
# planted in every free-text column of the landing folder: each value below must reach no public output.
PLANTED_VALUES = {
    "IIN": ("ИИН-900101350122", "IIN900101350122", "900101 350122", "ЖСН 900101350129"),
    "PHONE": ("+7 (7172) 74-60-01", "8(7172)746001", "+7 707 12 34 567"),
    "EMAIL": ("aigul@почта.kz", "айгуль@mail.kz", "aigul at mail dot kz"),
    "ADDRESS": ("ул Абая 150 кв 12", "Абай көшесі, 12-үй"),
    "NAME": ("Тілеубердина Гүлнар Серікқызы",),
}
PLANTED_TEXT = "; ".join(value for values in PLANTED_VALUES.values() for value in values)
# What must not be found in any output: each value, and the digits of each IIN and phone.
PLANTED_FORMS = {value for values in PLANTED_VALUES.values() for value in values} | {
    "".join(c for c in value if c.isdigit()) for kind in ("IIN", "PHONE") for value in PLANTED_VALUES[kind]
}
COMMENT_MARKER = "Контрольное замечание альфа."
# (table, column, the planted row's key) for each free-text column the planted values are written into
PLANTED_COLUMNS = [
    ("bills", "title_ru", {"bill_id": "kz-parliament/bill/1-VIII"}),
    ("bill_documents", "document_title", {"bill_id": "kz-parliament/bill/1-VIII", "document_number": 1}),
    ("bill_actions", "description_ru", {"bill_id": "kz-parliament/bill/1-VIII", "action_number": 1}),
    ("vote_events", "motion_text", {"vote_event_id": None}),  # the first vote event of the first votes file
    ("petitions", "petition_title", {"petition_id": None}),  # the first petition
]


def _plant_personal_data(landing: Path) -> dict[str, str]:
    """Write PLANTED_TEXT into the first bill's Russian title, first document title and first action description,
    the first vote event's motion text, the first petition's title, and the text of every third comment on a
    draft law (which becomes a published bill comment once redacted). Returns the planted rows' ids."""
    bills = landing / "bills" / "bills_2023.jsonl"
    lines = bills.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["title_ru"] = f"О законопроекте: {PLANTED_TEXT}"
    first["documents"][0]["title"] = f"Сравнительная таблица. {PLANTED_TEXT}"
    first["actions"][0]["description_ru"] = f"Зарегистрирован. {PLANTED_TEXT}"
    bills.write_text("\n".join([json.dumps(first, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    votes_file = sorted((landing / "popolo").glob("votes_*.json"))[0]
    votes = json.loads(votes_file.read_text(encoding="utf-8"))
    votes["vote_events"][0]["motion"]["text"] = f"За основу: {PLANTED_TEXT}"
    write_json(votes_file, votes)
    petitions_file = landing / "petitions" / "petitions.json"
    petitions = json.loads(petitions_file.read_text(encoding="utf-8"))
    petitions["petitions"][0]["title"] = f"Петиция: {PLANTED_TEXT}"
    write_json(petitions_file, petitions)
    comments = 0
    for path in sorted((landing / "submissions").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            if row["channel"] == "draft_law_comment" and comments % 3 == 0:
                row["text"] += f" {COMMENT_MARKER} {PLANTED_TEXT}"
            comments += row["channel"] == "draft_law_comment"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return {"vote_event_id": votes["vote_events"][0]["id"], "petition_id": petitions["petitions"][0]["id"]}


@pytest.fixture(scope="module")
def planted(demo, tmp_path_factory):
    """The demo landing folder with a bill dated 2099 and every format of personal data in every free-text
    column, run through the whole pipeline once."""
    root = tmp_path_factory.mktemp("planted")
    settings = replace(
        demo["settings"],
        landing_dir=root / "landing",
        warehouse=root / "warehouse.duckdb",
        publish_dir=root / "published",
        validation_dir=root / "validation",
    )
    shutil.copytree(demo["settings"].landing_dir, settings.landing_dir)
    ids = _plant_personal_data(settings.landing_dir)
    # A bill registered in 2099: a valid date, so it loads and dbt builds, but the bills suite refuses it.
    write_text(
        settings.landing_dir / "bills" / "typo.jsonl",
        json.dumps(
            {
                "id": "kz-parliament/bill/typo",
                "legislature_id": "kz-parliament",
                "number": "№ 9999-VIII",
                "title_ru": "О законопроекте с опечаткой в дате",
                "initiator_type": "deputies",
                "registration_date": "2099-01-15",
                "status": "in_progress",
            },
            ensure_ascii=False,
        )
        + "\n",
    )
    instance = dg.DagsterInstance.ephemeral()
    result = run_pipeline(settings, instance, progress=False)
    checks = {
        (e.asset_key.path[-1], e.check_name): e
        for e in result.get_asset_check_evaluations()
        if e.asset_key.path[0] == "published"
    }
    return {"settings": settings, "result": result, "instance": instance, "run_id": result.run_id, "ids": ids,
            "checks": checks}  # fmt: skip


def test_a_failing_suite_blocks_only_its_dataset(planted):
    settings, instance = planted["settings"], planted["instance"]
    assert not planted["result"].success
    bills_check = planted["checks"][("bills", "great_expectations_suite")]
    assert not bills_check.passed
    failures = bills_check.metadata["failures"].value
    assert "expect_column_values_to_be_between" in failures and "kz-parliament/bill/typo" in failures
    # bills, votes and petitions carry personal data (and research is built on bills and votes): the rest is out
    published = sorted(p.name for p in settings.publish_dir.iterdir() if not p.name.startswith("."))
    assert published == ["members", "submissions"]

    # Materialising the dataset on its own (as from the UI) is refused too: its table's suite failed.
    job = build_definitions(settings).resolve_job_def("full_pipeline")
    alone = job.execute_in_process(
        instance=instance, asset_selection=[dg.AssetKey(["datasets", "bills"])], raise_on_error=False
    )
    assert not alone.success
    (failure,) = [e for e in alone.all_events if e.is_step_failure]
    assert "bills: its suite failed" in failure.step_failure_data.user_failure_data.description
    assert not (settings.publish_dir / "bills").exists()


def test_personal_data_in_any_free_text_column_blocks_its_table_naming_column_and_key_not_value(planted):
    for table, column, key in PLANTED_COLUMNS:
        key = {name: value if value is not None else planted["ids"][name] for name, value in key.items()}
        check = planted["checks"][(table, "great_expectations_suite")]
        assert not check.passed, table
        leaks = check.metadata["personal_data"].value
        kinds = {leak["kind"] for leak in leaks if leak["column"] == column and key in leak["keys"]}
        # names are personal data only in the tables made from what citizens send
        expected = set(PLANTED_VALUES) - (set() if table == "petitions" else {"NAME"})
        assert kinds == expected, (table, column, leaks)
        assert all(leak["table"] == table for leak in leaks)
        shown = json.dumps({k: v.value for k, v in check.metadata.items()}, ensure_ascii=False, default=str)
        assert not [form for form in PLANTED_FORMS if form in shown], table


def test_citizens_comments_with_personal_data_are_published_redacted_not_blocked(planted):
    assert planted["checks"][("bill_comments", "great_expectations_suite")].passed
    path = planted["settings"].publish_dir / "submissions" / "bill_comments.csv"
    with path.open(encoding="utf-8") as handle:
        marked = [row["comment_text"] for row in csv.DictReader(handle) if COMMENT_MARKER in row["comment_text"]]
    assert marked, "the planted comments were published (redacted), not withheld"
    for text in marked:
        assert all(f"[{kind}]" in text for kind in PLANTED_VALUES), text


@pytest.mark.parametrize(
    ("resource", "change", "message"),
    [
        ("vote_events-csv", {"hash": "sha256:" + "0" * 64}, "bytes or sha256 differ"),
        ("person_votes-csv", {"rows": 5}, "rows, the descriptor says 5"),
        ("vote_events-parquet", {"rename_field": "vote_date"}, "differ from the schema"),
    ],
)
def test_a_tampered_datapackage_is_refused(demo, tmp_path, resource, change, message):
    folder = shutil.copytree(demo["settings"].publish_dir / "votes", tmp_path / "votes")
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    entry = next(r for r in package["resources"] if r["name"] == resource)
    if "rename_field" in change:
        field = next(f for f in entry["schema"]["fields"] if f["name"] == change["rename_field"])
        field["name"] = "renamed"
    else:
        entry.update(change)
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        validate_package(folder / "datapackage.json")


def _published_files(run) -> list[Path]:
    """Every file a run published: the datasets' folders (the `warehouse` dataset is the current release's
    DuckDB file and release.json; the release's Parquet files hold the same tables as the datasets' Parquet)."""
    settings = run["settings"]
    return [p for p in sorted(settings.publish_dir.rglob("*")) if p.is_file() and ".build" not in p.parts]


def _public_outputs(run) -> list[tuple[str, str]]:
    """Every public output of a run as text: published files (Parquet and DuckDB files read back by DuckDB, every
    table), the validation report, and the Dagster run's events and everything stored under
    DAGSTER_HOME (also as JSON-escaped text)."""
    settings = run["settings"]
    outputs = []
    with duckdb.connect() as con:
        for path in _published_files(run):
            if path.suffix not in (".parquet", ".duckdb"):  # those are compressed: read back their rows instead
                outputs.append((str(path), path.read_bytes().decode("utf-8", errors="replace")))
            if path.suffix == ".parquet":
                outputs.append((f"{path} (rows)", repr(con.execute(f"SELECT * FROM '{path}'").fetchall())))
            if path.suffix == ".duckdb":
                con.execute(f"ATTACH '{path}' AS released (READ_ONLY)")
                tables = con.execute(
                    "SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = 'released'"
                ).fetchall()
                for schema, table in tables:
                    rows = con.execute(f'SELECT * FROM released."{schema}"."{table}"').fetchall()
                    outputs.append((f"{path}:{schema}.{table} (rows)", repr(rows)))
                con.execute("DETACH released")
    for path in sorted(settings.validation_dir.rglob("*")):
        if path.is_file():
            outputs.append((str(path), path.read_bytes().decode("utf-8", errors="replace")))
    home = settings.publish_dir.parent / "dagster_home"
    for path in sorted(home.rglob("*")):
        if path.is_file():
            outputs.append((str(path), path.read_bytes().decode("utf-8", errors="replace")))
    events = [repr(record) for record in run["instance"].all_logs(run["run_id"])]
    outputs.append(("dagster run events", "\n".join(events)))
    return outputs


def test_no_planted_personal_value_reaches_any_public_output(demo, planted, tmp_path):
    values = {(kind, value) for kind, found in demo["summary"].planted_personal_data.items() for value in found}
    assert {kind for kind, _ in values} == {"name", "iin", "phone", "email", "address"}
    primary_keys = {t.name: t.primary_key for t in CATALOGUE.tables}
    for run, planted_values in ((demo, values), (planted, values | {("format", form) for form in PLANTED_FORMS})):
        outputs = _public_outputs(run)
        assert any(name.endswith("bill_comments.csv") for name, _ in outputs)
        forms = {form: (kind, value) for kind, value in planted_values for form in (value, json.dumps(value)[1:-1])}
        # the search's control: a redaction's placeholder, which the published comments hold
        searched = occurrences({*forms, "[NAME]"}, outputs, tmp_path / ("demo" if run is demo else "planted"))
        assert any(form == "[NAME]" and name.endswith("bill_comments.csv") for form, name in searched)
        found = [(*forms[form], name) for form, name in searched if form != "[NAME]"]
        print(f"planted personal values: {len(planted_values)}; found in public outputs: {len(found)}")
        assert found == []
        # and the gate's own scan of every published data file (CSV, Parquet, DuckDB, Popolo JSON) finds nothing
        data_files = [
            p
            for p in _published_files(run)
            if p.suffix in (".csv", ".parquet", ".duckdb") or (p.suffix == ".json" and p.parent.name == "popolo")
        ]
        assert scan_files(data_files, primary_keys) == []
        if run is demo:  # the clean run published everything: charts and the warehouse's DuckDB file too
            assert any(name.endswith("submissions_by_month.png") for name, _ in outputs)
            assert any("warehouse.duckdb:published.bill_comments" in name for name, _ in outputs)
    with duckdb.connect(str(demo["settings"].warehouse), read_only=True) as con:
        placeholders = con.execute("SELECT count(*) FROM published.bill_comments WHERE comment_text LIKE '%[%]%'")
        assert placeholders.fetchone()[0] > 0  # redacted texts were published, not just withheld


def test_demo_petitions_reconcile_by_country(demo):
    with duckdb.connect(str(demo["settings"].warehouse), read_only=True) as con:
        rows = con.execute("SELECT count(*), bool_and(is_country_count_reconciled) FROM published.petitions").fetchall()
        regions = con.execute(
            "SELECT count(DISTINCT area_code) FROM published.petition_signatures WHERE area_type_code = 'region'"
        ).fetchall()
    assert rows == [(demo["summary"].petitions, True)]
    assert regions == [(20,)]


def test_working_days_skip_nauryz_and_count_a_transferred_saturday(demo):
    with duckdb.connect(str(demo["settings"].warehouse), read_only=True) as con:
        index = dict(
            con.execute("SELECT calendar_date::VARCHAR, working_day_index FROM core.dim_calendar_days").fetchall()
        )
    # Nauryz 21-23 March 2024 (the 23rd a Saturday, so Monday the 25th off): Wednesday 20th to Tuesday 26th is 1.
    assert index["2024-03-26"] - index["2024-03-20"] == 1
    # 2024: Saturday 4 May worked, Wednesday 8 May off (transferred), 7 and 9 May holidays.
    assert index["2024-05-04"] - index["2024-05-03"] == 1
    assert index["2024-05-10"] - index["2024-05-06"] == 1
