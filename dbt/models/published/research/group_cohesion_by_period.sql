-- The mean cohesion of each group over the vote events of a period (each vote event weighs the same). Means use
-- Kahan summation (favg) and are rounded to 6 decimals: a plain parallel avg of doubles can differ in its last bits
-- from run to run, and the published files must be byte-identical when the data is.
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
    round(favg(rice_index), 6) as mean_rice_index,
    count(agreement_index) as agreement_vote_event_count,
    round(favg(agreement_index), 6) as mean_agreement_index
from cohesion
group by period_id, group_id, legislature_id
