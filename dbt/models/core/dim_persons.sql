with persons as (
    select * from {{ ref('stg_popolo__persons') }}
),

wikidata as (
    select
        person_id,
        min(struct_extract(identifier_entry, 'identifier')) as wikidata_id
    from (
        select
            person_id,
            unnest(from_json(identifiers, '[{"scheme": "VARCHAR", "identifier": "VARCHAR"}]')) as identifier_entry
        from persons
    ) as unnested
    where lower(struct_extract(identifier_entry, 'scheme')) = 'wikidata'
    group by person_id
),

identities as (
    select * from {{ ref('person_identities') }}
)

select
    persons.person_id,
    persons.person_name,
    persons.name_kk,
    persons.name_ru,
    persons.name_en,
    persons.given_name,
    persons.family_name,
    persons.patronymic_name,
    persons.gender,
    persons.birth_date,
    persons.image_url,
    wikidata.wikidata_id,
    cast(persons.identifiers as varchar) as identifiers_json,
    cast(persons.links as varchar) as links_json,
    identities.canonical_person_id,
    identities.match_method as person_match_method
from persons
left join wikidata on persons.person_id = wikidata.person_id
left join identities on persons.person_id = identities.person_id
