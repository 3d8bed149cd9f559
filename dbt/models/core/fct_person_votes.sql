{#-
    Incremental, keyed on the provenance of the landed files: a run rebuilds only the vote events whose kept
    record (file and load time), date or legislature changed since the last build, and deletes the rows of vote
    events that are gone. When the memberships changed (they decide every vote's group and party), or the votes
    quarantined for an unknown voter did (a person added or removed), every vote event is rebuilt. `dbt build --full-refresh` gives the same rows (tests/e2e/test_incremental.py proves it).
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='vote_event_id',
        on_schema_change='append_new_columns',
        post_hook="delete from {{ this }} where vote_event_id not in (select vote_event_id from {{ ref('fct_vote_events') }})",
    )
}}

with votes as (
    select votes.* from {{ ref('stg_popolo__votes') }} as votes
    {{ without_quarantined_references('votes', 'popolo_votes') }}
),

vote_events as (
    select * from {{ ref('fct_vote_events') }}
),

memberships as (
    select * from {{ ref('fct_memberships') }}
),

-- One fingerprint of what each vote is resolved against: all memberships (a vote's group and party) and the
-- votes quarantined for an unknown voter. When it changes, every vote event is rebuilt.
resolution_version as (
    select
        md5(
            (
                select coalesce(string_agg(cast(memberships as varchar), '|' order by memberships.membership_id), '')
                from memberships
            )
            || (
                select coalesce(string_agg(record_key, '|' order by record_key), '')
                from {{ ref('quarantined_popolo_votes') }}
            )
        ) as _resolution_version
),

kept_vote_events as (
    select
        vote_event_id,
        _source_file,
        _loaded_at
    from {{ ref('stg_popolo__vote_events') }}
),

-- The vote events to (re)build: all of them on a full refresh; on an incremental run, those not yet built from
-- the same record, date, legislature and memberships.
vote_events_to_build as (
    select
        vote_events.vote_event_id,
        vote_events.legislature_id,
        vote_events.vote_date,
        kept_vote_events._source_file,
        kept_vote_events._loaded_at
    from vote_events
    inner join kept_vote_events on vote_events.vote_event_id = kept_vote_events.vote_event_id
    {#- A table built before these provenance columns existed is rebuilt whole. #}
    {%- set built_columns = [] %}
    {%- if is_incremental() %}
        {%- set built_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list %}
    {%- endif %}
    {%- if '_resolution_version' in built_columns %}
        anti join (
            select distinct vote_event_id, legislature_id, vote_date, _source_file, _loaded_at
            from {{ this }}
            where _resolution_version = (select _resolution_version from resolution_version)
        ) as built
            on
                vote_events.vote_event_id = built.vote_event_id
                and vote_events.legislature_id is not distinct from built.legislature_id
                and vote_events.vote_date is not distinct from built.vote_date
                and kept_vote_events._source_file = built._source_file
                and kept_vote_events._loaded_at = built._loaded_at
    {%- endif %}
),

dated_votes as (
    select
        votes.vote_event_id,
        votes.voter_id as person_id,
        vote_events_to_build.legislature_id,
        vote_events_to_build.vote_date,
        votes.option_code,
        votes.group_id as printed_group_id,
        votes.note,
        vote_events_to_build._source_file,
        vote_events_to_build._loaded_at
    from votes
    inner join vote_events_to_build on votes.vote_event_id = vote_events_to_build.vote_event_id
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
    dated_votes.note,
    dated_votes._source_file,
    dated_votes._loaded_at,
    resolution_version._resolution_version,
    cast('{{ run_started_at }}' as timestamptz) as _built_at
from dated_votes
cross join resolution_version
left join group_on_vote_date
    on
        dated_votes.vote_event_id = group_on_vote_date.vote_event_id
        and dated_votes.person_id = group_on_vote_date.person_id
left join party_on_vote_date
    on
        dated_votes.vote_event_id = party_on_vote_date.vote_event_id
        and dated_votes.person_id = party_on_vote_date.person_id
