-- Submissions without personal data: the columns that may be analysed. Never reads the private schema.
with submissions as (
    select * from {{ ref('stg_portal__submissions') }}
),

organizations as (
    select * from {{ ref('dim_organizations') }}
),

regions as (
    select * from {{ ref('kato_regions') }}
)

select
    submissions.submission_id,
    submissions.channel_code,
    submissions.received_datetime,
    submissions.received_date,
    cast(date_trunc('month', submissions.received_date) as date) as received_month_date,
    submissions.answered_datetime,
    submissions.answered_date,
    submissions.answered_datetime is not null or submissions.status_code = 'answered' as is_answered,
    date_diff('day', submissions.received_date, submissions.answered_date) as time_to_answer_days,
    submissions.language_code,
    submissions.region_kato_code,
    regions.name_kk as region_name_kk,
    regions.name_ru as region_name_ru,
    regions.name_en as region_name_en,
    submissions.addressee_id,
    organizations.legislature_id,
    submissions.topic_code,
    submissions.status_code,
    submissions.bill_id,
    submissions.signature_count
from submissions
left join organizations on submissions.addressee_id = organizations.organization_id
left join regions on submissions.region_kato_code = regions.code
