-- Each figure a source page prints beside the count of the records loaded that it should equal, flagged when
-- they differ (as vote totals are): a page that says 24 comments while 10 were loaded is shown, not hidden.
-- Figures with no loaded counterpart (views, likes; bills by a status or committee printed in the site's own
-- words) are kept with an empty loaded_value and are not compared.
with figures as (
    select * from {{ ref('stg_sources__printed_figures') }}
),

draft_acts as (
    select * from {{ ref('dim_draft_acts') }}
),

-- The bills each adapter wrote (bills/<adapter>.jsonl), for a page's total of bills.
bills_by_source as (
    select
        regexp_extract(_source_file, '^bills/(.+)\.jsonl$', 1) as source_code,
        count(*) as bill_count
    from {{ ref('stg_bills__bills') }}
    group by regexp_extract(_source_file, '^bills/(.+)\.jsonl$', 1)
),

reconciled as (
    select
        figures.printed_figure_id,
        figures.source_code,
        figures.page_name,
        figures.figure_code,
        figures.dimension_code,
        figures.dimension_value,
        figures.subject_id,
        figures.printed_value,
        case
            when figures.figure_code = 'comment_count' then draft_acts.comment_count
            when figures.figure_code = 'accepted_comment_count' then draft_acts.accepted_comment_count
            when figures.figure_code = 'not_accepted_comment_count' then draft_acts.not_accepted_comment_count
            when figures.figure_code = 'bill_count' and figures.dimension_code = 'total'
                then coalesce(bills_by_source.bill_count, 0)
        end as loaded_value
    from figures
    left join draft_acts on figures.subject_id = draft_acts.draft_act_id
    left join bills_by_source on figures.source_code = bills_by_source.source_code
)

select
    *,
    coalesce(loaded_value != printed_value, false) as is_figure_mismatch
from reconciled
