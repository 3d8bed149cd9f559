with source as (
    select * from {{ source('raw', 'popolo_events') }}
),

cleaned as (
    select
        {{ clean_id('id') }} as event_id,
        {{ clean_text('name') }} as event_name,
        {{ clean_code('classification') }} as classification_code,
        {{ clean_id('organization_id') }} as organization_id,
        {{ clean_id('parent_id') }} as parent_id,
        cast({{ clean_id('start_date') }} as date) as start_date,
        cast({{ clean_id('end_date') }} as date) as end_date,
        {{ clean_id('identifier') }} as event_identifier,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

select * from cleaned
{{ keep_latest('event_id') }}
