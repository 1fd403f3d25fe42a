{#
    Nationality and a person's sex are never inputs of the risk scoring or
    the network (the leaflet; DESIGN.md "Scoring principle"). This test reads
    the SQL of risk_entities, entity_links and every model under
    models/intermediate/scoring/ and models/intermediate/network/ from the
    dbt graph, Jinja and SQL comments removed, and returns one row per model
    and forbidden word it finds (as a whole word: "nationality", "sex").
    python_tests/test_marts_scoring_inputs.py checks the compiled SQL too.
#}
{%- set offenders = [] %}
{%- if execute %}
    {%- set comment_open = '{' ~ '#' %}
    {%- set comment_close = '#' ~ '}' %}
    {%- for node in graph.nodes.values() %}
        {%- set path = node.original_file_path or '' %}
        {%- if node.resource_type == 'model' and (
                path.startswith('models/intermediate/scoring/')
                or path.startswith('models/intermediate/network/')
                or node.name in ['risk_entities', 'entity_links']) %}
            {%- set code = modules.re.sub(modules.re.escape(comment_open) ~ '.*?' ~ modules.re.escape(comment_close), ' ', node.raw_code, flags=modules.re.S) %}
            {%- set code = modules.re.sub('--[^\n]*', ' ', code) %}
            {%- for word in ['nationality', 'sex'] %}
                {%- if modules.re.search('(?<![a-z0-9_])' ~ word ~ '(?![a-z0-9_])', code, flags=modules.re.I) %}
                    {%- do offenders.append((node.name, word)) %}
                {%- endif %}
            {%- endfor %}
        {%- endif %}
    {%- endfor %}
{%- endif %}

{%- if offenders %}
{%- for model_name, word in offenders %}
select
    '{{ model_name }}' as model_name,
    '{{ word }}' as forbidden_column
{{ 'union all' if not loop.last }}
{%- endfor %}
{%- else %}
select
    cast(null as {{ dbt.type_string() }}) as model_name,
    cast(null as {{ dbt.type_string() }}) as forbidden_column
where 1 = 0
{%- endif %}
