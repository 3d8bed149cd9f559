with amended_acts as (
    select * from {{ ref('stg_bills__amended_acts') }}
),

bills as (
    select * from {{ ref('stg_bills__bills') }}
)

select
    amended_acts.bill_id,
    amended_acts.amended_act_number,
    bills.legislature_id,
    amended_acts.act_code,
    amended_acts.title_kk,
    amended_acts.title_ru,
    amended_acts.act_date
from amended_acts
inner join bills on amended_acts.bill_id = bills.bill_id
