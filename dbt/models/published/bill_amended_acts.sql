select
    bill_id,
    amended_act_number,
    legislature_id,
    act_code,
    title_kk,
    title_ru,
    act_date
from {{ ref('fct_bill_amended_acts') }}
