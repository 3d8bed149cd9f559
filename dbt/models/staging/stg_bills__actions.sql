with source as (
    select * from {{ source('raw', 'bill_actions') }}
),

cleaned as (
    select
        {{ clean_id('bill_id') }} as bill_id,
        cast({{ clean_id('date') }} as date) as action_date,
        {{ clean_code('classification') }} as action_type_code,
        {{ clean_id('organization_id') }} as organization_id,
        {{ clean_text('description_kk') }} as description_kk,
        {{ clean_text('description_ru') }} as description_ru,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

{{ kept_children('cleaned', 'stg_bills__bills', 'bill_id', 'action_number', order_by='cleaned.action_date') }}
