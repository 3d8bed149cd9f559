-- Citizens' comments on draft laws, as text: only comments whose redaction was verified (every piece of personal
-- data replaced by a typed placeholder: [NAME], [IIN], [PHONE], [EMAIL], [ADDRESS], [NUMBER]). No submission id,
-- no author, no region; the month received, not the day.
select
    bill_id,
    row_number() over (partition by bill_id order by received_datetime, submission_id) as comment_number,
    received_month_date,
    language_code,
    topic_code,
    published_text as comment_text
from {{ ref('fct_submissions') }}
where channel_code = 'draft_law_comment' and bill_id is not null and published_text is not null
