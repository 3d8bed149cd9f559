select
    legislative_period_id,
    period_name,
    classification_code,
    legislature_id,
    organization_id,
    parent_id,
    convocation_id,
    period_identifier,
    start_date,
    end_date
from {{ ref('dim_legislative_periods') }}
