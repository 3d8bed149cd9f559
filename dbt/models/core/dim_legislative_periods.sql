with events as (
    select * from {{ ref('stg_popolo__events') }}
),

organizations as (
    select * from {{ ref('dim_organizations') }}
),

-- A session often names only its convocation (parent_id): it inherits the convocation's organization.
placed as (
    select
        events.event_id as legislative_period_id,
        events.event_name as period_name,
        events.classification_code,
        coalesce(events.organization_id, parent.organization_id) as organization_id,
        events.parent_id,
        case
            when events.classification_code = 'legislative period' then events.event_id
            when parent.classification_code = 'legislative period' then parent.event_id
        end as convocation_id,
        events.event_identifier as period_identifier,
        events.start_date,
        events.end_date
    from events
    left join events as parent on events.parent_id = parent.event_id
)

select
    placed.legislative_period_id,
    placed.period_name,
    placed.classification_code,
    organizations.legislature_id,
    placed.organization_id,
    placed.parent_id,
    placed.convocation_id,
    placed.period_identifier,
    placed.start_date,
    placed.end_date
from placed
left join organizations on placed.organization_id = organizations.organization_id
