-- How often each member voted with the majority of their group (as of the vote date), per period and group.
-- Counted over the vote events where the member voted yes, no or abstain and the group had a majority position
-- (no tie); the member's own vote is part of the group's majority.
with person_votes as (
    select * from {{ ref('fct_person_votes') }}
),

positions as (
    select * from {{ ref('int_research__group_positions') }}
),

member_positions as (
    select
        person_votes.person_id,
        positions.period_id,
        positions.group_id,
        positions.legislature_id,
        positions.vote_date,
        person_votes.option_code,
        positions.group_position_code
    from person_votes
    inner join positions
        on
            person_votes.vote_event_id = positions.vote_event_id
            and person_votes.group_id = positions.group_id
    where person_votes.option_code in ('yes', 'no', 'abstain')
)

select
    person_id,
    period_id,
    group_id,
    legislature_id,
    min(vote_date) as first_vote_date,
    max(vote_date) as last_vote_date,
    count(*) as vote_count,
    count(group_position_code) as vote_with_group_position_count,
    count(*) filter (where option_code = group_position_code) as loyal_vote_count,
    cast(count(*) filter (where option_code = group_position_code) as double)
    / nullif(count(group_position_code), 0) as loyalty_share
from member_positions
group by person_id, period_id, group_id, legislature_id
