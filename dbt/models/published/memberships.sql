select
    membership_id,
    person_id,
    organization_id,
    organization_classification_code,
    legislature_id,
    on_behalf_of_id,
    role_code,
    start_date,
    end_date,
    legislative_period_id
from {{ ref('fct_memberships') }}
