-- Attendance and participation of each member per period: the vote events whose roll call lists the member,
-- and how many of them the member was present at (an option the code list marks present), voted in (yes, no or
-- abstain) or was absent from.
with person_votes as (
    select * from {{ ref('fct_person_votes') }}
),

vote_options as (
    select * from {{ ref('vote_options') }}
),

periods as (
    select * from {{ ref('int_research__vote_event_periods') }}
),

member_votes as (
    select
        person_votes.person_id,
        periods.period_id,
        person_votes.legislature_id,
        person_votes.vote_date,
        person_votes.option_code,
        coalesce(cast(vote_options.is_present as boolean), false) as is_present
    from person_votes
    inner join periods on person_votes.vote_event_id = periods.vote_event_id
    left join vote_options on person_votes.option_code = vote_options.code
)

select
    person_id,
    period_id,
    legislature_id,
    min(vote_date) as first_vote_date,
    max(vote_date) as last_vote_date,
    count(*) as vote_event_count,
    count(*) filter (where is_present) as present_count,
    count(*) filter (where option_code in ('yes', 'no', 'abstain')) as voted_count,
    count(*) filter (where option_code = 'absent') as absent_count,
    cast(count(*) filter (where is_present) as double) / count(*) as present_share,
    cast(count(*) filter (where option_code in ('yes', 'no', 'abstain')) as double) / count(*) as voted_share,
    cast(count(*) filter (where option_code = 'absent') as double) / count(*) as absent_share
from member_votes
group by person_id, period_id, legislature_id
