with source as (
    select * from {{ source('raw', 'popolo_organizations') }}
),

cleaned as (
    select
        {{ clean_id('id') }} as organization_id,
        {{ clean_text('name') }} as organization_name,
        {{ other_name('other_names', 'kk') }} as name_kk,
        {{ other_name('other_names', 'ru') }} as name_ru,
        {{ other_name('other_names', 'en') }} as name_en,
        {{ clean_code('classification') }} as classification_code,
        {{ clean_id('parent_id') }} as parent_id,
        cast({{ clean_id('founding_date') }} as date) as founding_date,
        cast({{ clean_id('dissolution_date') }} as date) as dissolution_date,
        cast({{ clean_id('seats') }} as integer) as seat_count,
        other_names,
        identifiers,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

select * from cleaned
{{ keep_latest('organization_id') }}
