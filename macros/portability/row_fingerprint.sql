{#
    A 64-bit hash of a whole row, given the name of its relation in the query,
    never null: DuckDB's hash() of the row as a struct (null values hash too,
    each in its place), Spark's xxhash64() of the row as JSON (xxhash64 itself
    skips nulls; JSON keeps the column names of the values that are not).
    Two different rows share a fingerprint with a chance of about 2^-64, so a
    changed row goes unnoticed that rarely. DuckDB does not promise that hash()
    stays the same across versions: an upgrade that changes it rewrites every
    fingerprinted row once.

    Example: select joined.*, {{ row_fingerprint('joined') }} as _row_fingerprint from joined
#}
{% macro row_fingerprint(relation_name) -%}
    {{ return(adapter.dispatch('row_fingerprint')(relation_name)) }}
{%- endmacro %}

{% macro default__row_fingerprint(relation_name) -%}
    hash({{ relation_name }})
{%- endmacro %}

{% macro spark__row_fingerprint(relation_name) -%}
    xxhash64(to_json(struct({{ relation_name }}.*)))
{%- endmacro %}
