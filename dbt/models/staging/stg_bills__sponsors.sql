with source as (
    select * from {{ source('raw', 'bill_sponsors') }}
),

cleaned as (
    select
        {{ clean_id('bill_id') }} as bill_id,
        {{ clean_id('person_id') }} as person_id,
        {{ clean_id('organization_id') }} as organization_id,
        {{ clean_text('name') }} as sponsor_name,
        {{ clean_code('classification') }} as sponsor_type_code,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

{{ kept_children(
    'cleaned', 'stg_bills__bills', 'bill_id', 'sponsor_number',
    order_by="cleaned.sponsor_type_code = 'primary' desc"
) }}
