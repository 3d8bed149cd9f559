{#- Cleaning helpers used by the staging models. Raw columns are text; these never fail. -#}

{#- Characters trimmed from both ends: space, tab, line breaks and the no-break space real pages are full of. -#}
{% macro _blank_chars() -%}
    ' ' || chr(9) || chr(10) || chr(13) || chr(160)
{%- endmacro %}

{#- An identifier or code: trimmed, empty becomes null. Inner characters are kept as they are. -#}
{% macro clean_id(column) -%}
    nullif(trim({{ column }}, {{ _blank_chars() }}), '')
{%- endmacro %}

{#- A short text (a name, a title): runs of white space (no-break spaces included) become one space. -#}
{% macro clean_text(column) -%}
    nullif(trim(regexp_replace({{ column }}, '[\s\x{00A0}]+', ' ', 'g')), '')
{%- endmacro %}

{#- A code compared with a code list: cleaned and lower-cased. -#}
{% macro clean_code(column) -%}
    lower({{ clean_id(column) }})
{%- endmacro %}

{#-
    The calendar date of an ISO 8601 date-time *as printed by the source* (its own UTC offset), so that a vote
    at 23:30+05:00 stays on its day whatever the warehouse's time zone. The loader has checked the value parses.
-#}
{% macro local_date(column) -%}
    coalesce(
        try_cast(left({{ clean_id(column) }}, 10) as date),
        cast(cast({{ clean_id(column) }} as timestamptz) as date)
    )
{%- endmacro %}

{#-
    The name in one language from a Popolo `other_names` JSON array (`{name, lang, note}`): the first entry whose
    `lang` is that language, else null.
-#}
{% macro other_name(column, lang) -%}
    {{ clean_text(
        "struct_extract(list_filter(from_json(" ~ column ~ ", '[{\"name\": \"VARCHAR\", \"lang\": \"VARCHAR\"}]'), "
        ~ "lambda n: lower(trim(struct_extract(n, 'lang'))) = '" ~ lang ~ "' "
        ~ "and nullif(trim(struct_extract(n, 'name')), '') is not null)[1], 'name')"
    ) }}
{%- endmacro %}
