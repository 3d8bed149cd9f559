-- A view of core.fct_person_votes (its materialization is in dbt/contract/tables.yml, with the reason).

select
    vote_event_id,
    person_id,
    legislature_id,
    vote_date,
    option_code,
    group_id,
    is_group_from_membership,
    party_id,
    note
from {{ ref('fct_person_votes') }}
