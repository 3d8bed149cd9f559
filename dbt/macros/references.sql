{#-
    References that must resolve for a record to stand: who voted, who is a member of what, who sponsored a bill.
    A record whose required reference names an id that is not in the landing is quarantined, one row per
    unresolved reference with the id it names, in `quarantined_<raw table>` (all of them together:
    `quarantined_references`), and left out of the core facts by `without_quarantined_references`, so the
    relationships tests on the published tables hold by construction. Descriptive references (the bill a vote was
    on, the session, the body that acted, a party) are not here: a record stands without them, and their
    relationships tests only warn.

    Per raw table: the staging model of its records, the columns of a record's key, and each referencing column
    with the model and column it must name.
-#}
{% macro required_references() -%}
    {{ return({
        'popolo_votes': {'records': 'stg_popolo__votes', 'key': ['vote_event_id', 'voter_id'], 'references': [
            {'column': 'voter_id', 'to': 'dim_persons', 'field': 'person_id', 'names': 'person'},
        ]},
        'popolo_memberships': {'records': 'stg_popolo__memberships', 'key': ['membership_id'], 'references': [
            {'column': 'person_id', 'to': 'dim_persons', 'field': 'person_id', 'names': 'person'},
            {'column': 'organization_id', 'to': 'dim_organizations', 'field': 'organization_id',
             'names': 'organization'},
        ]},
        'bill_sponsors': {'records': 'stg_bills__sponsors', 'key': ['bill_id', 'sponsor_number'], 'references': [
            {'column': 'person_id', 'to': 'dim_persons', 'field': 'person_id', 'names': 'person'},
            {'column': 'organization_id', 'to': 'dim_organizations', 'field': 'organization_id',
             'names': 'organization'},
        ]},
    }) }}
{%- endmacro %}

{#- The model `quarantined_<raw_table>`: a row per reference of its records that does not resolve, naming the
    record (raw table, key, landing file and position), the column, the id it names and the reason. -#}
{% macro unresolved_references(raw_table) -%}
    {%- set rule = required_references()[raw_table] %}
    {%- for reference in rule.references %}
        select
            '{{ raw_table }}' as raw_table,
            cast(json_object(
                {% for column in rule.key -%}
                    '{{ column }}', records.{{ column }}{{ ',' if not loop.last }}
                {% endfor -%}
            ) as varchar) as record_key,
            '{{ reference.column }}' as reference_column,
            records.{{ reference.column }} as referenced_id,
            'unknown {{ reference.names }}: {{ reference.column }} ' || records.{{ reference.column }}
            || ' names no {{ reference.names }} of the landing' as reason,
            records._source_file,
            records._record_position
        from {{ ref(rule.records) }} as records
        anti join {{ ref(reference.to) }} as targets on records.{{ reference.column }} = targets.{{ reference.field }}
        where records.{{ reference.column }} is not null
        {{ 'union all' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- An anti join that leaves out the records of `raw_table` quarantined for an unresolved reference (a raw record
    is identified by its landing file and its position in it). -#}
{% macro without_quarantined_references(records, raw_table) -%}
    anti join {{ ref('quarantined_' ~ raw_table) }} as quarantined
        on
            {{ records }}._source_file = quarantined._source_file
            and {{ records }}._record_position = quarantined._record_position
{%- endmacro %}
