{#-
    k-anonymity for published aggregates of submissions: the rows of `relation` (one per submission) whose cell
    (the values of `cell_columns` within the values of `kept_columns`) holds fewer than k submissions have their
    cell columns replaced by 'suppressed', so they are counted together in one merged row per `kept_columns`.
    The aggregate that selects from this must end with `having_min_cell()`: a merged row that still counts fewer
    than k submissions is withheld. k is the setting EPARL_SUBMISSIONS_MIN_CELL (var submissions_min_cell).
-#}
{% macro suppress_small_cells(relation, cell_columns, kept_columns=[]) -%}
    select
        * exclude (_cell_size) replace (
            {%- for column in cell_columns %}
            case when _cell_size < {{ min_cell() }} then 'suppressed' else {{ column }} end as {{ column }}
            {%- if not loop.last %},{% endif %}
            {%- endfor %}
        )
    from (
        select
            *,
            count(*) over (partition by {{ (kept_columns + cell_columns) | join(', ') }}) as _cell_size
        from {{ relation }}
    )
{%- endmacro %}

{% macro min_cell() -%}
    {{ var('submissions_min_cell') | int }}
{%- endmacro %}

{% macro having_min_cell() -%}
    having count(*) >= {{ min_cell() }}
{%- endmacro %}
