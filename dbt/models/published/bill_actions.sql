select
    bill_id,
    action_number,
    legislature_id,
    action_date,
    action_type_code,
    stage_order,
    organization_id,
    description_kk,
    description_ru
from {{ ref('fct_bill_actions') }}
