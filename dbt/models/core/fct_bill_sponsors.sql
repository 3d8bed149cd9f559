-- A sponsor naming an unknown person or organization is quarantined (quarantined_references).
with sponsors as (
    select sponsors.* from {{ ref('stg_bills__sponsors') }} as sponsors
    {{ without_quarantined_references('sponsors', 'bill_sponsors') }}
),

bills as (
    select * from {{ ref('stg_bills__bills') }}
)

select
    sponsors.bill_id,
    sponsors.sponsor_number,
    bills.legislature_id,
    sponsors.sponsor_type_code,
    sponsors.person_id,
    sponsors.organization_id,
    sponsors.sponsor_name
from sponsors
inner join bills on sponsors.bill_id = bills.bill_id
