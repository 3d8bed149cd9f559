"""The period the demo data covers, and its calendar: the convocation's dates, Kazakhstan's time zones, working
days and holidays, the parliament's sessions and each chamber's sitting days.

What belongs here: the dates and times every part of the data shares. Time zones: Kazakhstan moved to one time
zone (UTC+5) on 2024-03-01; before it Astana and most regions were on UTC+6 and the west on UTC+5, and every
date-time carries the offset in force where it happened.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta, timezone
from itertools import groupby
from random import Random

from dagster_project.demo.organizations import CHAMBERS

CONVOCATION_START = date(2023, 3, 29)
DATA_END = date(2025, 12, 31)  # the data stops here; later steps of a bill have not happened yet
PLANNING_HORIZON = date(2027, 6, 30)  # bills are planned up to here, then cut off at DATA_END
ONE_TIME_ZONE_FROM = date(2024, 3, 1)
UTC5, UTC6 = timezone(timedelta(hours=5)), timezone(timedelta(hours=6))
FIXED_HOLIDAYS = frozenset(  # public holidays on fixed dates (the moving Kurban ait is left out)
    {(1, 1), (1, 2), (1, 7), (3, 8), (3, 21), (3, 22), (3, 23), (5, 1), (5, 7), (5, 9), (7, 6), (8, 30), (10, 25),
     (12, 16)}
)  # fmt: skip


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


def utc_offset(day: date, west: bool = False) -> timezone:
    """The offset in force on `day`: Astana's by default, or a western region's."""
    return UTC5 if west or day >= ONE_TIME_ZONE_FROM else UTC6


def data_months() -> list[list[date]]:
    """The days from CONVOCATION_START to DATA_END, month by month."""
    days = [CONVOCATION_START + timedelta(n) for n in range((DATA_END - CONVOCATION_START).days + 1)]
    return [list(group) for _, group in groupby(days, key=lambda day: (day.year, day.month))]


class Calendar:
    """Working days, sessions (September to June) and plenary sitting days, up to PLANNING_HORIZON."""

    def __init__(self) -> None:
        first = date(CONVOCATION_START.year, 1, 1)
        days = [first + timedelta(n) for n in range((date(PLANNING_HORIZON.year, 12, 31) - first).days + 1)]
        self.working_days = [day for day in days if is_working_day(day)]
        self._working_ordinals = [day.toordinal() for day in self.working_days]
        last_of_june = [day for day in self.working_days if day.month == 6 and day.day >= 24]
        first_of_september = [day for day in self.working_days if day.month == 9 and day.day <= 7]
        ends = {day.year: day for day in last_of_june}  # the last working day of June, per year
        starts = {day.year: day for day in reversed(first_of_september)}  # the first working day of September
        self.sessions = [(CONVOCATION_START, ends[CONVOCATION_START.year])] + [
            (starts[year], ends[year + 1]) for year in sorted(starts) if starts[year] < PLANNING_HORIZON
        ]
        self.sittings = {
            key: [d for d in self.working_days if d.weekday() == chamber.sitting_weekday and self.session_number(d)]
            for key, chamber in CHAMBERS.items()
        }
        self._sitting_ordinals = {key: [d.toordinal() for d in days] for key, days in self.sittings.items()}

    def session_number(self, day: date) -> int:
        """The number of the session `day` falls in (1: the convocation's first), or 0 in a recess."""
        return next((n for n, (start, end) in enumerate(self.sessions, 1) if start <= day <= end), 0)

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (count >= 1)."""
        return self.working_days[bisect_right(self._working_ordinals, day.toordinal()) + count - 1]

    def next_working_day(self, day: date) -> date:
        return self.working_days[bisect_left(self._working_ordinals, day.toordinal())]

    def sitting(self, chamber: str, on_or_after: date, rng: Random) -> date:
        """The chamber's next sitting day; after a recess, one of the first few (not every bill at the first)."""
        index = bisect_left(self._sitting_ordinals[chamber], on_or_after.toordinal())
        if not self.session_number(on_or_after):
            index += rng.randint(0, 5)
        return self.sittings[chamber][index]

    def sittings_in_data(self, chamber: str) -> list[date]:
        return [day for day in self.sittings[chamber] if day <= DATA_END]
