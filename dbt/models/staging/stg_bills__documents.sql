with source as (
    select * from {{ source('raw', 'bill_documents') }}
),

cleaned as (
    select
        {{ clean_id('bill_id') }} as bill_id,
        {{ clean_text('title') }} as document_title,
        {{ clean_id('url') }} as document_url,
        cast({{ clean_id('date') }} as date) as document_date,
        {{ clean_code('language') }} as language_code,
        {{ clean_code('classification') }} as document_type,
        {{ clean_code('media_type') }} as media_type,
        {{ clean_text('number') }} as document_printed_number,
        cast({{ clean_id('sheet_count') }} as integer) as sheet_count,
        {{ clean_code('languages') }} as language_codes,
        {{ clean_id('file_id') }} as file_id,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

{{ kept_children('cleaned', 'stg_bills__bills', 'bill_id', 'document_number') }}
