-- Cohesion of each parliamentary group in each vote event.
-- Rice index = |Y - N| / (Y + N) (undefined, null, when nobody voted yes or no).
-- Agreement Index (Hix, Noury and Roland 2005) = (max(Y, N, A) - ((Y + N + A) - max(Y, N, A)) / 2) / (Y + N + A)
-- (null when nobody voted yes, no or abstain). Members who did not vote or were absent count in neither.
with positions as (
    select * from {{ ref('int_research__group_positions') }}
),

largest as (
    select
        *,
        greatest(yes_count, no_count, abstain_count) as largest_option_count
    from positions
)

select
    vote_event_id,
    group_id,
    legislature_id,
    period_id,
    vote_date,
    member_count,
    yes_count,
    no_count,
    abstain_count,
    not_voting_count,
    absent_count,
    voted_count,
    group_position_code,
    cast(abs(yes_count - no_count) as double) / nullif(yes_count + no_count, 0) as rice_index,
    (largest_option_count - cast(voted_count - largest_option_count as double) / 2)
    / nullif(voted_count, 0) as agreement_index,
    is_count_mismatch
from largest
