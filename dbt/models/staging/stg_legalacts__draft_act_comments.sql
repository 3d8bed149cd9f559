with source as (
    select * from {{ source('raw', 'draft_act_comments') }}
),

cleaned as (
    select
        {{ clean_id('draft_act_id') }} as draft_act_id,
        {{ clean_id('submission_id') }} as submission_id,
        {{ clean_text('part') }} as commented_part,
        {{ clean_code('decision') }} as decision_code,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

-- The comments of the kept draft act record (the adapter already joined the pages of one discussion by comment id).
{{ kept_children('cleaned', 'stg_legalacts__draft_acts', 'draft_act_id', 'comment_number') }}
