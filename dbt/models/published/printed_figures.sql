select
    printed_figure_id,
    source_code,
    page_name,
    figure_code,
    dimension_code,
    dimension_value,
    subject_id,
    printed_value,
    loaded_value,
    is_figure_mismatch,
    is_comparable,
    comparison_code,
    loaded_total_value,
    printed_total_value
from {{ ref('fct_printed_figures') }}
