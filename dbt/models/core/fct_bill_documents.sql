with documents as (
    select * from {{ ref('stg_bills__documents') }}
),

bills as (
    select * from {{ ref('stg_bills__bills') }}
)

select
    documents.bill_id,
    documents.document_number,
    bills.legislature_id,
    documents.document_title,
    documents.document_url,
    documents.document_date,
    documents.language_code,
    documents.document_type,
    documents.media_type,
    documents.document_printed_number,
    documents.sheet_count,
    documents.language_codes,
    documents.file_id
from documents
inner join bills on documents.bill_id = bills.bill_id
