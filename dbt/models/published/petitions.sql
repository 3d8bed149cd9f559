-- Petitions with their total signatures, and whether the signatures by country add up to the total.
with signatures as (
    select
        petition_id,
        sum(signature_count) filter (where area_type_code = 'country') as country_signature_count
    from {{ ref('stg_petitions__signatures') }}
    group by petition_id
)

select
    petitions.petition_id,
    petitions.legislature_id,
    petitions.petition_title,
    petitions.language_code,
    petitions.state_code,
    petitions.created_date,
    petitions.closed_date,
    petitions.signature_count,
    cast(signatures.country_signature_count as bigint) as country_signature_count,
    coalesce(signatures.country_signature_count = petitions.signature_count, false) as is_country_count_reconciled,
    petitions.petition_url
from {{ ref('stg_petitions__petitions') }} as petitions
left join signatures on petitions.petition_id = signatures.petition_id
