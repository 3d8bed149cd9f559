-- The life of each bill: the date of each main stage, the days between them, its outcome and, for a bill still
-- pending, how long it has been. "Pending" is measured up to the legislature's latest bill action in the warehouse
-- (as_of_date), not to today, so the same data always gives the same table.
with bills as (
    select * from {{ ref('dim_bills') }}
),

actions as (
    select * from {{ ref('fct_bill_actions') }}
),

stages as (
    select
        bill_id,
        min(action_date) filter (where action_type_code = 'first_reading') as first_reading_date,
        min(action_date) filter (where action_type_code = 'mazhilis_adoption') as mazhilis_adoption_date,
        min(action_date) filter (
            where action_type_code in ('senate_approval', 'senate_return')
        ) as senate_decision_date,
        min(action_date) filter (where action_type_code = 'withdrawal') as withdrawal_date
    from actions
    group by bill_id
),

as_of as (
    select
        legislature_id,
        max(action_date) as as_of_date
    from actions
    group by legislature_id
)

select
    bills.bill_id,
    bills.legislature_id,
    bills.initiator_type_code,
    bills.lead_committee_id,
    bills.status_code,
    bills.registration_date,
    stages.first_reading_date,
    stages.mazhilis_adoption_date,
    stages.senate_decision_date,
    bills.signature_date,
    stages.withdrawal_date,
    date_diff('day', bills.registration_date, stages.first_reading_date) as registration_to_first_reading_days,
    date_diff('day', stages.first_reading_date, stages.mazhilis_adoption_date) as first_reading_to_adoption_days,
    date_diff('day', stages.mazhilis_adoption_date, stages.senate_decision_date) as adoption_to_senate_days,
    date_diff('day', stages.senate_decision_date, bills.signature_date) as senate_to_signature_days,
    bills.registration_to_signature_days,
    bills.status_code = 'in_progress' as is_pending,
    as_of.as_of_date,
    case
        when bills.status_code = 'in_progress' then date_diff('day', bills.registration_date, as_of.as_of_date)
    end as pending_days
from bills
left join stages on bills.bill_id = stages.bill_id
left join as_of on bills.legislature_id = as_of.legislature_id
