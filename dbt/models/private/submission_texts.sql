-- PRIVATE: each submission's text and its author's personal data, beside the submission's public fields.
-- In the group `personal_data` with private access: no model outside the group can ref it.
with texts as (
    select * from {{ ref('stg_portal__submission_texts') }}
),

submissions as (
    select * from {{ ref('stg_portal__submissions') }}
)

select
    texts.submission_id,
    submissions.channel_code,
    submissions.received_datetime,
    submissions.language_code,
    submissions.addressee_id,
    submissions.bill_id,
    texts.author_name,
    texts.author_iin,
    texts.author_phone,
    texts.author_email,
    texts.author_address,
    texts.submission_text
from texts
left join submissions on texts.submission_id = submissions.submission_id
