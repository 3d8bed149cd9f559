with source as (
    select * from {{ source('raw', 'bills') }}
),

cleaned as (
    select
        {{ clean_id('id') }} as bill_id,
        {{ clean_id('legislature_id') }} as legislature_id,
        {{ clean_text('number') }} as bill_number,
        {{ clean_text('title_kk') }} as title_kk,
        {{ clean_text('title_ru') }} as title_ru,
        {{ clean_text('title_en') }} as title_en,
        {{ clean_code('initiator_type') }} as initiator_type_code,
        cast({{ clean_id('registration_date') }} as date) as registration_date,
        {{ clean_code('status') }} as status_code,
        {{ clean_id('lead_committee_id') }} as lead_committee_id,
        {{ clean_text('former_title_kk') }} as former_title_kk,
        {{ clean_text('former_title_ru') }} as former_title_ru,
        cast({{ clean_id('title_changed_date') }} as date) as title_changed_date,
        {{ clean_text('status_as_printed') }} as status_as_printed,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

select * from cleaned
{{ keep_latest('bill_id') }}
