-- The per-option count columns (macro vote_option_columns) must list exactly the codes of seeds/vote_options.csv:
-- returns each code that is in one list and not the other.
with seed_codes as (
    select code from {{ ref('vote_options') }}
),

macro_codes as (
    {%- for option in vote_option_columns() %}
    select '{{ option.code }}' as code
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    coalesce(seed_codes.code, macro_codes.code) as code,
    seed_codes.code is null as is_missing_from_seed
from seed_codes
full outer join macro_codes on seed_codes.code = macro_codes.code
where seed_codes.code is null or macro_codes.code is null
