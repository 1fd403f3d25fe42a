{#
    A landed timestamp text as Danish local time (Europe/Copenhagen), without
    zone. Text without an offset is already local (the contract's default);
    text with one (2026-03-01T10:00:00+02:00, ...Z, the '+00' DuckDB writes for
    a Parquet TIMESTAMP WITH TIME ZONE) is converted, summer and winter time
    alike, never cut. Unparseable text gives null (staging rejects the row).

    Example: {{ landing_local_timestamp('booked_at__raw') }}
#}
{% macro landing_local_timestamp(raw) -%}
    {{ return(adapter.dispatch('landing_local_timestamp', 'redflags')(raw)) }}
{%- endmacro %}

{% macro duckdb__landing_local_timestamp(raw) -%}
    case
        when regexp_matches({{ raw }}, '[0-9]:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?\s*([zZ]|UTC|[+-][0-9]{2}(:?[0-9]{2})?)$')
            then timezone('Europe/Copenhagen', try_cast({{ raw }} as timestamptz))
        else try_cast({{ raw }} as timestamp)
    end
{%- endmacro %}
