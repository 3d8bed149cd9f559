with source as (
    select * from {{ source('raw', 'bill_amended_acts') }}
),

cleaned as (
    select
        {{ clean_id('bill_id') }} as bill_id,
        {{ clean_id('act_code') }} as act_code,
        {{ clean_text('title_kk') }} as title_kk,
        {{ clean_text('title_ru') }} as title_ru,
        cast({{ clean_id('act_date') }} as date) as act_date,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

{{ kept_children('cleaned', 'stg_bills__bills', 'bill_id', 'amended_act_number') }}
