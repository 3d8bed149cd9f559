{#-
    Personal data must never flow into core or published models. dbt's `access: private` already stops any model
    outside the group `personal_data` from ref-ing a private model; this test also catches a model outside the
    group that reads the `private` source directly or sits in the `private` schema. Returns one row per breach.
    The one exception is a private source table marked `meta.eparl_redacted: true` (submission_enrichment): it is
    written by the redaction step and holds only labels and verified redacted text.
-#}
{%- set breaches = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() if node.resource_type in ['model', 'snapshot'] -%}
        {%- set is_private = node.config.get('group') == 'personal_data' -%}
        {%- if not is_private -%}
            {%- for parent_id in node.depends_on.nodes -%}
                {%- set parent = graph.nodes.get(parent_id) or graph.sources.get(parent_id) -%}
                {%- if parent_id.startswith('source.') and parent and parent.source_name == 'private'
                    and not parent.meta.get('eparl_redacted') -%}
                    {%- do breaches.append((node.unique_id, parent_id)) -%}
                {%- elif parent and parent.config.get('group') == 'personal_data' -%}
                    {%- do breaches.append((node.unique_id, parent_id)) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if node.schema == 'private' -%}
                {%- do breaches.append((node.unique_id, 'schema private')) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

{% if breaches %}
    {%- for model_id, reads in breaches %}
select
    '{{ model_id }}' as model_id,
    '{{ reads }}' as reads_private
        {%- if not loop.last %}
union all
        {%- endif %}
    {%- endfor %}
{% else %}
select
    null as model_id,
    null as reads_private
where false
{% endif %}
