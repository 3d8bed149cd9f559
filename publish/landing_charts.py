"""The landing page's charts (`publish/landing_page.py`): inline SVG drawn from the published files only.

Each chart named under `landing_page.charts` in `catalogue.yml` has here a reader, which takes its figures from the
Parquet files of the publish folder with DuckDB (never from the warehouse: the page shows nothing a user could not
compute from what they download), and a drawing function, pure, from those figures to SVG text. `LANDING_CHARTS`
maps a chart's name to its reader. Labels that name something (a group, a region) are written once per language
with a `lang` attribute, so the page's language switch switches them too. Coordinates are rounded to one decimal
and every input is sorted, so the same published files give the same bytes. A chart with nothing to draw (a
real-data run without submissions, say) is None, and the page says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import duckdb

from publish.catalogue import LANGUAGES, Text

PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d", "#ff9da6", "#bab0ac")
WIDTH = 760


@dataclass(frozen=True)
class Series:
    """One line of a line chart: its label and its (date, value) points."""

    label: Text
    points: tuple[tuple[dt.date, float], ...]


@dataclass(frozen=True)
class RegionFigures:
    """One region of the submissions chart: its name, its rate per 100,000 residents and its share answered in term."""

    label: Text
    per_100k: float | None
    within_term_share: float | None


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _texts(text: Text, x: float, y: float, anchor: str = "start", css: str = "") -> str:
    """The same label in each language, one `<text>` each; the page's style shows the chosen one."""
    klass = f' class="{css}"' if css else ""
    return "".join(
        f'<text lang="{lang}" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{klass}>'
        f"{escape(getattr(text, lang))}</text>"
        for lang in LANGUAGES
    )


def _svg(name: str, height: float, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-{name}" data-chart="{name}" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" height="{_n(height)}" role="img">{body}</svg>'
    )


