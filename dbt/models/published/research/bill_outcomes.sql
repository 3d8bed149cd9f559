-- Bill outcomes by initiator and lead committee: how many bills were signed (passed), withdrawn, returned,
-- rejected or are still pending, the shares, and the median days to signature and of pending. A bill with no
-- lead committee is counted under `unspecified`.
with lifecycle as (
    select * from {{ ref('bill_lifecycle') }}
)

select
    legislature_id,
    initiator_type_code,
    coalesce(lead_committee_id, 'unspecified') as lead_committee_id,
    count(*) as bill_count,
    count(*) filter (where status_code = 'signed') as signed_count,
    count(*) filter (where status_code = 'withdrawn') as withdrawn_count,
    count(*) filter (where status_code = 'returned') as returned_count,
    count(*) filter (where status_code = 'rejected') as rejected_count,
    count(*) filter (where is_pending) as pending_count,
    cast(count(*) filter (where status_code = 'signed') as double) / count(*) as signed_share,
    cast(count(*) filter (where status_code = 'withdrawn') as double) / count(*) as withdrawn_share,
    cast(count(*) filter (where status_code = 'returned') as double) / count(*) as returned_share,
    cast(median(registration_to_signature_days) as double) as median_registration_to_signature_days,
    cast(median(pending_days) as double) as median_pending_days,
    max(pending_days) as max_pending_days
from lifecycle
group by legislature_id, initiator_type_code, coalesce(lead_committee_id, 'unspecified')
