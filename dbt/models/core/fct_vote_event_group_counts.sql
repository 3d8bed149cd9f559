with vote_events as (
    select * from {{ ref('fct_vote_events') }}
),

raw_group_results as (
    select
        vote_event_id,
        group_results
    from {{ ref('stg_popolo__vote_events') }}
),

person_votes as (
    select * from {{ ref('fct_person_votes') }}
),

-- The group results the source printed, one row per group and option.
group_results as (
    select
        vote_event_id,
        trim(struct_extract(group_result, 'group_id')) as group_id,
        struct_extract(group_result, 'counts') as counts
    from (
        select
            vote_event_id,
            unnest(from_json(
                group_results,
                '[{"group_id": "VARCHAR", "counts": [{"option": "VARCHAR", "value": "VARCHAR"}]}]'
            )) as group_result
        from raw_group_results
    ) as unnested
    where nullif(trim(struct_extract(group_result, 'group_id')), '') is not null
),

printed as (
    select
        vote_event_id,
        group_id,
        lower(trim(struct_extract(count_entry, 'option'))) as option_code,
        try_cast(struct_extract(count_entry, 'value') as integer) as printed_count
    from (
        select
            vote_event_id,
            group_id,
            unnest(counts) as count_entry
        from group_results
    ) as unnested
    where try_cast(struct_extract(count_entry, 'value') as integer) is not null
),

printed_by_option as (
    select
        vote_event_id,
        group_id,
        {{ per_option_counts('printed', 'max(printed_count)') }}
        true as has_printed_counts
    from printed
    -- Only options of the code list; anything else the source printed (a total, say) is not compared.
    where option_code in ({{ vote_option_codes_sql() }})
    group by vote_event_id, group_id
),

tallied_by_option as (
    select
        vote_event_id,
        group_id,
        {{ per_option_counts('tallied', 'count(*)') }}
        count(*) as tallied_vote_count
    from person_votes
    where group_id is not null
    group by vote_event_id, group_id
),

vote_event_groups as (
    select
        vote_event_id,
        group_id
    from printed_by_option
    union
    select
        vote_event_id,
        group_id
    from tallied_by_option
)

select
    vote_event_groups.vote_event_id,
    vote_event_groups.group_id,
    vote_events.legislature_id,
    vote_events.vote_date,
    {% for option in vote_option_columns() %}
        printed_by_option.printed_{{ option.column }}_count,
    {% endfor %}
    -- A group with no individual votes in an event that has a roll call tallied zero; without a roll call the
    -- tally is unknown (null).
    {% for option in vote_option_columns() %}
        case
            when vote_events.has_individual_votes
                then coalesce(tallied_by_option.tallied_{{ option.column }}_count, 0)
        end as tallied_{{ option.column }}_count,
    {% endfor %}
    coalesce(tallied_by_option.tallied_vote_count, 0) as tallied_vote_count,
    coalesce(printed_by_option.has_printed_counts, false) as has_printed_counts,
    {{ is_count_mismatch(
        'printed_by_option', 'tallied_by_option', 'vote_events.has_individual_votes'
    ) }} as is_count_mismatch
from vote_event_groups
inner join vote_events on vote_event_groups.vote_event_id = vote_events.vote_event_id
left join printed_by_option
    on
        vote_event_groups.vote_event_id = printed_by_option.vote_event_id
        and vote_event_groups.group_id = printed_by_option.group_id
left join tallied_by_option
    on
        vote_event_groups.vote_event_id = tallied_by_option.vote_event_id
        and vote_event_groups.group_id = tallied_by_option.group_id
