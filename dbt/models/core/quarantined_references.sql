-- Records whose required reference does not resolve (macros/references.sql): one row per unresolved reference,
-- naming the record (its raw table, key, landing file and position), the column, the id it names and the reason.
-- The core facts leave these records out; records kept in staging = records in the facts + records here.
{% for rule in required_references() %}
    select
        '{{ rule.raw_table }}' as raw_table,
        cast(json_object(
            {% for column in rule.key -%}
                '{{ column }}', records.{{ column }}{{ ',' if not loop.last }}
            {% endfor -%}
        ) as varchar) as record_key,
        '{{ rule.column }}' as reference_column,
        records.{{ rule.column }} as referenced_id,
        'unknown {{ rule.names }}: {{ rule.column }} ' || records.{{ rule.column }}
        || ' is not a {{ rule.names }} of the landing' as reason,
        records._source_file,
        records._record_position
    from {{ ref(rule.records) }} as records
    anti join {{ ref(rule.to) }} as targets on records.{{ rule.column }} = targets.{{ rule.field }}
    where records.{{ rule.column }} is not null
    {{ 'union all' if not loop.last }}
{% endfor %}
