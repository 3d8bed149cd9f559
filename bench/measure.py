"""Measuring one run: wall time and peak memory of a command's process tree, and a pipeline run's stage times;
and the start-up time of a short command.

A command runs as a subprocess; its peak RSS is the largest sum of the resident memory of the process and all
its children (dbt runs as a child of the pipeline), polled every `POLL_SECONDS`. Stage times come from the
Dagster instance the pipeline ran in: each step's start and end events, grouped into the stages of `STAGES` by
`stage_of`, and the metadata of the ingest and publish materializations. A short command (`best_seconds`) is
timed without polling, which would round its time up to `POLL_SECONDS`.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from pathlib import Path

import psutil

POLL_SECONDS = 0.2
STAGES = ("ingest", "enrichment", "dbt", "validation", "publish", "release")
RELEASE_STEPS = frozenset({"release", "datasets__warehouse", "docs__site"})
STEP_ENDS = frozenset({"STEP_SUCCESS", "STEP_FAILURE"})


def run_measured(command: list[str], env: dict[str, str], log: Path) -> dict:
    """Run `command` with `env`, its output to `log`; its wall time, peak RSS of its process tree, exit code."""
    log.parent.mkdir(parents=True, exist_ok=True)
    peak = 0
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        root = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            rss = 0
            for member in tree:
                with contextlib.suppress(psutil.NoSuchProcess):  # a child that just ended
                    rss += member.memory_info().rss
            peak = max(peak, rss)
            time.sleep(POLL_SECONDS)
        returncode = process.wait()
    return {"wall_seconds": time.perf_counter() - started, "peak_rss_bytes": peak, "returncode": returncode}


def best_seconds(command: list[str], env: dict[str, str], tries: int = 3) -> float | None:
    """The shortest wall time of `tries` runs of `command`: what else the machine does only ever adds to it. None
    when the command fails (`eparl sql` where a failed step left no release, say)."""
    best = float("inf")
    for _ in range(tries):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if done.returncode:
            return None
        best = min(best, time.perf_counter() - started)
    return best


def stage_of(step_key: str) -> str:
    """The stage a step of `full_pipeline` belongs to; a step of no known stage is counted as `other`."""
    if step_key.startswith("ingest_") or step_key == "adapt_captures":  # adapting captures is part of ingest
        return "ingest"
    if step_key == "private__submission_enrichment":
        return "enrichment"
    if step_key == "dbt_models":
        return "dbt"
    if step_key.endswith("_great_expectations_suite"):
        return "validation"
    if step_key in RELEASE_STEPS:
        return "release"
    if step_key.startswith("datasets__"):
        return "publish"
    return "other"


def _value(metadata: dict, key: str) -> object:
    entry = metadata.get(key)
    return None if entry is None else entry.value


def latest_run(dagster_home: Path) -> dict:
    """Step and stage times, the steps that failed, ingest counts and publish bytes of the latest run stored in
    `dagster_home`."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        run = instance.get_runs(limit=1)[0]
        records = instance.all_logs(run.run_id)
        status = run.status.value
    started: dict[str, float] = {}
    steps: dict[str, float] = {}
    failed: list[str] = []
    ingest: dict[str, dict] = {}
    bytes_sent = dict.fromkeys(("publish", "release"), 0)
    for record in records:
        event = record.dagster_event
        if event is None:
            continue
        if event.event_type_value == "STEP_START":
            started[event.step_key] = record.timestamp
        elif event.event_type_value in STEP_ENDS:
            steps[event.step_key] = record.timestamp - started[event.step_key]
            if event.event_type_value == "STEP_FAILURE":
                failed.append(event.step_key)
        elif event.event_type_value == "ASSET_MATERIALIZATION":
            materialization = event.event_specific_data.materialization
            key, metadata = materialization.asset_key.to_user_string(), materialization.metadata
            if event.step_key.startswith("ingest_"):
                ingest[key] = {
                    "files_loaded": _value(metadata, "files_loaded"),
                    "records_total": _value(metadata, "records_loaded"),
                }
            if "bytes_sent" in metadata:  # the local folder's datasets (publish) and the warehouse's (release)
                stage = stage_of(event.step_key)
                bytes_sent[stage] = bytes_sent.get(stage, 0) + _value(metadata, "bytes_sent")
    stages = dict.fromkeys(STAGES, 0.0)
    for step, seconds in steps.items():
        stages[stage_of(step)] = stages.get(stage_of(step), 0.0) + seconds
    return {
        "run_id": run.run_id,
        "status": status,
        "stages": stages,
        "steps": steps,
        "failed_steps": sorted(failed),
        "ingest": ingest,
        "bytes_sent": bytes_sent,
    }
