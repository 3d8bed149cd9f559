-- Aggregates only: no submission id, no text, no personal data. Cells of fewer than k submissions (setting
-- EPARL_SUBMISSIONS_MIN_CELL) are merged, per month and legislature, into one row whose region, channel, topic
-- and language are 'suppressed'; a merged row still under k is withheld. A submission whose source gives no
-- region is counted under region 'unknown'; one addressed to no legislature (a comment on a ministry's draft on
-- legalacts.egov.kz) is not a submission to parliament, and is not counted here.
with located as (
    select * replace (coalesce(region_kato_code, 'unknown') as region_kato_code)
    from {{ ref('fct_submissions') }}
    where legislature_id is not null
),

submissions as (
    {{ suppress_small_cells(
        'located',
        ['region_kato_code', 'channel_code', 'topic_code', 'language_code'],
        ['received_month_date', 'legislature_id'],
    ) }}
),

counted as (
    select
        received_month_date,
        legislature_id,
        region_kato_code,
        channel_code,
        topic_code,
        language_code,
        count(*) as submission_count,
        count(*) filter (where is_answered) as answered_count,
        quantile_cont(time_to_answer_days, 0.5) as median_time_to_answer_days,
        cast(sum(signature_count) as bigint) as signature_count
    from submissions
    group by received_month_date, legislature_id, region_kato_code, channel_code, topic_code, language_code
    {{ having_min_cell() }}
)

select
    counted.received_month_date,
    counted.legislature_id,
    counted.region_kato_code,
    regions.name_kk as region_name_kk,
    regions.name_ru as region_name_ru,
    regions.name_en as region_name_en,
    counted.channel_code,
    counted.topic_code,
    counted.language_code,
    counted.submission_count,
    counted.answered_count,
    counted.median_time_to_answer_days,
    counted.signature_count
from counted
left join {{ ref('kato_regions') }} as regions on counted.region_kato_code = regions.code
