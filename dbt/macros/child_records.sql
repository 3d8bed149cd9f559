{#-
    The child records (actions, sponsors, ...) of the parent records that staging kept: when a bill is found in
    several files, only the children of the kept record remain. Numbers the children of each parent in the order
    `order_by`, then in file order, as `<number_column>`.
-#}
{% macro kept_children(cleaned_cte, parent_model, parent_key, number_column, order_by=none) -%}
    select
        {{ cleaned_cte }}.*,
        row_number() over (
            partition by {{ cleaned_cte }}.{{ parent_key }}
            order by
                {%- if order_by %} {{ order_by }},{% endif %}
                {{ position_sort_key(cleaned_cte ~ '._record_position') }},
                {{ cleaned_cte }}._record_position
        ) as {{ number_column }}
    from {{ cleaned_cte }}
    inner join {{ ref(parent_model) }} as kept_parent
        on
            {{ cleaned_cte }}.{{ parent_key }} = kept_parent.{{ parent_key }}
            and {{ cleaned_cte }}._source_file = kept_parent._source_file
            and {{ cleaned_cte }}._loaded_at = kept_parent._loaded_at
{%- endmacro %}
