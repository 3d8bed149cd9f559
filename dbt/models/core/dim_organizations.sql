with organizations as (
    select * from {{ ref('stg_popolo__organizations') }}
),

-- Every organization with each of its ancestors (itself included, depth 0), walking up parent_id until a
-- legislature is reached. The depth limit stops a cycle in bad data from running forever. The recursive CTE is
-- nested so that dbt's unit tests can put their fixtures in front of the outer `with`.
ancestry as (
    select *
    from (
        with recursive walk as (
            select
                organization_id,
                organization_id as ancestor_id,
                classification_code as ancestor_classification_code,
                parent_id as next_id,
                0 as walk_depth
            from organizations

            union all

            select
                walk.organization_id,
                parent.organization_id as ancestor_id,
                parent.classification_code as ancestor_classification_code,
                parent.parent_id as next_id,
                walk.walk_depth + 1 as walk_depth
            from walk
            inner join organizations as parent on walk.next_id = parent.organization_id
            where walk.ancestor_classification_code != 'legislature' and walk.walk_depth < 20
        )

        select * from walk
    ) as walked
),

roots as (
    select
        organization_id,
        arg_min(ancestor_id, walk_depth) filter (
            where ancestor_classification_code = 'legislature'
        ) as legislature_id,
        arg_min(ancestor_id, walk_depth) filter (where ancestor_classification_code = 'chamber') as chamber_id
    from ancestry
    group by organization_id
),

wikidata as (
    select
        organization_id,
        min(struct_extract(identifier_entry, 'identifier')) as wikidata_id
    from (
        select
            organization_id,
            unnest(from_json(identifiers, '[{"scheme": "VARCHAR", "identifier": "VARCHAR"}]')) as identifier_entry
        from organizations
    ) as unnested
    where lower(struct_extract(identifier_entry, 'scheme')) = 'wikidata'
    group by organization_id
)

select
    organizations.organization_id,
    organizations.organization_name,
    organizations.name_kk,
    organizations.name_ru,
    organizations.name_en,
    organizations.classification_code,
    organizations.parent_id,
    roots.legislature_id,
    roots.chamber_id,
    organizations.founding_date,
    organizations.dissolution_date,
    organizations.seat_count,
    wikidata.wikidata_id
from organizations
left join roots on organizations.organization_id = roots.organization_id
left join wikidata on organizations.organization_id = wikidata.organization_id
