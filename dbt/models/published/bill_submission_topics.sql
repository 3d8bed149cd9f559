-- What citizens wrote about each bill: the number of submissions that concern it, by detected topic. Topics with
-- fewer than k submissions on a bill are merged into topic 'suppressed'; a bill with fewer than k in all is
-- withheld.
with submissions as (
    select * from {{ ref('fct_submissions') }}
    where bill_id is not null
),

merged as (
    {{ suppress_small_cells('submissions', ['topic_code'], ['bill_id']) }}
)

select
    bill_id,
    topic_code,
    count(*) as submission_count,
    count(*) filter (where language_code = 'kk') as kk_submission_count,
    count(*) filter (where language_code = 'ru') as ru_submission_count
from merged
group by bill_id, topic_code
{{ having_min_cell() }}
