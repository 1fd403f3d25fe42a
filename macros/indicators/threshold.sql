{#
    The value in force of one named threshold of one indicator: the catalogue
    default (var indicators in dbt_project.yml), unless overridden
    with --vars '{threshold_overrides: {F04: {min_distinct_payers: 8}}}'.
    An unknown indicator or threshold name, in a call or in an override, is a
    compile error that names it: a typo must never fall back to a default.

    The risk mart's scoring parameters (weights, tier cut-offs, hub limits of
    the network; var risk_scoring in dbt_project.yml) are read the same way
    under the pseudo-indicator id 'RISK', and overridden the same way:
    --vars '{threshold_overrides: {RISK: {alert_min_indicators: 4}}}'.

    Arguments:
      indicator_id (string): catalogue id, e.g. 'F04', or 'RISK'.
      name (string): threshold name, e.g. 'min_distinct_payers'.
    Example: where distinct_payers >= {{ threshold('F04', 'min_distinct_payers') }}
             where indicator_count >= {{ threshold('RISK', 'alert_min_indicators') }}
#}
{% macro threshold(indicator_id, name) -%}
    {%- set defaults = {} -%}
    {%- for id, entry in var('indicators').items() -%}
        {%- do defaults.update({id: entry['thresholds']}) -%}
    {%- endfor -%}
    {%- if 'RISK' in defaults -%}
        {%- do exceptions.raise_compiler_error("var indicators must not use the id 'RISK': it names the risk scoring parameters (var risk_scoring)") -%}
    {%- endif -%}
    {%- do defaults.update({'RISK': var('risk_scoring')}) -%}
    {%- set overrides = var('threshold_overrides', {}) or {} -%}
    {%- for override_id, override_values in overrides.items() -%}
        {%- if override_id not in defaults -%}
            {%- do exceptions.raise_compiler_error("threshold_overrides names unknown indicator '" ~ override_id ~ "'") -%}
        {%- endif -%}
        {%- for override_name in override_values -%}
            {%- if override_name not in defaults[override_id] -%}
                {%- do exceptions.raise_compiler_error("threshold_overrides names unknown threshold '" ~ override_name ~ "' of indicator " ~ override_id ~ " (known: " ~ (defaults[override_id].keys() | list | join(', ')) ~ ")") -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if indicator_id not in defaults -%}
        {%- do exceptions.raise_compiler_error("threshold(): unknown indicator '" ~ indicator_id ~ "'") -%}
    {%- endif -%}
    {%- if name not in defaults[indicator_id] -%}
        {%- do exceptions.raise_compiler_error("threshold(): unknown threshold '" ~ name ~ "' of indicator " ~ indicator_id ~ " (known: " ~ (defaults[indicator_id].keys() | list | join(', ')) ~ ")") -%}
    {%- endif -%}
    {{ return(overrides.get(indicator_id, {}).get(name, defaults[indicator_id][name])) }}
{%- endmacro %}
