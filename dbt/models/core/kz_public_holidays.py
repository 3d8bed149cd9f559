"""Kazakhstan's public holidays and the government's transfers of days off, from the `holidays` library.

A dbt Python model because only the library knows the moving holidays (Kurban ait), the weekend carry-overs and
the decreed transfers; `dim_calendar_days` (SQL) turns these rows into the working-day calendar. One row per
date that differs from the ordinary Monday-to-Friday week: `is_working_day` false for a holiday or a day off,
true for a Saturday worked in exchange for a day off. The library records transfers only up to 2025; the seed
`kz_day_transfers` adds or overrides later ones.
"""

import holidays
import pandas as pd

YEARS = range(2015, 2031)  # the calendar's span: dim_calendar_days covers whole years from the first to the last


def model(dbt, session):
    dbt.config(materialized="table")
    calendar = holidays.KZ(years=YEARS, language="en_US")
    rows = [
        {"holiday_date": day, "holiday_name": name, "is_working_day": False} for day, name in sorted(calendar.items())
    ] + [
        {"holiday_date": day, "holiday_name": "Working day (transferred)", "is_working_day": True}
        for day in sorted(calendar.weekend_workdays)
        if day.year in YEARS
    ]
    return pd.DataFrame(rows, columns=["holiday_date", "holiday_name", "is_working_day"])
