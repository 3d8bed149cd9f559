"""The whole pipeline, end to end, in process: the CLI on demo data, a no-change re-run, a blocked dataset.

These run the real thing: DuckDB, dbt (through dagster-dbt), Great Expectations, frictionless. One demo landing
folder is generated per module and the runs share it, so the suite stays within minutes.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from typer.testing import CliRunner

from dagster_project.assets.transform import DBT_PROJECT
from dagster_project.cli import app, run_pipeline
from dagster_project.definitions import build_definitions
from dagster_project.demo.generator import generate_landing
from dagster_project.hashing import file_sha256
from dagster_project.privacy.patterns import iin_check_digit
from publish.catalogue import catalogue_for
from publish.package import validate_package
from tests.conftest import settings_under, write_text

CATALOGUE = catalogue_for(DBT_PROJECT.manifest_path)
DEMO_SCALE = 0.05
PLANTED_IIN = "900101300001"[:11] + str(iin_check_digit("90010130000"))


def published_counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {t.name: con.execute(f"SELECT count(*) FROM {t.relation}").fetchone()[0] for t in CATALOGUE.tables}


def folder_hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): file_sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".build" not in p.parts
    }


def check_evaluations(instance: dg.DagsterInstance, run_id: str) -> dict[str, dg.AssetCheckEvaluation]:
    evaluations = {}
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        data = record.dagster_event.event_specific_data
        evaluations[f"{data.asset_key.to_user_string()}:{data.check_name}"] = data
    return evaluations


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Generate a small demo landing folder and run the pipeline on it through the `eparl` CLI."""
    root = tmp_path_factory.mktemp("demo")
    settings = settings_under(root)
    summary = generate_landing(settings.landing_dir, scale=DEMO_SCALE, seed=7)
    env = {"DAGSTER_HOME": str(root / "dagster_home"), "EPARL_VALIDATION_DIR": str(settings.validation_dir)}
    result = CliRunner().invoke(
        app,
        [
            "run",
            "--landing",
            str(settings.landing_dir),
            "--warehouse",
            str(settings.warehouse),
            "--publish-dir",
            str(settings.publish_dir),
        ],
        env=env,
    )
    instance = dg.DagsterInstance.from_config(str(root / "dagster_home"))
    (run,) = instance.get_runs(limit=1)
    return {"settings": settings, "summary": summary, "cli": result, "instance": instance, "run_id": run.run_id}


def test_the_cli_runs_the_whole_pipeline_and_every_check_passes(demo):
    assert demo["cli"].exit_code == 0, demo["cli"].output
    assert "Succeeded" in demo["cli"].output
    evaluations = check_evaluations(demo["instance"], demo["run_id"])
    failed = [key for key, evaluation in evaluations.items() if not evaluation.passed]
    assert failed == []
    # every raw table reconciled, every published table was validated by its suite
    assert sum(key.endswith(":records_reconcile") for key in evaluations) == 19  # with the official sources' 4
    assert {key for key in evaluations if key.endswith(":great_expectations_suite")} == {
        f"published/{t.name}:great_expectations_suite" for t in CATALOGUE.tables
    }


