{#-
    Use a model's custom schema as is (`staging`, `core`, `published`, `private`, `reference`) instead of
    dbt's default `<target schema>_<custom schema>`: the Python side reads the tables by these names.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
