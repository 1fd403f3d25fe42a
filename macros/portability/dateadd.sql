{#
    dbt-spark's spark__dateadd goes through Unix seconds (to_unix_timestamp
    and back), which depends on the session's time zone, shifts by an hour
    across daylight saving time, and yields null for a TIMESTAMP_NTZ session
    (profiles.yml sets spark.sql.timestampType TIMESTAMP_NTZ so that a
    timestamp is a wall-clock time, as in DuckDB). timestampadd adds calendar
    units to the wall-clock value, as DuckDB's `+ interval` does, and like it
    returns a timestamp for a date (callers that want a date cast it). The
    project comes first in the dbt dispatch search order (dbt_project.yml).
#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    {%- if datepart | lower not in ('year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second') -%}
        {%- do exceptions.raise_compiler_error("dateadd: datepart '" ~ datepart ~ "' is not supported on Spark by this project") -%}
    {%- endif -%}
    timestampadd({{ datepart | upper }}, cast({{ interval }} as bigint), {{ from_date_or_timestamp }})
{%- endmacro %}
