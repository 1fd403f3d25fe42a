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

{#- Spark (the profile sets spark.sql.timestampType TIMESTAMP_NTZ, so a
    timestamp is a wall-clock time as in DuckDB): text with an offset is read
    as an instant, turned into the session time zone's wall-clock time, then
    converted from that zone to Danish local time, whatever the session's zone. -#}
{% macro spark__landing_local_timestamp(raw) -%}
    case
        when {{ raw }} rlike '[0-9]:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?\\s*([zZ]|UTC|[+-][0-9]{2}(:?[0-9]{2})?)$'
            then convert_timezone(current_timezone(), 'Europe/Copenhagen', cast(try_cast({{ raw }} as timestamp_ltz) as timestamp_ntz))
        else try_cast({{ raw }} as timestamp_ntz)
    end
{%- endmacro %}
