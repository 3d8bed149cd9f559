"""Charts published as resources of a dataset: pictures for people who would rather look than read.

Each chart is drawn from published tables only (never from core or private data), so it shows nothing the
tables do not. `CHARTS` maps a chart's name in `catalogue.yml` to the function that draws it. PNG files are
written without a timestamp or software version, so unchanged data gives identical bytes and the same sha256.
matplotlib is imported only when a chart is drawn (`_pyplot`): it costs a second, and most runs draw none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

PNG_METADATA = {"Software": None}  # matplotlib writes its version otherwise; PNGs carry no date by default


def submissions_by_month(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Submissions received per month (bars) and the median working days to answer (line), all channels."""
    rows = con.execute(
        """
        SELECT received_month_date, submission_count, median_working_days_to_answer, answered_within_term_pct
        FROM published.submission_response_times WHERE breakdown_type_code = 'all' ORDER BY received_month_date
        """
    ).fetchall()
    months = [row[0] for row in rows]
    plt = _pyplot()
    figure, counts_axis = plt.subplots(figsize=(10, 4.5), dpi=100)
    counts_axis.bar(months, [row[1] for row in rows], width=20, color="#4c78a8", label="submissions / өтініштер")
    counts_axis.set_ylabel("Өтініштер · Обращения · Submissions")
    days_axis = counts_axis.twinx()
    days_axis.plot(months, [row[2] for row in rows], color="#e45756", marker="o", label="median working days")
    days_axis.set_ylabel("Жауапқа дейін · До ответа · To answer:\nжұмыс күндері · рабочие дни · working days (median)")
    days_axis.set_ylim(bottom=0)
    counts_axis.set_title(
        "Азаматтардың өтініштері · Обращения граждан · Citizens' submissions\n"
        "per month (bars) and median working days to answer (line)",
        fontsize=11,
    )
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path, format="png", metadata=PNG_METADATA)
    plt.close(figure)


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.pyplot as plt

    return plt


CHARTS: dict[str, Callable[[duckdb.DuckDBPyConnection, Path], None]] = {"submissions_by_month": submissions_by_month}
