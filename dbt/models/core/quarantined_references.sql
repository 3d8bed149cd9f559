-- Every record quarantined for an unresolved reference (macros/references.sql), from all raw tables: what the run
-- reports. Records kept in staging = records in the core facts + records here (tests/references_reconcile.sql).
select
    raw_table,
    record_key,
    reference_column,
    referenced_id,
    reason,
    _source_file,
    _record_position
from {{ ref('quarantined_popolo_votes') }}
union all
select
    raw_table,
    record_key,
    reference_column,
    referenced_id,
    reason,
    _source_file,
    _record_position
from {{ ref('quarantined_popolo_memberships') }}
union all
select
    raw_table,
    record_key,
    reference_column,
    referenced_id,
    reason,
    _source_file,
    _record_position
from {{ ref('quarantined_bill_sponsors') }}
