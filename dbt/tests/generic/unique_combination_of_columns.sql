{#-
    The rows of `model` are unique on the columns listed together (a composite primary key). Null is treated as a
    value (`group by`), which is stricter than SQL's own unique constraint. dbt has no built-in test for this and
    this project installs no packages, so it is written here.
-#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}
