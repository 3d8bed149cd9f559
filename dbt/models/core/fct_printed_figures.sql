-- Each figure a source page prints beside the count of the records loaded that it should equal, flagged when
-- they differ (as vote totals are): a page that says 24 comments while 10 were loaded is shown, not hidden.
-- comparison_code (code list figure_comparisons) says what became of the comparison: it agrees; the records
-- loaded are fewer than the page counts in all (partly_loaded: the bill lists read were first pages, a second
-- page of comments was not captured); it disagrees otherwise; the records loaded do not say what the figure is
-- broken down by (not_in_records: no bill of the source names its committee); or nothing loaded counts it at all
-- (nothing_to_compare: views, likes).
with figures as (
    select * from {{ ref('stg_sources__printed_figures') }}
),

draft_acts as (
    select * from {{ ref('dim_draft_acts') }}
),

-- The bills each adapter wrote (bills/<adapter>.jsonl): a page's figures of bills count its source's bills.
bills as (
    select
        regexp_extract(_source_file, '^bills/(.+)\.jsonl$', 1) as source_code,
        bill_id,
        status_as_printed,
        lead_committee_id
    from {{ ref('stg_bills__bills') }}
),

bills_by_source as (
    select
        source_code,
        count(*) as bill_count,
        count(status_as_printed) as status_printed_bill_count,
        count(lead_committee_id) as committee_named_bill_count
    from bills
    group by source_code
),

bills_by_status as (
    select
        source_code,
        lower(status_as_printed) as status_key,
        count(*) as bill_count
    from bills
    where status_as_printed is not null
    group by source_code, lower(status_as_printed)
),

-- A committee is printed by its name: any of the names the warehouse knows it by.
committee_names as (
    select distinct
        organization_id,
        lower(unnest([organization_name, name_kk, name_ru, name_en])) as committee_key
    from {{ ref('dim_organizations') }}
    where classification_code = 'committee'
),

bills_by_committee as (
    select
        bills.source_code,
        committee_names.committee_key,
        count(distinct bills.bill_id) as bill_count
    from bills
    inner join committee_names on bills.lead_committee_id = committee_names.organization_id
    where committee_names.committee_key is not null
    group by bills.source_code, committee_names.committee_key
),

-- What the records a figure counts are, and, per page, how many of them the page counts at least: its largest
-- total or sum of a breakdown (the Mazhilis's bills by status add up to every bill; by committee, to fewer).
counted as (
    select
        *,
        case
            when figure_code = 'bill_count' then 'bills'
            when figure_code in ('comment_count', 'accepted_comment_count', 'not_accepted_comment_count')
                then 'comments'
        end as counted_records
    from figures
),

breakdown_sums as (
    select
        source_code,
        page_name,
        subject_id,
        counted_records,
        figure_code,
        dimension_code,
        cast(sum(printed_value) as bigint) as printed_sum
    from counted
    where counted_records is not null
    group by source_code, page_name, subject_id, counted_records, figure_code, dimension_code
),

page_record_totals as (
    select
        source_code,
        page_name,
        subject_id,
        counted_records,
        max(printed_sum) as printed_record_total
    from breakdown_sums
    group by source_code, page_name, subject_id, counted_records
),

reconciled as (
    select
        counted.printed_figure_id,
        counted.source_code,
        counted.page_name,
        counted.figure_code,
        counted.dimension_code,
        counted.dimension_value,
        counted.subject_id,
        counted.printed_value,
        case
            when counted.figure_code = 'comment_count' then draft_acts.comment_count
            when counted.figure_code = 'accepted_comment_count' then draft_acts.accepted_comment_count
            when counted.figure_code = 'not_accepted_comment_count' then draft_acts.not_accepted_comment_count
            when counted.figure_code = 'bill_count' and counted.dimension_code = 'total'
                then coalesce(bills_by_source.bill_count, 0)
            when counted.figure_code = 'bill_count' and counted.dimension_code = 'status'
                and bills_by_source.status_printed_bill_count > 0
                then coalesce(bills_by_status.bill_count, 0)
            when counted.figure_code = 'bill_count' and counted.dimension_code = 'committee'
                and bills_by_source.committee_named_bill_count > 0
                then coalesce(bills_by_committee.bill_count, 0)
        end as loaded_value,
        case
            when counted.counted_records = 'bills' then coalesce(bills_by_source.bill_count, 0)
            when counted.counted_records = 'comments' then draft_acts.comment_count
        end as loaded_total_value,
        page_record_totals.printed_record_total as printed_total_value,
        counted.figure_code = 'bill_count' and counted.dimension_code in ('status', 'committee') as is_bill_breakdown
    from counted
    left join draft_acts on counted.subject_id = draft_acts.draft_act_id
    left join bills_by_source on counted.source_code = bills_by_source.source_code
    left join bills_by_status
        on
            counted.source_code = bills_by_status.source_code
            and lower(counted.dimension_value) = bills_by_status.status_key
    left join bills_by_committee
        on
            counted.source_code = bills_by_committee.source_code
            and lower(counted.dimension_value) = bills_by_committee.committee_key
    left join page_record_totals
        on
            counted.source_code = page_record_totals.source_code
            and counted.page_name = page_record_totals.page_name
            and counted.subject_id is not distinct from page_record_totals.subject_id
            and counted.counted_records = page_record_totals.counted_records
)

select
    printed_figure_id,
    source_code,
    page_name,
    figure_code,
    dimension_code,
    dimension_value,
    subject_id,
    printed_value,
    loaded_value,
    coalesce(loaded_value != printed_value, false) as is_figure_mismatch,
    loaded_value is not null as is_comparable,
    case
        when loaded_value = printed_value then 'agrees'
        when loaded_value < printed_value and loaded_total_value < printed_total_value then 'partly_loaded'
        when loaded_value is not null then 'disagrees'
        when is_bill_breakdown then 'not_in_records'
        else 'nothing_to_compare'
    end as comparison_code,
    loaded_total_value,
    printed_total_value
from reconciled