def line_chart(name: str, series: Sequence[Series], y_max: float = 1.0) -> str | None:
    """Lines over time on a 0..`y_max` axis, with a legend of the series' labels; None when there is no point."""
    dates = sorted({day for s in series for day, _ in s.points})
    if not dates:
        return None
    left, top, plot_w, plot_h = 50, 14, WIDTH - 50 - 330, 260
    first, last = dates[0].toordinal(), dates[-1].toordinal()
    span = max(last - first, 1)

    def x(day: dt.date) -> float:
        return left + (plot_w / 2 if last == first else plot_w * (day.toordinal() - first) / span)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / y_max)

    body = [f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" class="frame"/>']
    for step in range(5):
        value = y_max * step / 4
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{_n(y(value))}" y2="{_n(y(value))}" class="grid"/>')
        body.append(f'<text x="{left - 6}" y="{_n(y(value) + 4)}" text-anchor="end">{value:.2f}</text>')
    years = sorted({day.year for day in dates})
    for year in years if len(years) > 1 else []:
        tick = max(dt.date(year, 1, 1), dates[0])
        body.append(f'<text x="{_n(x(tick))}" y="{top + plot_h + 16}" text-anchor="middle">{year}</text>')
    if len(years) == 1:
        body.append(f'<text x="{_n(left + plot_w / 2)}" y="{top + plot_h + 16}" text-anchor="middle">{years[0]}</text>')
    for index, line in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        points = sorted(line.points)
        path = " ".join(f"{_n(x(day))},{_n(y(value))}" for day, value in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for day, value in points:
            body.append(
                f'<circle class="point" cx="{_n(x(day))}" cy="{_n(y(value))}" r="3" fill="{colour}">'
                f"<title>{day.isoformat()}: {value:.3f}</title></circle>"
            )
        legend_y = top + 8 + 18 * index
        body.append(f'<rect x="{left + plot_w + 16}" y="{legend_y - 9}" width="12" height="12" fill="{colour}"/>')
        body.append(_texts(line.label, left + plot_w + 34, legend_y + 1, css="legend"))
    height = max(top + plot_h + 28, top + 18 * len(series) + 12)
    return _svg(name, height, "".join(body))


def histogram(name: str, counts: Sequence[int], x_label: Text) -> str | None:
    """Bars of `counts` over equal bins of 0..100 %; None when every count is 0."""
    if not any(counts):
        return None
    left, top, plot_w, plot_h = 50, 14, WIDTH - 70, 240
    tallest = max(counts)
    width = plot_w / len(counts)
    body = [f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" class="frame"/>']
    for step in range(5):
        value = tallest * step / 4
        level = top + plot_h * (1 - step / 4)
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{_n(level)}" y2="{_n(level)}" class="grid"/>')
        body.append(f'<text x="{left - 6}" y="{_n(level + 4)}" text-anchor="end">{round(value)}</text>')
    for index, count in enumerate(counts):
        low, high = 100 * index // len(counts), 100 * (index + 1) // len(counts)
        bar_h = plot_h * count / tallest
        body.append(
            f'<rect class="bar" x="{_n(left + index * width + 2)}" y="{_n(top + plot_h - bar_h)}" '
            f'width="{_n(width - 4)}" height="{_n(bar_h)}" fill="{PALETTE[0]}">'
            f"<title>{low}–{high} %: {count}</title></rect>"
        )
        body.append(
            f'<text x="{_n(left + (index + 0.5) * width)}" y="{top + plot_h + 16}" '
            f'text-anchor="middle">{low}–{high}</text>'
        )
    body.append(_texts(x_label, left + plot_w / 2, top + plot_h + 34, anchor="middle"))
    return _svg(name, top + plot_h + 42, "".join(body))


def region_bars(name: str, regions: Sequence[RegionFigures], headings: tuple[Text, Text]) -> str | None:
    """Two bar panels side by side, one row per region: submissions per 100,000 residents, and the share answered
    within the legal term (0..100 %). None when no region has either figure."""
    if not any(r.per_100k is not None or r.within_term_share is not None for r in regions):
        return None
    label_w, top, row_h, gap = 270, 30, 22, 20
    panel_w = (WIDTH - label_w - gap - 10) / 2
    largest = max((r.per_100k for r in regions if r.per_100k is not None), default=0) or 1
    body = [
        _texts(headings[0], label_w, 16, css="heading"),
        _texts(headings[1], label_w + panel_w + gap, 16, css="heading"),
    ]
    for index, region in enumerate(regions):
        row_y = top + index * row_h
        body.append(_texts(region.label, label_w - 8, row_y + 15, anchor="end"))
        for panel, value, scale, shown in (
            (0, region.per_100k, largest, region.per_100k is not None and _n(region.per_100k)),
            (1, region.within_term_share, 1.0, region.within_term_share is not None
             and f"{100 * region.within_term_share:.0f} %"),
        ):  # fmt: skip
            x0 = label_w + panel * (panel_w + gap)
            if value is None:
                body.append(f'<text x="{_n(x0 + 4)}" y="{row_y + 15}" class="none">–</text>')
                continue
            bar_w = max((panel_w - 50) * value / scale, 1)
            body.append(
                f'<rect class="bar" x="{_n(x0)}" y="{row_y + 3}" width="{_n(bar_w)}" height="{row_h - 6}" '
                f'fill="{PALETTE[panel]}"><title>{shown}</title></rect>'
                f'<text x="{_n(x0 + bar_w + 4)}" y="{row_y + 15}">{shown}</text>'
            )
    return _svg(name, top + len(regions) * row_h + 8, "".join(body))


# ---- readers: the figures of each chart, from the published Parquet files ----------------------------------------


def _parquet(publish_dir: Path, dataset: str, table: str) -> str | None:
    path = publish_dir / dataset / f"{table}.parquet"
    return str(path) if path.is_file() else None


def _names(con: duckdb.DuckDBPyConnection, path: str | None, key: str, prefix: str) -> dict[str, Text]:
    """Names in the three languages by id, from a published table with `<prefix>_kk`, `_ru` and `_en` columns."""
    if path is None:
        return {}
    rows = con.execute(
        f"SELECT {key}, {prefix}_kk, {prefix}_ru, {prefix}_en FROM read_parquet(?) WHERE {key} IS NOT NULL", [path]
    ).fetchall()
    return {code: Text(kk or code, ru or code, en or code) for code, kk, ru, en in rows}


def group_cohesion_over_time(con: duckdb.DuckDBPyConnection, publish_dir: Path) -> str | None:
    cohesion = _parquet(publish_dir, "research", "group_cohesion_by_period")
    if cohesion is None:
        return None
    names = _names(con, _parquet(publish_dir, "members", "organizations"), "organization_id", "name")
    rows = con.execute(
        "SELECT group_id, first_vote_date, mean_agreement_index FROM read_parquet(?) "
        "WHERE mean_agreement_index IS NOT NULL ORDER BY group_id, first_vote_date, period_id",
        [cohesion],
    ).fetchall()
    by_group: dict[str, list[tuple[dt.date, float]]] = {}
    for group, day, value in rows:
        by_group.setdefault(group, []).append((day, value))
    series = [Series(names.get(group, Text(group, group, group)), tuple(points)) for group, points in by_group.items()]
    return line_chart("group_cohesion_over_time", sorted(series, key=lambda s: (s.label.en, s.points)))


ATTENDANCE_BINS = 10
PRESENT_SHARE = Text(
    "Дауыс берулерге қатысу үлесі, %",
    "Доля голосований, на которых депутат присутствовал, %",
    "Share of roll calls present at, %",
)


def member_attendance(con: duckdb.DuckDBPyConnection, publish_dir: Path) -> str | None:
    attendance = _parquet(publish_dir, "research", "member_attendance")
    if attendance is None:
        return None
    rows = dict(
        con.execute(
            f"""
            SELECT cast(least(floor({ATTENDANCE_BINS} * present_count / vote_event_count), {ATTENDANCE_BINS - 1})
                        AS int) AS bin, count(*) AS members
            FROM (SELECT person_id, sum(present_count) AS present_count, sum(vote_event_count) AS vote_event_count
                  FROM read_parquet(?) GROUP BY person_id HAVING sum(vote_event_count) > 0)
            GROUP BY bin
            """,
            [attendance],
        ).fetchall()
    )
    return histogram("member_attendance", [rows.get(b, 0) for b in range(ATTENDANCE_BINS)], PRESENT_SHARE)


REGION_HEADINGS = (
    Text("100 000 тұрғынға шаққандағы өтініштер", "Обращения на 100 000 жителей", "Submissions per 100,000 residents"),
    Text("Заңды мерзімде жауап берілгені", "Отвечено в законный срок", "Answered within the legal term"),
)


def submissions_by_region(con: duckdb.DuckDBPyConnection, publish_dir: Path) -> str | None:
    rates = _parquet(publish_dir, "submissions", "submission_region_rates")
    times = _parquet(publish_dir, "submissions", "submission_response_times")
    if rates is None or times is None:
        return None
    names = _names(con, rates, "region_kato_code", "region_name")
    per_100k = dict(
        con.execute(
            "SELECT region_kato_code, submissions_per_100k FROM read_parquet(?) "
            "WHERE submissions_per_100k IS NOT NULL QUALIFY received_year = max(received_year) OVER ()",
            [rates],
        ).fetchall()
    )
    in_term = dict(
        con.execute(
            "SELECT breakdown_code, sum(answered_within_term_count) / sum(answered_count) FROM read_parquet(?) "
            "WHERE breakdown_type_code = 'region' GROUP BY breakdown_code HAVING sum(answered_count) > 0",
            [times],
        ).fetchall()
    )
    codes = sorted((set(per_100k) | set(in_term)) & set(names))  # a merged `suppressed` row names no region
    regions = [RegionFigures(names[code], per_100k.get(code), in_term.get(code)) for code in codes]
    return region_bars("submissions_by_region", regions, REGION_HEADINGS)


LANDING_CHARTS: dict[str, Callable[[duckdb.DuckDBPyConnection, Path], str | None]] = {
    "group_cohesion_over_time": group_cohesion_over_time,
    "member_attendance": member_attendance,
    "submissions_by_region": submissions_by_region,
}
