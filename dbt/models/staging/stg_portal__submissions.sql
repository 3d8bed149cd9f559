with source as (
    select * from {{ source('raw', 'portal_submissions') }}
),

cleaned as (
    select
        {{ clean_id('submission_id') }} as submission_id,
        {{ clean_code('channel') }} as channel_code,
        cast({{ clean_id('received_at') }} as timestamptz) as received_datetime,
        {{ local_date('received_at') }} as received_date,
        cast({{ clean_id('answered_at') }} as timestamptz) as answered_datetime,
        {{ local_date('answered_at') }} as answered_date,
        {{ clean_code('language') }} as language_code,
        {{ clean_id('region_kato') }} as region_kato_code,
        {{ clean_id('addressee_id') }} as addressee_id,
        {{ clean_code('topic') }} as topic_code,
        {{ clean_code('status') }} as status_code,
        {{ clean_id('bill_id') }} as bill_id,
        cast({{ clean_id('signature_count') }} as bigint) as signature_count,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

select * from cleaned
{{ keep_latest('submission_id') }}
