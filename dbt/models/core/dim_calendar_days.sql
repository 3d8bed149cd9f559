-- Kazakhstan's working-day calendar: one row per day of the years kz_public_holidays covers. A day is a working
-- day when it is Monday to Friday and no holiday or day off, or when a decree made it one (a transferred
-- Saturday). The seed kz_day_transfers overrides the library. `working_day_index` counts the working days up to
-- and including the day, so the working days after day A up to day B are index(B) - index(A).
with library_days as (
    select * from {{ ref('kz_public_holidays') }}
),

decreed_days as (
    select * from {{ ref('kz_day_transfers') }}
),

span as (
    select
        cast(date_trunc('year', min(holiday_date)) as timestamp) as first_day,
        cast(date_trunc('year', max(holiday_date)) as timestamp) + interval 1 year - interval 1 day as last_day
    from library_days
),

days as (
    select cast(unnest(generate_series(span.first_day, span.last_day, interval 1 day)) as date) as calendar_date
    from span
),

flagged as (
    select
        days.calendar_date,
        isodow(days.calendar_date) >= 6 as is_weekend,
        library_days.holiday_name,
        coalesce(
            decreed_days.is_working_day, library_days.is_working_day, isodow(days.calendar_date) < 6
        ) as is_working_day
    from days
    left join library_days on days.calendar_date = library_days.holiday_date
    left join decreed_days on days.calendar_date = decreed_days.calendar_date
)

select
    calendar_date,
    is_weekend,
    holiday_name,
    is_working_day,
    count(*) filter (where is_working_day) over (order by calendar_date) as working_day_index
from flagged
