-- PRIVATE: personal data. Lives in the `private` schema; only the `personal_data` group may ref it.
with source as (
    select * from {{ source('private', 'portal_submission_texts') }}
),

cleaned as (
    select
        {{ clean_id('submission_id') }} as submission_id,
        {{ clean_text('author_name') }} as author_name,
        {{ clean_id('author_iin') }} as author_iin,
        {{ clean_id('author_phone') }} as author_phone,
        {{ clean_id('author_email') }} as author_email,
        {{ clean_text('author_address') }} as author_address,
        -- The text keeps its line breaks: only blank ends are removed.
        {{ clean_id('text') }} as submission_text,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

select * from cleaned
{{ keep_latest('submission_id') }}
