with source as (
    select * from {{ source('raw', 'petitions') }}
),

cleaned as (
    select
        {{ clean_id('id') }} as petition_id,
        {{ clean_id('legislature_id') }} as legislature_id,
        {{ clean_text('title') }} as petition_title,
        {{ clean_code('language') }} as language_code,
        {{ clean_code('state') }} as state_code,
        {{ local_date('created_at') }} as created_date,
        {{ local_date('closed_at') }} as closed_date,
        cast({{ clean_id('signature_count') }} as bigint) as signature_count,
        {{ clean_id('url') }} as petition_url,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

select * from cleaned
{{ keep_latest('petition_id') }}
