-- Submissions per 100,000 residents, by region and year, for the council of regions. Population from the seed
-- region_population (Bureau of National Statistics, with its year). Regions with fewer than k submissions in a
-- year are merged into region 'suppressed' (no rate), withheld if still under k.
with submissions as (
    select
        *,
        cast(year(received_date) as integer) as received_year
    from {{ ref('fct_submissions') }}
    where region_kato_code is not null  -- a rate needs a region: some sources give none (legalacts comments)
),

merged as (
    {{ suppress_small_cells('submissions', ['region_kato_code'], ['received_year']) }}
),

counted as (
    select
        region_kato_code,
        received_year,
        count(*) as submission_count,
        count(*) filter (where channel_code = 'e_petition') as petition_count,
        cast(coalesce(sum(signature_count), 0) as bigint) as signature_count
    from merged
    group by region_kato_code, received_year
    {{ having_min_cell() }}
)

select
    counted.region_kato_code,
    regions.name_kk as region_name_kk,
    regions.name_ru as region_name_ru,
    regions.name_en as region_name_en,
    counted.received_year,
    counted.submission_count,
    counted.petition_count,
    counted.signature_count,
    cast(population.population as bigint) as population,
    cast(population.population_year as integer) as population_year,
    round(100000.0 * counted.submission_count / population.population, 2) as submissions_per_100k
from counted
left join {{ ref('kato_regions') }} as regions on counted.region_kato_code = regions.code
left join {{ ref('region_population') }} as population on counted.region_kato_code = population.code
