with source as (
    select * from {{ source('raw', 'popolo_persons') }}
),

cleaned as (
    select
        {{ clean_id('id') }} as person_id,
        {{ clean_text('name') }} as person_name,
        {{ other_name('other_names', 'kk') }} as name_kk,
        {{ other_name('other_names', 'ru') }} as name_ru,
        {{ other_name('other_names', 'en') }} as name_en,
        {{ clean_text('given_name') }} as given_name,
        {{ clean_text('family_name') }} as family_name,
        {{ clean_text('patronymic_name') }} as patronymic_name,
        {{ clean_code('gender') }} as gender,
        cast({{ clean_id('birth_date') }} as date) as birth_date,
        {{ clean_id('image') }} as image_url,
        other_names,
        identifiers,
        links,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

select * from cleaned
{{ keep_latest('person_id') }}
