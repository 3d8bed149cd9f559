-- Every record kept in staging is in its core fact or quarantined for an unresolved reference, never both and
-- never lost: kept = in the fact + quarantined (macros/references.sql). Returns the tables where that fails.
with counts as (
    select
        'popolo_votes' as raw_table,
        (select count(*) from {{ ref('stg_popolo__votes') }}) as kept_count,
        (select count(*) from {{ ref('fct_person_votes') }}) as fact_count
    union all
    select
        'popolo_memberships' as raw_table,
        (select count(*) from {{ ref('stg_popolo__memberships') }}) as kept_count,
        (select count(*) from {{ ref('fct_memberships') }}) as fact_count
    union all
    select
        'bill_sponsors' as raw_table,
        (select count(*) from {{ ref('stg_bills__sponsors') }}) as kept_count,
        (select count(*) from {{ ref('fct_bill_sponsors') }}) as fact_count
),

quarantined as (
    select
        raw_table,
        count(distinct _source_file || '|' || _record_position) as quarantined_count
    from {{ ref('quarantined_references') }}
    group by raw_table
)

select
    counts.raw_table,
    counts.kept_count,
    counts.fact_count,
    coalesce(quarantined.quarantined_count, 0) as quarantined_count
from counts
left join quarantined on counts.raw_table = quarantined.raw_table
where counts.kept_count != counts.fact_count + coalesce(quarantined.quarantined_count, 0)
