-- The period each vote event belongs to, for the research marts: its legislative session; where the source names
-- none, its convocation; failing that, the calendar year (`<legislature_id>/year/<yyyy>`).
select
    vote_event_id,
    legislature_id,
    vote_date,
    is_count_mismatch,
    coalesce(
        legislative_session_id,
        legislative_period_id,
        legislature_id || '/year/' || cast(year(vote_date) as varchar)
    ) as period_id
from {{ ref('fct_vote_events') }}