def test_every_dataset_is_published_with_a_valid_datapackage_marked_synthetic(demo):
    publish_dir = demo["settings"].publish_dir
    # the catalogue's datasets, plus the warehouse release and the docs site (tests/test_release.py)
    assert sorted(p.name for p in publish_dir.iterdir() if not p.name.startswith(".")) == sorted(
        [*(d.name for d in CATALOGUE.datasets), "docs", "warehouse"]
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


def test_a_second_run_with_nothing_new_changes_nothing(demo):
    settings = demo["settings"]
    before_counts = published_counts(settings.warehouse)
    before_files = folder_hashes(settings.publish_dir)
    result = run_pipeline(settings, dg.DagsterInstance.ephemeral(), progress=False)
    assert result.success
    assert published_counts(settings.warehouse) == before_counts
    assert folder_hashes(settings.publish_dir) == before_files
    for event in result.get_asset_materialization_events():
        metadata = event.materialization.metadata
        if event.asset_key.path[0] == "raw":
            assert metadata["files_loaded"].value == 0  # every landing file skipped by its sha256
        if event.asset_key.path[0] == "datasets":
            assert metadata["bytes_sent"].value == 0


def test_a_failing_suite_blocks_only_its_dataset(demo, tmp_path):
    settings = replace(
        demo["settings"],
        landing_dir=tmp_path / "landing",
        warehouse=tmp_path / "warehouse.duckdb",
        publish_dir=tmp_path / "published",
    )
    shutil.copytree(demo["settings"].landing_dir, settings.landing_dir)
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
        + "\n"
        # A bill whose title carries a citizen's IIN: the personal-data suite must refuse it too, without the
        # value reaching the check's metadata.
        + json.dumps(
            {
                "id": "kz-parliament/bill/leak",
                "legislature_id": "kz-parliament",
                "number": "№ 9998-VIII",
                "title_ru": f"О законопроекте по обращению ИИН {PLANTED_IIN}",
                "initiator_type": "deputies",
                "registration_date": "2024-01-15",
                "status": "in_progress",
            },
            ensure_ascii=False,
        )
        + "\n",
    )
    instance = dg.DagsterInstance.ephemeral()
    result = run_pipeline(settings, instance, progress=False)

    assert not result.success
    (bills_check,) = [
        e
        for e in result.get_asset_check_evaluations()
        if e.asset_key.path == ["published", "bills"] and e.check_name == "great_expectations_suite"
    ]
    assert not bills_check.passed
    failures = bills_check.metadata["failures"].value
    assert "expect_column_values_to_be_between" in failures and "kz-parliament/bill/typo" in failures
    assert "expect_column_values_to_not_match_regex_list" in failures and '"column": "title_ru"' in failures
    assert PLANTED_IIN not in failures
    published = sorted(p.name for p in settings.publish_dir.iterdir() if not p.name.startswith("."))
    assert published == ["members", "petitions", "submissions", "votes"]

    # Materialising the dataset on its own (as from the UI) is refused too: its table's suite failed.
    job = build_definitions(settings).resolve_job_def("full_pipeline")
    alone = job.execute_in_process(
        instance=instance, asset_selection=[dg.AssetKey(["datasets", "bills"])], raise_on_error=False
    )
    assert not alone.success
    (failure,) = [e for e in alone.all_events if e.is_step_failure]
    assert "bills: its suite failed" in failure.step_failure_data.user_failure_data.description
    assert not (settings.publish_dir / "bills").exists()


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


def _public_outputs(demo) -> list[tuple[str, str]]:
    """Every public output as text: published files (Parquet read back by DuckDB), the validation report, and the
    Dagster run's events and everything stored under DAGSTER_HOME (also as JSON-escaped text)."""
    settings = demo["settings"]
    outputs = []
    with duckdb.connect() as con:
        for path in sorted(settings.publish_dir.rglob("*")):
            if path.is_file() and ".build" not in path.parts:
                outputs.append((str(path), path.read_bytes().decode("utf-8", errors="replace")))
                if path.suffix == ".parquet":
                    rows = con.execute(f"SELECT * FROM '{path}'").fetchall()
                    outputs.append((f"{path} (rows)", repr(rows)))
    for path in sorted(settings.validation_dir.rglob("*")):
        if path.is_file():
            outputs.append((str(path), path.read_bytes().decode("utf-8", errors="replace")))
    home = settings.publish_dir.parent / "dagster_home"
    for path in sorted(home.rglob("*")):
        if path.is_file():
            outputs.append((str(path), path.read_bytes().decode("utf-8", errors="replace")))
    events = [repr(record) for record in demo["instance"].all_logs(demo["run_id"])]
    outputs.append(("dagster run events", "\n".join(events)))
    return outputs


def test_no_planted_personal_value_reaches_any_public_output(demo):
    planted = demo["summary"].planted_personal_data
    values = {(kind, value) for kind, found in planted.items() for value in found}
    assert {kind for kind, _ in values} == {"name", "iin", "phone", "email", "address"}
    outputs = _public_outputs(demo)
    assert any(name.endswith("bill_comments.csv") for name, _ in outputs)
    assert any(name.endswith("submissions_by_month.png") for name, _ in outputs)
    found = [
        (kind, value, name)
        for kind, value in values
        for form in {value, json.dumps(value)[1:-1]}
        for name, text in outputs
        if form in text
    ]
    print(f"planted personal values: {len(values)}; found in public outputs: {len(found)} (share redacted 100%)")
    assert found == []
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
