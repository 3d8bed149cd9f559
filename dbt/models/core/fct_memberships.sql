-- A membership of an unknown person or in an unknown organization is quarantined (quarantined_references).
with memberships as (
    select memberships.* from {{ ref('stg_popolo__memberships') }} as memberships
    {{ without_quarantined_references('memberships', 'popolo_memberships') }}
),

organizations as (
    select * from {{ ref('dim_organizations') }}
),

periods as (
    select * from {{ ref('dim_legislative_periods') }}
)

select
    memberships.membership_id,
    memberships.person_id,
    memberships.organization_id,
    organizations.classification_code as organization_classification_code,
    -- A party membership has no legislature of its own: take the convocation's, when one is named.
    coalesce(organizations.legislature_id, periods.legislature_id) as legislature_id,
    memberships.on_behalf_of_id,
    memberships.role_code,
    memberships.start_date,
    memberships.end_date,
    memberships.legislative_period_id,
    memberships.has_source_id
from memberships
left join organizations on memberships.organization_id = organizations.organization_id
left join periods on memberships.legislative_period_id = periods.legislative_period_id
