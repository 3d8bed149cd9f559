-- How many citizens' submissions (appeals, proposals, petitions) name each bill, by channel; counts only, never a
-- person or a text. Bills no submission names are left out.
with submissions as (
    select * from {{ ref('fct_submissions') }}
    where bill_id is not null
),

bills as (
    select * from {{ ref('dim_bills') }}
)

select
    submissions.bill_id,
    submissions.channel_code,
    bills.legislature_id,
    min(submissions.received_date) as first_received_date,
    max(submissions.received_date) as last_received_date,
    count(*) as submission_count,
    count(*) filter (where submissions.is_answered) as answered_count,
    cast(sum(submissions.signature_count) as bigint) as signature_count
from submissions
inner join bills on submissions.bill_id = bills.bill_id
group by submissions.bill_id, submissions.channel_code, bills.legislature_id
