-- Person records whose match across sources was not confident (names.py: a record agreeing with two persons of
-- another source, or linked to such a record): each keeps its own id, merged with no one, and is listed here with
-- the reason.
select
    person_id,
    source_file,
    quarantine_reason as reason
from {{ ref('person_identities') }}
where match_method = 'quarantined'
