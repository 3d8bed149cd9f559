select
    vote_event_id,
    legislature_id,
    organization_id,
    chamber_id,
    legislative_session_id,
    legislative_period_id,
    vote_identifier,
    vote_datetime,
    vote_date,
    motion_text,
    result_code,
    bill_id,
    bill_stage_code,
    {% for option in vote_option_columns() %}
        cast(printed_{{ option.column }}_count as bigint) as printed_{{ option.column }}_count,
    {% endfor %}
    {% for option in vote_option_columns() %}
        tallied_{{ option.column }}_count,
    {% endfor %}
    tallied_vote_count,
    has_printed_counts,
    has_individual_votes,
    is_count_mismatch
from {{ ref('fct_vote_events') }}
