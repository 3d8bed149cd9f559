select
    organization_id,
    organization_name,
    name_kk,
    name_ru,
    name_en,
    classification_code,
    parent_id,
    legislature_id,
    chamber_id,
    founding_date,
    dissolution_date,
    seat_count,
    wikidata_id
from {{ ref('dim_organizations') }}
