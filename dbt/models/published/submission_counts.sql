-- Aggregates only: no submission id, no text, no personal data.
select
    received_month_date,
    legislature_id,
    region_kato_code,
    region_name_kk,
    region_name_ru,
    region_name_en,
    channel_code,
    -- a key column may not be empty: no topic chosen is its own group
    coalesce(topic_code, 'unspecified') as topic_code,
    language_code,
    count(*) as submission_count,
    count(*) filter (where is_answered) as answered_count,
    quantile_cont(time_to_answer_days, 0.5) as median_time_to_answer_days,
    cast(sum(signature_count) as bigint) as signature_count
from {{ ref('fct_submissions') }}
group by
    received_month_date,
    legislature_id,
    region_kato_code,
    region_name_kk,
    region_name_ru,
    region_name_en,
    channel_code,
    topic_code,
    language_code
