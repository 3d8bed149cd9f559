with source as (
    select * from {{ source('raw', 'draft_acts') }}
),

cleaned as (
    select
        {{ clean_id('id') }} as draft_act_id,
        {{ clean_id('legislature_id') }} as legislature_id,
        {{ clean_text('title_kk') }} as title_kk,
        {{ clean_text('title_ru') }} as title_ru,
        {{ clean_text('act_type') }} as act_type,
        {{ clean_text('government_body') }} as government_body,
        {{ clean_text('status') }} as status,
        cast({{ clean_id('version') }} as integer) as draft_version,
        cast({{ clean_id('created_date') }} as date) as created_date,
        cast({{ clean_id('discussion_end_date') }} as date) as discussion_end_date,
        cast({{ clean_id('online_discussion_date') }} as date) as online_discussion_date,
        {{ clean_id('url') }} as draft_act_url,
        {{ clean_id('bill_id') }} as bill_id,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

select * from cleaned
{{ keep_latest('draft_act_id') }}
