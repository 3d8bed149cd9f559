"""The benchmark's results as markdown tables: `python -m bench.report RESULTS.json` prints them.

`bench.run` prints the same tables when it ends, and the results tables of bench/README.md are this output pasted in, so
the figures are never typed by hand. The runs: one row per scale and kind of run (a run in which steps failed, a
dataset that ran out of memory say, is named below the table with those steps); the start-up: one row per scale
and command, its best time beside its target. The columns are explained in bench/README.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.measure import STAGES

MB = 1024 * 1024
COLUMNS = (
    "scale",
    "run",
    "votes",
    "submissions",
    "pipeline s",
    *(f"{stage} s" for stage in STAGES),
    "other s",
    "rows/s",
    "peak RSS MB",
    "warehouse MB",
    "DuckDB alone s",
    "DuckDB peak MB",
    "pipeline ÷ DuckDB",
)
STARTUP_COLUMNS = ("scale", "start-up of", "best s", "target s")


def _row(name: str, scale: dict, kind: str, run: dict) -> list[str]:
    baseline = scale["baselines"][run["baseline"]]
    return [
        name,
        kind,
        f"{scale['landed']['votes']:,}",
        f"{scale['landed']['submissions']:,}",
        f"{run['wall_seconds']:.1f}",
        *(f"{run['stages'][stage]:.1f}" for stage in STAGES),
        f"{run['other_seconds']:.1f}",
        f"{run['rows_per_second']:,.0f}",
        f"{run['peak_rss_bytes'] / MB:,.0f}",
        f"{run['warehouse_bytes'] / MB:,.1f}",
        f"{baseline['wall_seconds']:.1f}",
        f"{baseline['peak_rss_bytes'] / MB:,.0f}",
        f"{run['ratio_to_duckdb']:.1f}",
    ]


def _table(columns: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        *("| " + " | ".join(r) + " |" for r in rows),
    ]


def _seconds(seconds: float | None) -> str:
    return "failed" if seconds is None else f"{seconds:.2f}"


def render(results: dict) -> str:
    """The markdown tables of every run and every start-up in `results` (the JSON `bench.run` writes)."""
    runs, failures = [], []
    for name, scale in results["scales"].items():
        for kind, run in scale["runs"].items():
            runs.append(_row(name, scale, kind, run))
            if run.get("failed_steps"):
                failures.append(f"- `{name}` {kind}: failed steps {', '.join(run['failed_steps'])}")
    startup = [
        [name, f"`{command}`", _seconds(timed["seconds"]), f"{timed['target_seconds']:.0f}"]
        for name, scale in results["scales"].items()
        for command, timed in scale.get("startup", {}).items()  # results written before start-up was measured
    ]
    return "\n".join(
        [*_table(COLUMNS, runs), *([""] if failures else []), *failures, "", *_table(STARTUP_COLUMNS, startup)]
    )


if __name__ == "__main__":
    print(render(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))))
