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

-- A draft law's title is the bill's title once it reaches parliament, or its former title once the Mazhilis has
-- renamed it: a draft is linked to the bill when, by title_key (quotes, case, spaces, the "Проект Закона" wrapper
-- and the Senate's appended former title set aside), exactly one bill has its title; a key two bills share, or a
-- draft whose titles point to two bills, links nothing rather than a wrong bill.
bill_titles as (
    select distinct
        bill_id,
        {{ title_key('bill_title') }} as title_key
    from {{ ref('stg_bills__bills') }}
    cross join unnest([title_ru, title_kk, former_title_ru, former_title_kk]) as titles (bill_title)
),

titled_bills as (
    select
        title_key,
        min(bill_id) as bill_id
    from bill_titles
    where title_key is not null
    group by title_key
    having count(distinct bill_id) = 1
),

draft_titles as (
    select distinct
        draft_act_id,
        {{ title_key('draft_title') }} as title_key
    from drafts
    cross join unnest([title_ru, title_kk]) as titles (draft_title)
),

titled_drafts as (
    select
        draft_titles.draft_act_id,
        min(titled_bills.bill_id) as bill_id
    from draft_titles
    inner join titled_bills on draft_titles.title_key = titled_bills.title_key
    group by draft_titles.draft_act_id
    having count(distinct titled_bills.bill_id) = 1
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
    coalesce(drafts.bill_id, titled_drafts.bill_id) as bill_id,
    coalesce(comment_counts.comment_count, 0) as comment_count,
    coalesce(comment_counts.accepted_comment_count, 0) as accepted_comment_count,
    coalesce(comment_counts.not_accepted_comment_count, 0) as not_accepted_comment_count
from drafts
left join comment_counts on drafts.draft_act_id = comment_counts.draft_act_id
left join titled_drafts on drafts.draft_act_id = titled_drafts.draft_act_id
