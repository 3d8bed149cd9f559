select
    bill_id,
    document_number,
    legislature_id,
    document_title,
    document_url,
    document_date,
    language_code,
    document_type,
    media_type,
    document_printed_number,
    sheet_count,
    language_codes,
    file_id
from {{ ref('fct_bill_documents') }}
