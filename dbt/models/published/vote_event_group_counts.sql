select
    vote_event_id,
    group_id,
    legislature_id,
    vote_date,
    {% for option in vote_option_columns() %}
        cast(printed_{{ option.column }}_count as bigint) as printed_{{ option.column }}_count,
    {% endfor %}
    {% for option in vote_option_columns() %}
        tallied_{{ option.column }}_count,
    {% endfor %}
    tallied_vote_count,
    has_printed_counts,
    is_count_mismatch
from {{ ref('fct_vote_event_group_counts') }}
