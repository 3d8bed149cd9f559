with actions as (
    select * from {{ ref('stg_bills__actions') }}
),

bills as (
    select * from {{ ref('stg_bills__bills') }}
),

action_types as (
    select * from {{ ref('bill_action_types') }}
)

select
    actions.bill_id,
    actions.action_number,
    bills.legislature_id,
    actions.action_date,
    actions.action_type_code,
    cast(action_types.stage_order as integer) as stage_order,
    actions.organization_id,
    actions.description_kk,
    actions.description_ru
from actions
inner join bills on actions.bill_id = bills.bill_id
left join action_types on actions.action_type_code = action_types.code
