with vote_events as (
    select * from {{ ref('stg_popolo__vote_events') }}
),

-- The individual votes that stand (a vote for an unknown person is quarantined and not tallied).
votes as (
    select votes.* from {{ ref('stg_popolo__votes') }} as votes
    {{ without_quarantined_references('votes', 'popolo_votes') }}
),

organizations as (
    select * from {{ ref('dim_organizations') }}
),

periods as (
    select * from {{ ref('dim_legislative_periods') }}
),

-- The counts the source printed, one row per option. Values are not checked by the loader: a value that is not
-- a whole number counts as not printed.
printed as (
    select
        vote_event_id,
        lower(trim(struct_extract(count_entry, 'option'))) as option_code,
        try_cast(struct_extract(count_entry, 'value') as integer) as printed_count
    from (
        select
            vote_event_id,
            unnest(from_json(counts, '[{"option": "VARCHAR", "value": "VARCHAR"}]')) as count_entry
        from vote_events
    ) as unnested
    where try_cast(struct_extract(count_entry, 'value') as integer) is not null
),

printed_by_option as (
    select
        vote_event_id,
        {{ per_option_counts('printed', 'max(printed_count)') }}
        true as has_printed_counts
    from printed
    -- Only options of the code list; anything else the source printed (a total, say) is not compared.
    where option_code in ({{ vote_option_codes_sql() }})
    group by vote_event_id
),

-- The count of individual votes per option.
tallied_by_option as (
    select
        vote_event_id,
        {{ per_option_counts('tallied', 'count(*)') }}
        count(*) as tallied_vote_count
    from votes
    group by vote_event_id
)

select
    vote_events.vote_event_id,
    coalesce(organizations.legislature_id, sessions.legislature_id) as legislature_id,
    vote_events.organization_id,
    organizations.chamber_id,
    vote_events.legislative_session_id,
    sessions.convocation_id as legislative_period_id,
    vote_events.vote_identifier,
    vote_events.vote_datetime,
    vote_events.vote_date,
    vote_events.motion_text,
    vote_events.result_code,
    vote_events.bill_id,
    vote_events.bill_stage_code,
    {% for option in vote_option_columns() %}
        printed_by_option.printed_{{ option.column }}_count,
    {% endfor %}
    {% for option in vote_option_columns() %}
        tallied_by_option.tallied_{{ option.column }}_count,
    {% endfor %}
    coalesce(tallied_by_option.tallied_vote_count, 0) as tallied_vote_count,
    coalesce(printed_by_option.has_printed_counts, false) as has_printed_counts,
    coalesce(tallied_by_option.tallied_vote_count, 0) > 0 as has_individual_votes,
    -- The rule is the macro is_count_mismatch (macros/vote_options.sql); an event without individual votes has
    -- nothing to compare with and is not flagged (has_individual_votes tells those apart).
    {{ is_count_mismatch(
        'printed_by_option', 'tallied_by_option', 'coalesce(tallied_by_option.tallied_vote_count, 0) > 0'
    ) }} as is_count_mismatch
from vote_events
left join organizations on vote_events.organization_id = organizations.organization_id
left join periods as sessions on vote_events.legislative_session_id = sessions.legislative_period_id
left join printed_by_option on vote_events.vote_event_id = printed_by_option.vote_event_id
left join tallied_by_option on vote_events.vote_event_id = tallied_by_option.vote_event_id
