with source as (
    select * from {{ source('raw', 'popolo_votes') }}
),

-- A vote event found in several files keeps the votes of the record that was kept.
kept_vote_events as (
    select
        vote_event_id,
        _source_file,
        _loaded_at
    from {{ ref('stg_popolo__vote_events') }}
),

cleaned as (
    select
        {{ clean_id('vote_event_id') }} as vote_event_id,
        {{ clean_id('voter_id') }} as voter_id,
        {{ clean_code('option') }} as option_code,
        {{ clean_id('group_id') }} as group_id,
        {{ clean_text('note') }} as note,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

select cleaned.*
from cleaned
inner join kept_vote_events
    on
        cleaned.vote_event_id = kept_vote_events.vote_event_id
        and cleaned._source_file = kept_vote_events._source_file
        and cleaned._loaded_at = kept_vote_events._loaded_at
