-- Who votes with whom: for each period and pair of parliamentary groups, the share of the vote events where both
-- groups had a majority position (yes, no or abstain, no tie) in which the two positions were the same.
-- Each pair appears once, the group with the smaller id first.
with positions as (
    select * from {{ ref('int_research__group_positions') }}
    where group_position_code is not null
)

select
    positions.period_id,
    positions.group_id,
    other.group_id as other_group_id,
    positions.legislature_id,
    min(positions.vote_date) as first_vote_date,
    max(positions.vote_date) as last_vote_date,
    count(*) as vote_event_count,
    count(*) filter (where positions.group_position_code = other.group_position_code) as agreeing_vote_event_count,
    cast(count(*) filter (where positions.group_position_code = other.group_position_code) as double)
    / count(*) as agreement_share
from positions
inner join positions as other
    on
        positions.vote_event_id = other.vote_event_id
        and positions.group_id < other.group_id
group by positions.period_id, positions.group_id, other.group_id, positions.legislature_id
