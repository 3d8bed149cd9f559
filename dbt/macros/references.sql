{#-
    References that must resolve for a record to stand: who voted, who is a member of what, who sponsored a bill.
    A record whose required reference names an id that is not in the landing is quarantined by the model
    `quarantined_references` (one row per unresolved reference, with the id it names) and left out of the core
    facts by `without_quarantined_references`, so the relationships tests on the published tables hold by
    construction. Descriptive references (the bill a vote was on, the session, the body that acted, a party) are
    not here: a record stands without them, and their relationships tests only warn.

    Each rule: the staging model of the records, the raw table they were loaded into, the columns of the record's
    key, the referencing column, and the model and column it must name.
-#}
{% macro required_references() -%}
    {{ return([
        {'records': 'stg_popolo__votes', 'raw_table': 'popolo_votes', 'key': ['vote_event_id', 'voter_id'],
         'column': 'voter_id', 'to': 'dim_persons', 'field': 'person_id', 'names': 'person'},
        {'records': 'stg_popolo__memberships', 'raw_table': 'popolo_memberships', 'key': ['membership_id'],
         'column': 'person_id', 'to': 'dim_persons', 'field': 'person_id', 'names': 'person'},
        {'records': 'stg_popolo__memberships', 'raw_table': 'popolo_memberships', 'key': ['membership_id'],
         'column': 'organization_id', 'to': 'dim_organizations', 'field': 'organization_id',
         'names': 'organization'},
        {'records': 'stg_bills__sponsors', 'raw_table': 'bill_sponsors', 'key': ['bill_id', 'sponsor_number'],
         'column': 'person_id', 'to': 'dim_persons', 'field': 'person_id', 'names': 'person'},
        {'records': 'stg_bills__sponsors', 'raw_table': 'bill_sponsors', 'key': ['bill_id', 'sponsor_number'],
         'column': 'organization_id', 'to': 'dim_organizations', 'field': 'organization_id',
         'names': 'organization'},
    ]) }}
{%- endmacro %}

{#- An anti join that leaves out the records of `raw_table` quarantined for an unresolved reference (a raw record
    is identified by its landing file and its position in it). -#}
{% macro without_quarantined_references(records, raw_table) -%}
    anti join {{ ref('quarantined_references') }} as quarantined
        on
            quarantined.raw_table = '{{ raw_table }}'
            and {{ records }}._source_file = quarantined._source_file
            and {{ records }}._record_position = quarantined._record_position
{%- endmacro %}
