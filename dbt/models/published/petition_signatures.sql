-- Signatures of each petition by area, as the petition site counts them (public tallies, not suppressed).
select
    signatures.petition_id,
    signatures.area_type_code,
    signatures.area_code,
    coalesce(signatures.area_name, regions.name_en) as area_name,
    regions.name_kk as area_name_kk,
    regions.name_ru as area_name_ru,
    signatures.signature_count
from {{ ref('stg_petitions__signatures') }} as signatures
left join {{ ref('kato_regions') }} as regions
    on signatures.area_type_code = 'region' and signatures.area_code = regions.code
