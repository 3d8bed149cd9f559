with bills as (
    select * from {{ ref('stg_bills__bills') }}
),

actions as (
    select * from {{ ref('fct_bill_actions') }}
),

-- The latest action: the latest date, then the furthest stage, then the last in the source.
latest_actions as (
    select
        bill_id,
        action_date as latest_action_date,
        action_type_code as latest_action_type_code,
        stage_order as latest_stage_order
    from actions
    qualify row_number() over (
            partition by bill_id
            order by action_date desc, stage_order desc nulls last, action_number desc
        ) = 1
),

action_summary as (
    select
        bill_id,
        count(*) as action_count,
        min(action_date) filter (where action_type_code = 'signature') as signature_date,
        min(action_date) filter (where action_type_code = 'entry_into_force') as entry_into_force_date
    from actions
    group by bill_id
),

sponsor_counts as (
    select
        bill_id,
        count(*) as sponsor_count
    from {{ ref('fct_bill_sponsors') }}
    group by bill_id
),

document_counts as (
    select
        bill_id,
        count(*) as document_count
    from {{ ref('stg_bills__documents') }}
    group by bill_id
),

amended_act_counts as (
    select
        bill_id,
        count(*) as amended_act_count
    from {{ ref('stg_bills__amended_acts') }}
    group by bill_id
),

vote_event_counts as (
    select
        bill_id,
        count(*) as vote_event_count
    from {{ ref('stg_popolo__vote_events') }}
    where bill_id is not null
    group by bill_id
)

select
    bills.bill_id,
    bills.legislature_id,
    bills.bill_number,
    bills.title_kk,
    bills.title_ru,
    bills.title_en,
    bills.initiator_type_code,
    bills.status_code,
    bills.registration_date,
    bills.lead_committee_id,
    bills.former_title_kk,
    bills.former_title_ru,
    bills.title_changed_date,
    latest_actions.latest_action_date,
    latest_actions.latest_action_type_code,
    latest_actions.latest_stage_order,
    action_summary.signature_date,
    action_summary.entry_into_force_date,
    date_diff('day', bills.registration_date, action_summary.signature_date) as registration_to_signature_days,
    coalesce(action_summary.action_count, 0) as action_count,
    coalesce(sponsor_counts.sponsor_count, 0) as sponsor_count,
    coalesce(document_counts.document_count, 0) as document_count,
    coalesce(amended_act_counts.amended_act_count, 0) as amended_act_count,
    coalesce(vote_event_counts.vote_event_count, 0) as vote_event_count,
    bills.status_as_printed
from bills
left join latest_actions on bills.bill_id = latest_actions.bill_id
left join action_summary on bills.bill_id = action_summary.bill_id
left join sponsor_counts on bills.bill_id = sponsor_counts.bill_id
left join document_counts on bills.bill_id = document_counts.bill_id
left join amended_act_counts on bills.bill_id = amended_act_counts.bill_id
left join vote_event_counts on bills.bill_id = vote_event_counts.bill_id
