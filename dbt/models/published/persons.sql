select
    person_id,
    person_name,
    name_kk,
    name_ru,
    name_en,
    given_name,
    family_name,
    patronymic_name,
    gender,
    birth_date,
    image_url,
    wikidata_id,
    identifiers_json,
    links_json,
    canonical_person_id,
    person_match_method
from {{ ref('dim_persons') }}
