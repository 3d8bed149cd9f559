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

{#-
    One count column per vote option: `aggregate` filtered to that option, named `<prefix>_<option>_count`
    (`per_option_counts('tallied', 'count(*)')` gives tallied_yes_count, tallied_no_count, ...). Reads
    `option_code` of the rows being aggregated.
-#}
{% macro per_option_counts(prefix, aggregate) -%}
    {% for option in vote_option_columns() %}
        {{ aggregate }} filter (where option_code = '{{ option.code }}') as {{ prefix }}_{{ option.column }}_count,
    {% endfor %}
{%- endmacro %}

{#-
    The reconciliation rule, for a vote event or one group of it: flagged when the roll call has individual
    votes and an option the source printed differs from the tally of individual votes with that option (no vote
    with an option tallies 0). Options the source did not print (a null printed count) are not compared.
-#}
{% macro is_count_mismatch(printed, tallied, has_individual_votes) -%}
    coalesce(
        {{ has_individual_votes }}
        and (
            false
            {% for option in vote_option_columns() %}
                or {{ printed }}.printed_{{ option.column }}_count
                != coalesce({{ tallied }}.tallied_{{ option.column }}_count, 0)
            {% endfor %}
        ),
        false
    )
{%- endmacro %}
