select
    draft_act_id,
    legislature_id,
    title_kk,
    title_ru,
    act_type,
    government_body,
    status,
    draft_version,
    created_date,
    discussion_end_date,
    online_discussion_date,
    draft_act_url,
    bill_id,
    comment_count,
    accepted_comment_count,
    not_accepted_comment_count
from {{ ref('dim_draft_acts') }}
