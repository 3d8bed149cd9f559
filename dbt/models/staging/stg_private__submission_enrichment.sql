-- Language, topic and verified redaction of each submission's text (written by the enrichment asset,
-- dagster_project/enrich). Holds no raw personal data: `redacted_text` is present only where verified.
select
    submission_id,
    detected_language_code,
    topic_code,
    topic_method,
    is_for_publication,
    is_redaction_verified,
    case when is_redaction_verified then redacted_text end as redacted_text
from {{ source('private', 'submission_enrichment') }}
