-- Draft acts with the comments loaded for each, and the bill of the same title where the warehouse knows one.
with drafts as (
    select * from {{ ref('stg_legalacts__draft_acts') }}
),

comment_counts as (
    select
        draft_act_id,
        count(*) as comment_count,
        count(*) filter (where decision_code = 'accepted') as accepted_comment_count,
        count(*) filter (where decision_code = 'not_accepted') as not_accepted_comment_count
    from {{ ref('stg_legalacts__draft_act_comments') }}
    group by draft_act_id
),

-- A draft law's title is the bill's title once it reaches parliament: link them when exactly one bill matches.
titled_bills as (
    select
        lower(trim(title_ru)) as title_key,
        min(bill_id) as bill_id
    from {{ ref('stg_bills__bills') }}
    where title_ru is not null
    group by lower(trim(title_ru))
    having count(*) = 1
)

select
    drafts.draft_act_id,
    drafts.legislature_id,
    drafts.title_kk,
    drafts.title_ru,
    drafts.act_type,
    drafts.government_body,
    drafts.status,
    drafts.draft_version,
    drafts.created_date,
    drafts.discussion_end_date,
    drafts.online_discussion_date,
    drafts.draft_act_url,
    coalesce(drafts.bill_id, titled_bills.bill_id) as bill_id,
    coalesce(comment_counts.comment_count, 0) as comment_count,
    coalesce(comment_counts.accepted_comment_count, 0) as accepted_comment_count,
    coalesce(comment_counts.not_accepted_comment_count, 0) as not_accepted_comment_count
from drafts
left join comment_counts on drafts.draft_act_id = comment_counts.draft_act_id
left join titled_bills on lower(trim(drafts.title_ru)) = titled_bills.title_key
