"""Run the benchmark: `python -m bench.run --scales tiny,s --out bench/results/results.json` (or `make bench`).

For each scale: generate its landing folder (the demo's, or `bench.convocation`'s roll calls only), hold out its
last day (`bench.landing`), then run the
pipeline (`eparl run`, a subprocess with its own warehouse and Dagster instance) three times: a full refresh
from an empty warehouse, an incremental run after the held-out day lands, and a run with nothing new. DuckDB
alone (`bench.baseline`) runs on the landing before and after the new day, each in its own subprocess. Then the
start-up of the commands a person waits on (`STARTUP`), on the warehouse just built. Prints the tables of
`bench.report` and writes every figure as JSON. The scales and the start-up commands are defined here, once.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import psutil

from bench.convocation import Convocation
from bench.landing import count_records, land_pending, split_last_day
from bench.measure import best_seconds, latest_run, run_measured, stage_of
from bench.report import render
from dagster_project.demo.generator import generate_landing
from dagster_project.settings import Settings

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
MEMORY_LIMIT = Settings().duckdb_memory_limit  # the pipeline's default, for both the pipeline and DuckDB alone


@dataclass(frozen=True)
class Scale:
    """A demo landing (a `bench.convocation.Convocation` is the other kind of scale): `scale` multiplies votes
    and bills (1: 110,044 individual votes), `submission_scale` the submissions (1: 40,000)."""

    scale: float
    submission_scale: float

    def generate(self, landing: Path, seed: int) -> dict:
        summary = generate_landing(landing, scale=self.scale, submission_scale=self.submission_scale, seed=seed)
        return {"vote_events": summary.vote_events, "votes": summary.votes, "submissions": summary.submissions}


SCALES = {
    "tiny": Scale(0.02, 0.02),  # the test suite's: about 3,400 votes and 800 submissions
    "s": Scale(1, 1),  # 110 thousand votes, 40 thousand submissions
    "m": Scale(10, 5),  # 1.1 million votes, 200 thousand submissions
    "l": Scale(103, 25),  # 10 million votes (91 gives 8.9 million), 1 million submissions
    # the real convocation: 90 sitting-day files of 25,000-30,000 votes, 450 members, 2.5 million votes
    "convocation": Convocation(days=90, members=450, votes_per_day=(25_000, 30_000)),
}
RUNS = (  # kind of run, and the landing DuckDB alone reads for its ratio
    ("full_refresh", "before_new_day"),
    ("incremental", "after_new_day"),
    ("no_change", "after_new_day"),
)
PUBLISHED_TABLES = ("person_votes", "vote_events", "vote_event_group_counts", "persons", "memberships")
COUNTED_TABLES = (*PUBLISHED_TABLES, "submission_counts")  # submission_counts: see bench.baseline
RAW_ROWS = ("raw/popolo_votes", "raw/portal_submissions")  # the rows of rows/s: individual votes and submissions
# The start-up of what a person types or a Dagster process loads, with its target in seconds: the command, from
# the environment's bin folder, and its arguments. Best of `--startup-tries` (STARTUP_TRIES), each a fresh process.
STARTUP = {
    "eparl --help": (("eparl", "--help"), 1.0),
    "eparl --version": (("eparl", "--version"), 1.0),
    'eparl sql "select 1"': (("eparl", "sql", "select 1"), 1.0),
    "load the Dagster definitions": (("python", "-c", "from dagster_project.definitions import defs; defs()"), 5.0),
}
STARTUP_TRIES = 3


def _env(work: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("EPARL_")}
    env.update(
        DAGSTER_HOME=str(work / "dagster_home"),
        EPARL_LANDING_DIR=str(work / "landing"),
        EPARL_WAREHOUSE=str(work / "warehouse.duckdb"),
        EPARL_PUBLISH_DIR=str(work / "published"),
        EPARL_VALIDATION_DIR=str(work / "validation"),
        EPARL_DUCKDB_MEMORY_LIMIT=MEMORY_LIMIT,
        DAGSTER_DISABLE_TELEMETRY="1",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DO_NOT_TRACK="1",
    )
    return env


def _warehouse(work: Path) -> tuple[int, dict[str, int]]:
    """Bytes of the warehouse file (and its WAL), and the row counts of the published tables compared."""
    files = [work / "warehouse.duckdb", work / "warehouse.duckdb.wal"]
    size = sum(path.stat().st_size for path in files if path.exists())
    with duckdb.connect(str(files[0]), read_only=True) as con:
        rows = {t: con.execute(f"SELECT count(*) FROM published.{t}").fetchone()[0] for t in COUNTED_TABLES}
    return size, rows


def _baseline(work: Path, name: str) -> dict:
    out = work / f"duckdb_alone_{name}"
    command = [sys.executable, "-m", "bench.baseline", str(work / "landing"), str(out), MEMORY_LIMIT]
    measured = run_measured(command, _env(work), work / "logs" / f"duckdb_alone_{name}.log")
    if measured["returncode"]:
        raise SystemExit(f"DuckDB alone failed, see {work / 'logs'}")
    summary = json.loads((work / "logs" / f"duckdb_alone_{name}.log").read_text(encoding="utf-8").splitlines()[-1])
    shutil.rmtree(out)
    return {**measured, **summary}


def _pipeline(work: Path, kind: str, previous: dict | None) -> dict:
    eparl = Path(sys.executable).with_name("eparl")
    measured = run_measured([str(eparl), "run"], _env(work), work / "logs" / f"pipeline_{kind}.log")
    run = latest_run(work / "dagster_home")
    failed = measured["returncode"] or run["status"] != "SUCCESS"
    # A step that fails after ingest (a dataset out of memory, say) is reported with the run's figures; a run that
    # failed before anything was loaded, or without a failed step to say why, has no figures to give.
    if failed and (not run["failed_steps"] or any(stage_of(step) == "ingest" for step in run["failed_steps"])):
        raise SystemExit(f"the pipeline failed ({kind}), see {work / 'logs' / f'pipeline_{kind}.log'}")
    for table, loaded in run["ingest"].items():  # the new records: what the table holds now, less before
        before = previous["ingest"][table]["records_total"] if previous else 0
        loaded["records_new"] = loaded["records_total"] - before
    warehouse_bytes, rows = _warehouse(work)
    rows_landed = sum(run["ingest"][table]["records_new"] for table in RAW_ROWS)
    return {
        **measured,
        **run,
        "other_seconds": measured["wall_seconds"] - sum(run["stages"].values()),
        "rows_landed": rows_landed,
        "rows_per_second": rows_landed / measured["wall_seconds"],
        "warehouse_bytes": warehouse_bytes,
        "published_rows": rows,
    }


def _startup(work: Path, tries: int) -> dict[str, dict[str, float]]:
    """Each `STARTUP` command's best time of `tries`, on the warehouse and release in `work`, beside its target."""
    bin_dir = Path(sys.executable).parent
    return {
        name: {
            "seconds": best_seconds([str(bin_dir / program), *arguments], _env(work), tries),
            "target_seconds": target,
        }
        for name, ((program, *arguments), target) in STARTUP.items()
    }


