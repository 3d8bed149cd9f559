"""The benchmark's results as a markdown table: `python -m bench.report RESULTS.json` prints it.

`bench.run` prints the same table when it ends, and the README's results table is this output pasted in, so
the figures are never typed by hand. One row per scale and kind of run; the columns are explained in the
README's "Benchmark" section; a run in which steps failed (a dataset that ran out of memory, say) is named below
the table with those steps.
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


def render(results: dict) -> str:
    """The markdown table of every run in `results` (the JSON `bench.run` writes)."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    failures = []
    for name, scale in results["scales"].items():
        for kind, run in scale["runs"].items():
            lines.append("| " + " | ".join(_row(name, scale, kind, run)) + " |")
            if run.get("failed_steps"):
                failures.append(f"- `{name}` {kind}: failed steps {', '.join(run['failed_steps'])}")
    return "\n".join([*lines, *([""] if failures else []), *failures])


if __name__ == "__main__":
    print(render(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))))
