{#
    A 64-bit hash of the given columns, never null (null values hash too), to
    tell whether a stored row still equals its recomputed version: DuckDB's
    hash(), Spark's xxhash64(). Two different rows share a fingerprint with a
    chance of about 2^-64, so a changed row goes unnoticed that rarely.

    Example: {{ row_fingerprint(['txn_id', 'amount_dkk']) }}
#}
{% macro row_fingerprint(columns) -%}
    {{ return(adapter.dispatch('row_fingerprint')(columns)) }}
{%- endmacro %}

{% macro default__row_fingerprint(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__row_fingerprint(columns) -%}
    xxhash64({{ columns | join(', ') }})
{%- endmacro %}
