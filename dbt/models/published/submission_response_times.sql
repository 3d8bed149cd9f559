-- How fast parliament answers, per month, overall and by addressee, channel and region (one breakdown per row).
-- Working days come from Kazakhstan's calendar; the legal term is a setting. Cells of fewer than k submissions
-- are merged per month and breakdown into breakdown_code 'suppressed' (withheld if still under k).
with submissions as (
    select * from {{ ref('fct_submissions') }}
),

breakdowns as (
    select
        'all' as breakdown_type_code,
        'all' as breakdown_code,
        *
    from submissions
    union all
    select
        'addressee' as breakdown_type_code,
        addressee_id as breakdown_code,
        *
    from submissions
    union all
    select
        'channel' as breakdown_type_code,
        channel_code as breakdown_code,
        *
    from submissions
    union all
    select
        'region' as breakdown_type_code,
        coalesce(region_kato_code, 'unknown') as breakdown_code,  -- no region given (legalacts comments)
        *
    from submissions
),

merged as (
    {{ suppress_small_cells('breakdowns', ['breakdown_code'], ['breakdown_type_code', 'received_month_date']) }}
)

select
    received_month_date,
    breakdown_type_code,
    breakdown_code,
    count(*) as submission_count,
    count(*) filter (where is_answered) as answered_count,
    count(*) filter (where is_answered_within_term) as answered_within_term_count,
    count(*) filter (where is_answered_within_extended_term) as answered_within_extended_term_count,
    round(
        100.0 * count(*) filter (where is_answered_within_term)
        / nullif(count(*) filter (where working_days_to_answer is not null), 0),
        1
    ) as answered_within_term_pct,
    quantile_cont(working_days_to_answer, 0.5) as median_working_days_to_answer,
    count(*) filter (where is_open) as open_count,
    count(*) filter (where is_overdue) as overdue_open_count,
    {{ var('answer_term_working_days') | int }} as answer_term_working_days
from merged
group by received_month_date, breakdown_type_code, breakdown_code
{{ having_min_cell() }}
