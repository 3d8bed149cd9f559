-- Submissions without personal data: the columns that may be analysed. Never reads raw personal data: the
-- language and topic come from the enrichment (detected from the text), the author's choice is kept beside it.
-- Working days come from dim_calendar_days; the legal terms are settings (vars, see dbt_project.yml).
with submissions as (
    select * from {{ ref('stg_portal__submissions') }}
),

enrichment as (
    select * from {{ ref('stg_private__submission_enrichment') }}
),

organizations as (
    select * from {{ ref('dim_organizations') }}
),

regions as (
    select * from {{ ref('kato_regions') }}
),

statuses as (
    select * from {{ ref('submission_statuses') }}
),

calendar as (
    select * from {{ ref('dim_calendar_days') }}
),

draft_comments as (
    select * from {{ ref('stg_legalacts__draft_act_comments') }}
),

drafts as (
    select * from {{ ref('dim_draft_acts') }}
),

-- A comment on a draft law concerns the bill its draft act became (dim_draft_acts links them by title); a comment
-- id listed under two draft acts is linked to neither.
commented_drafts as (
    select
        draft_comments.submission_id,
        min(drafts.draft_act_id) as draft_act_id,
        min(drafts.bill_id) as bill_id
    from draft_comments
    inner join drafts on draft_comments.draft_act_id = drafts.draft_act_id
    group by draft_comments.submission_id
    having count(distinct drafts.draft_act_id) = 1
),

dated as (
    select
        submissions.*,
        -- the day the data stops: the last day anything was received or answered (not today, so that a
        -- re-run on the same data gives the same numbers)
        max(greatest(submissions.received_date, submissions.answered_date)) over () as as_of_date
    from submissions
)

select
    dated.submission_id,
    dated.channel_code,
    dated.received_datetime,
    dated.received_date,
    cast(date_trunc('month', dated.received_date) as date) as received_month_date,
    dated.answered_datetime,
    dated.answered_date,
    dated.answered_datetime is not null or dated.status_code = 'answered' as is_answered,
    date_diff('day', dated.received_date, dated.answered_date) as time_to_answer_days,
    answered_day.working_day_index - received_day.working_day_index as working_days_to_answer,
    answered_day.working_day_index - received_day.working_day_index
    <= {{ var('answer_term_working_days') | int }} as is_answered_within_term,
    dated.answered_date
    <= dated.received_date
    + to_months({{ var('answer_extended_term_months') | int }}) as is_answered_within_extended_term,
    not coalesce(statuses.is_closed, false) as is_open,
    not coalesce(statuses.is_closed, false)
    and as_of_day.working_day_index - received_day.working_day_index
    > {{ var('answer_term_working_days') | int }} as is_overdue,
    dated.as_of_date,
    dated.language_code as declared_language_code,
    coalesce(enrichment.detected_language_code, dated.language_code) as language_code,
    dated.region_kato_code,
    regions.name_kk as region_name_kk,
    regions.name_ru as region_name_ru,
    regions.name_en as region_name_en,
    dated.addressee_id,
    organizations.legislature_id,
    dated.topic_code as declared_topic_code,
    coalesce(enrichment.topic_code, dated.topic_code, 'other') as topic_code,
    enrichment.topic_method,
    enrichment.redacted_text as published_text,
    dated.status_code,
    coalesce(dated.bill_id, commented_drafts.bill_id) as bill_id,
    dated.signature_count,
    commented_drafts.draft_act_id
from dated
left join enrichment on dated.submission_id = enrichment.submission_id
left join commented_drafts on dated.submission_id = commented_drafts.submission_id
left join organizations on dated.addressee_id = organizations.organization_id
left join regions on dated.region_kato_code = regions.code
left join statuses on dated.status_code = statuses.code
left join calendar as received_day on dated.received_date = received_day.calendar_date
left join calendar as answered_day on dated.answered_date = answered_day.calendar_date
left join calendar as as_of_day on dated.as_of_date = as_of_day.calendar_date
