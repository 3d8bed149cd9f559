with source as (
    select * from {{ source('raw', 'printed_figures') }}
),

cleaned as (
    select
        {{ clean_code('source') }} as source_code,
        {{ clean_id('page') }} as page_name,
        {{ clean_code('figure') }} as figure_code,
        coalesce({{ clean_code('dimension') }}, 'total') as dimension_code,
        {{ clean_text('dimension_value') }} as dimension_value,
        {{ clean_id('subject_id') }} as subject_id,
        cast({{ clean_id('value') }} as bigint) as printed_value,
        _source_file,
        _record_position,
        _loaded_at
    from source
)

select
    *,
    concat_ws('/', source_code, page_name, figure_code, dimension_code, dimension_value) as printed_figure_id
from cleaned
qualify
    row_number() over (
        partition by source_code, page_name, figure_code, dimension_code, dimension_value
        order by {{ latest_record_order() }}
    ) = 1
