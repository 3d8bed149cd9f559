{#-
    Records whose id appears in several files (or twice in one) are kept once: the file whose name sorts last
    (file names carry dates), then the record that comes last in its file. The loader applies the same rule to
    its keyed tables; the order depends only on the files, never on when they were loaded, so a daily run keeps
    what a full refresh keeps.
-#}

{#- `_record_position` as a natural sort key: its numbers compared as numbers ("[9]" before "[12]"). -#}
{% macro position_sort_key(column) -%}
    cast(regexp_extract_all({{ column }}, '\d+') as bigint [])
{%- endmacro %}

{% macro latest_record_order() -%}
    _source_file desc, {{ position_sort_key('_record_position') }} desc, _record_position desc
{%- endmacro %}

{#- A `qualify` clause keeping the latest record per key. -#}
{% macro keep_latest(key) -%}
    qualify row_number() over (partition by {{ key }} order by {{ latest_record_order() }}) = 1
{%- endmacro %}
