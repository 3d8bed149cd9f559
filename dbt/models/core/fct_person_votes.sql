with votes as (
    select * from {{ ref('stg_popolo__votes') }}
),

vote_events as (
    select * from {{ ref('fct_vote_events') }}
),

memberships as (
    select * from {{ ref('fct_memberships') }}
),

dated_votes as (
    select
        votes.vote_event_id,
        votes.voter_id as person_id,
        vote_events.legislature_id,
        vote_events.vote_date,
        votes.option_code,
        votes.group_id as printed_group_id,
        votes.note
    from votes
    inner join vote_events on votes.vote_event_id = vote_events.vote_event_id
),

-- Memberships valid on the vote date (an open start or end is "since ever" or "still"; both ends count).
-- Where several are valid, prefer the vote's legislature, then the latest start, then the id.
{%- set valid_on_vote_date -%}
    memberships.person_id = dated_votes.person_id
    and (memberships.start_date is null or memberships.start_date <= dated_votes.vote_date)
    and (memberships.end_date is null or memberships.end_date >= dated_votes.vote_date)
{%- endset %}

group_on_vote_date as (
    select
        dated_votes.vote_event_id,
        dated_votes.person_id,
        memberships.organization_id as group_id
    from dated_votes
    inner join memberships
        on
            {{ valid_on_vote_date }}
            and memberships.organization_classification_code = 'parliamentary_group'
    qualify row_number() over (
            partition by dated_votes.vote_event_id, dated_votes.person_id
            order by
                memberships.legislature_id is not distinct from dated_votes.legislature_id desc,
                memberships.start_date desc nulls last,
                memberships.organization_id asc
        ) = 1
),

-- The party: the `on_behalf_of_id` of a membership valid on the day, else a membership in a party.
party_on_vote_date as (
    select
        dated_votes.vote_event_id,
        dated_votes.person_id,
        coalesce(memberships.on_behalf_of_id, memberships.organization_id) as party_id
    from dated_votes
    inner join memberships
        on
            {{ valid_on_vote_date }}
            and (
                memberships.on_behalf_of_id is not null
                or memberships.organization_classification_code = 'party'
            )
    qualify row_number() over (
            partition by dated_votes.vote_event_id, dated_votes.person_id
            order by
                memberships.on_behalf_of_id is not null desc,
                memberships.legislature_id is not distinct from dated_votes.legislature_id desc,
                memberships.start_date desc nulls last,
                party_id asc
        ) = 1
)

select
    dated_votes.vote_event_id,
    dated_votes.person_id,
    dated_votes.legislature_id,
    dated_votes.vote_date,
    dated_votes.option_code,
    coalesce(dated_votes.printed_group_id, group_on_vote_date.group_id) as group_id,
    dated_votes.printed_group_id is null and group_on_vote_date.group_id is not null as is_group_from_membership,
    party_on_vote_date.party_id,
    dated_votes.note
from dated_votes
left join group_on_vote_date
    on
        dated_votes.vote_event_id = group_on_vote_date.vote_event_id
        and dated_votes.person_id = group_on_vote_date.person_id
left join party_on_vote_date
    on
        dated_votes.vote_event_id = party_on_vote_date.vote_event_id
        and dated_votes.person_id = party_on_vote_date.person_id
