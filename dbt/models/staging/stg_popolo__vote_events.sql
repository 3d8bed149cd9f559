with source as (
    select * from {{ source('raw', 'popolo_vote_events') }}
),

cleaned as (
    select
        {{ clean_id('id') }} as vote_event_id,
        {{ clean_id('identifier') }} as vote_identifier,
        {{ clean_id('organization_id') }} as organization_id,
        {{ clean_id('legislative_session_id') }} as legislative_session_id,
        cast({{ clean_id('start_date') }} as timestamptz) as vote_datetime,
        {{ local_date('start_date') }} as vote_date,
        {{ clean_text('motion_text') }} as motion_text,
        {{ clean_code('result') }} as result_code,
        {{ clean_id('bill_id') }} as bill_id,
        {{ clean_code('bill_stage') }} as bill_stage_code,
        counts,
        group_results,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

select * from cleaned
{{ keep_latest('vote_event_id') }}
