with source as (
    select * from {{ source('raw', 'petition_signatures') }}
),

cleaned as (
    select
        {{ clean_id('petition_id') }} as petition_id,
        {{ clean_code('area_type') }} as area_type_code,
        {{ clean_id('area_code') }} as area_code,
        {{ clean_text('area_name') }} as area_name,
        cast({{ clean_id('signature_count') }} as bigint) as signature_count,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

{{ kept_children('cleaned', 'stg_petitions__petitions', 'petition_id', 'area_number') }}
