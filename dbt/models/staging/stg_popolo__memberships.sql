with source as (
    select * from {{ source('raw', 'popolo_memberships') }}
),

cleaned as (
    select
        {{ clean_id('id') }} as source_membership_id,
        {{ clean_id('person_id') }} as person_id,
        {{ clean_id('organization_id') }} as organization_id,
        {{ clean_id('on_behalf_of_id') }} as on_behalf_of_id,
        coalesce({{ clean_code('role') }}, 'member') as role_code,
        cast({{ clean_id('start_date') }} as date) as start_date,
        cast({{ clean_id('end_date') }} as date) as end_date,
        {{ clean_id('legislative_period_id') }} as legislative_period_id,
        _source_file,
        _record_position,
        _loaded_at
    from source
),

identified as (
    select
        -- Popolo memberships often have no id: make a stable one from the fields that define the membership,
        -- so the same membership loaded from two files is kept once.
        coalesce(
            source_membership_id,
            'membership/' || left(md5(concat_ws(
                '|',
                person_id,
                organization_id,
                coalesce(on_behalf_of_id, ''),
                role_code,
                coalesce(cast(start_date as varchar), ''),
                coalesce(cast(end_date as varchar), ''),
                coalesce(legislative_period_id, '')
            )), 16)
        ) as membership_id,
        source_membership_id is not null as has_source_id,
        *
    from cleaned
)

select * exclude (source_membership_id) from identified
{{ keep_latest('membership_id') }}
