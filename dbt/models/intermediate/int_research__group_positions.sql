-- One row per vote event and parliamentary group: how the group's members voted, and the group's majority
-- position. The shared base of the research marts (cohesion, loyalty, pairwise agreement); not published.
with person_votes as (
    select * from {{ ref('fct_person_votes') }}
),

periods as (
    select * from {{ ref('int_research__vote_event_periods') }}
),

counts as (
    select
        vote_event_id,
        group_id,
        {{ per_option_counts('group', 'count(*)') }}
        count(*) as member_count
    from person_votes
    where group_id is not null
    group by vote_event_id, group_id
),

-- The majority position among yes, no and abstain: the option with strictly the most votes (a tie has none).
positioned as (
    select
        *,
        group_yes_count + group_no_count + group_abstain_count as voted_count,
        greatest(group_yes_count, group_no_count, group_abstain_count) as largest_option_count
    from counts
)

select
    positioned.vote_event_id,
    positioned.group_id,
    periods.legislature_id,
    periods.period_id,
    periods.vote_date,
    periods.is_count_mismatch,
    positioned.member_count,
    positioned.group_yes_count as yes_count,
    positioned.group_no_count as no_count,
    positioned.group_abstain_count as abstain_count,
    positioned.group_not_voting_count as not_voting_count,
    positioned.group_absent_count as absent_count,
    positioned.voted_count,
    case
        when positioned.voted_count = 0 then null
        when
            (positioned.group_yes_count = positioned.largest_option_count)::int
            + (positioned.group_no_count = positioned.largest_option_count)::int
            + (positioned.group_abstain_count = positioned.largest_option_count)::int
            > 1
            then null
        when positioned.group_yes_count = positioned.largest_option_count then 'yes'
        when positioned.group_no_count = positioned.largest_option_count then 'no'
        else 'abstain'
    end as group_position_code
from positioned
inner join periods on positioned.vote_event_id = periods.vote_event_id
