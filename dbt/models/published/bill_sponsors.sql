select
    bill_id,
    sponsor_number,
    legislature_id,
    sponsor_type_code,
    person_id,
    organization_id,
    sponsor_name
from {{ ref('fct_bill_sponsors') }}
