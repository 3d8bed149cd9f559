-- A view, not a copy: the largest table of the warehouse is kept once, in core.fct_person_votes, which is built
-- incrementally. Readers of the published layer (validation, publishing, releases) see the same columns.
{{ config(materialized='view') }}

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
