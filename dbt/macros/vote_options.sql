{#-
    The vote options of `seeds/vote_options.csv` and the column-name form of each, for the per-option count
    columns (`printed_yes_count`, `tallied_not_voting_count`, ...). Columns of a contract cannot come from the
    data, so the list is written here; the test `vote_option_columns_match_seed` fails when the seed changes
    without this list.
-#}
{% macro vote_option_columns() -%}
    {{ return([
        {'code': 'yes', 'column': 'yes'},
        {'code': 'no', 'column': 'no'},
        {'code': 'abstain', 'column': 'abstain'},
        {'code': 'not voting', 'column': 'not_voting'},
        {'code': 'absent', 'column': 'absent'},
    ]) }}
{%- endmacro %}

{#- The option codes as an SQL list: 'yes', 'no', ... -#}
{% macro vote_option_codes_sql() -%}
    {%- for option in vote_option_columns() -%}
        '{{ option.code }}'{% if not loop.last %}, {% endif %}
    {%- endfor -%}
{%- endmacro %}
