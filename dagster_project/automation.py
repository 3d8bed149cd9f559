"""The job, its schedule and its sensor.

`full_pipeline` materialises the whole graph (ingest → dbt → checks → publish) in one process, step after step:
a DuckDB file takes one writer at a time, and the steps hand the file to each other. The schedule runs it
nightly, which keeps the datasets' "daily" promise; the sensor runs it when the landing folder changes, for files
that land during the day. Unchanged files cost nothing (the loader skips them by sha256), so the two can both be
on; each description says when to turn it on, which is what a data engineer reads in the UI.
"""

from __future__ import annotations

import hashlib

import dagster as dg

from dagster_project.ingest.captures import page_files
from dagster_project.ingest.sources import SOURCES
from dagster_project.settings import Settings

full_pipeline = dg.define_asset_job(
    "full_pipeline",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Load the landing folder, build the warehouse with dbt, validate, publish the open datasets.",
)

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_full_pipeline",
    job=full_pipeline,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Almaty",
    description="Runs full_pipeline every night at 02:00 Astana time (Asia/Almaty). Turn it on in production: it "
    "keeps the promise of the open datasets to be updated daily (their freshness policy fails a dataset not "
    "published for a day and the run's time). It picks up whatever the landing folder holds by then; unchanged "
    "files cost nothing, so it may stay on beside landing_folder_sensor.",
)


def landing_fingerprint(settings: Settings) -> str:
    """A cheap fingerprint of the landing folder, and of the capture store when one is set: every source file's
    (and captured page's) path, size and modification time."""
    digest = hashlib.sha256()
    store = settings.captures_path
    for path in page_files(store) if store and store.is_dir() else []:
        stat = path.stat()
        digest.update(f"captures/{path.relative_to(store)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    for source in SOURCES:
        folder = settings.landing_dir / source.folder
        for path in sorted(folder.glob(source.pattern)) if folder.is_dir() else []:
            stat = path.stat()
            digest.update(f"{path.relative_to(settings.landing_dir)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dg.sensor(
    name="landing_folder_sensor",
    job=full_pipeline,
    minimum_interval_seconds=60,
    required_resource_keys={"settings"},
    description="Runs full_pipeline within a minute of files in the landing folder (EPARL_LANDING_DIR), or captured "
    "pages in the capture store (EPARL_CAPTURES_DIR, when set), being added, changed or removed. Turn it on where "
    "files land during the day and should be published as they come; on its own it publishes nothing on a day "
    "when nothing lands, so keep nightly_full_pipeline on for the daily promise.",
)
def landing_sensor(context: dg.SensorEvaluationContext):
    """A run when the deployment's landing folder (or capture store) changed since the last one it asked for."""
    fingerprint = landing_fingerprint(context.resources.settings)
    if fingerprint == context.cursor:
        return dg.SkipReason("the landing folder has not changed")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