def bench_scale(name: str, work: Path, seed: int, startup_tries: int = STARTUP_TRIES) -> dict:
    """Every figure of one scale; `work` is emptied first and holds the landing, warehouse and logs."""
    scale = SCALES[name]
    shutil.rmtree(work, ignore_errors=True)
    started = time.perf_counter()
    generated = scale.generate(work / "landing", seed)
    generate_seconds = time.perf_counter() - started
    held_out = split_last_day(work / "landing", work / "pending")
    result = {
        **asdict(scale),
        "seed": seed,
        "generate_seconds": generate_seconds,
        "generated": generated,
        "held_out": held_out,
        "before_new_day": count_records(work / "landing"),
        "baselines": {},
        "runs": {},
    }
    previous = None
    for kind, landing in RUNS:
        if kind == "incremental":
            land_pending(work / "pending", work / "landing")
        if landing not in result["baselines"]:
            result["baselines"][landing] = _baseline(work, landing)
        print(f"[{name}] {kind} …", flush=True)
        run = _pipeline(work, kind, previous)
        run["baseline"] = landing
        run["ratio_to_duckdb"] = run["wall_seconds"] / result["baselines"][landing]["wall_seconds"]
        result["runs"][kind] = previous = run
    result["landed"] = count_records(work / "landing")
    print(f"[{name}] start-up …", flush=True)
    result["startup"] = _startup(work, startup_tries)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="s", help=f"comma-separated, of {', '.join(SCALES)} (default: s)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "results.json", help="the JSON to write")
    parser.add_argument("--work", type=Path, help="landing and warehouse folders (default: beside --out)")
    parser.add_argument("--keep", action="store_true", help="keep each scale's landing and warehouse")
    parser.add_argument("--seed", type=int, default=42)
    tries = f"each start-up command's best of this many runs (default: {STARTUP_TRIES})"
    parser.add_argument("--startup-tries", type=int, default=STARTUP_TRIES, help=tries)
    args = parser.parse_args(argv)
    names = args.scales.split(",")
    unknown = [name for name in names if name not in SCALES]
    if unknown:
        parser.error(f"unknown scale {', '.join(unknown)}: choose from {', '.join(SCALES)}")
    # absolute: the pipeline runs in processes of its own, and Dagster refuses a relative DAGSTER_HOME
    work = (args.work or args.out.with_name(args.out.stem + "-work")).resolve()
    results = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "memory_bytes": psutil.virtual_memory().total,
        },
        "duckdb_memory_limit": MEMORY_LIMIT,
        "scales": {},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for name in names:
        results["scales"][name] = bench_scale(name, work / name, args.seed, args.startup_tries)
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")  # each scale as it ends
        if not args.keep:
            shutil.rmtree(work / name)
    print(render(results))
    print(f"\nWritten to {args.out}")


if __name__ == "__main__":
    main()
