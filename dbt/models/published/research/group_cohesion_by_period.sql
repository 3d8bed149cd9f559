-- The mean cohesion of each group over the vote events of a period (each vote event weighs the same).
with cohesion as (
    select * from {{ ref('group_cohesion') }}
)

select
    period_id,
    group_id,
    legislature_id,
    min(vote_date) as first_vote_date,
    max(vote_date) as last_vote_date,
    count(*) as vote_event_count,
    count(rice_index) as rice_vote_event_count,
    avg(rice_index) as mean_rice_index,
    count(agreement_index) as agreement_vote_event_count,
    avg(agreement_index) as mean_agreement_index
from cohesion
group by period_id, group_id, legislature_id
