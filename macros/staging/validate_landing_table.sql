{#
    Type, normalise and validate one landing table against its contract, the
    column metadata of the landing source (contract_type, required,
    allowed_values, normalise; table meta key and ordered_pairs), transcribed
    from contract/landing.yml.

    Returns one row per landed row with
      - every contract column typed and normalised (same names),
      - _source_file, _source_row: where the row came from,
      - _reject_reason: null for a good row, else every problem found, joined
        with '; ' (see the reasons below),
      - _is_exact_duplicate: true for the second and later copies of a good row
        identical to another (collapsed, not rejected),
      - _raw_values: the row as it landed, 'column=value | ...', on rejected
        rows only,
      - _raw_key: the key as landed (composite keys '|'-joined, a missing part
        empty), so that a reject can be found in its file.

    Reasons: 'required value missing: c', 'unparseable <type>: c',
    'value not allowed: c', 'negative amount: c', 'timestamp after run time: c',
    'end before start: end < start', 'more than 10 decimal places: c',
    'not positive: c', 'unknown currency: c' (no rate in fx_rates on or before
    the row's currency_date and none in the reference table),
    'conflicting duplicate key' (every version of a key that landed with
    different values is rejected: the warehouse cannot tell which is right).

    Example: {{ validate_landing_table('transactions') }}
#}
{% macro validate_landing_table(table_name) -%}
    {%- set source_table = landing_source_table(table_name) -%}
    {%- set columns = source_table.columns.values() | list -%}
    {%- set key = source_table.meta['key'] -%}
    {#- Every base model depends on the FX rates, so dbt builds them first even for tables without money. -#}
    {%- set reference_rates = ref('fx_rates_to_dkk') -%}
    {%- set landed_rates = ref('stg_fx_rates') if table_name != 'fx_rates' else none -%}
    {%- set currency_date = source_table.meta.get('currency_date') -%}
    {%- set currency_columns = [] -%}
    {%- for column in columns if column.name == 'currency' and currency_date -%}
        {%- do currency_columns.append(column.name) -%}
    {%- endfor -%}

with landed as (

    select * from {{ source('landing', table_name) }}

),

trimmed as (

    select
        _source_file,
        _source_row,
        _delimiter,
        {%- for column in columns %}
        nullif(trim({{ column.name }}), '') as {{ column.name }}__raw{{ ',' if not loop.last }}
        {%- endfor %}
    from landed

),

numbers_in_plain_notation as (

    select
        trimmed.*,
        {%- for column in columns if column.meta.get('contract_type') in ('integer', 'decimal') %}
        {{ landing_number_text(column.name ~ '__raw', '_delimiter') }} as {{ column.name }}__number,
        {%- endfor %}
        1 as _numbers_normalised
    from trimmed

),

typed as (

    select
        numbers_in_plain_notation.*,
        {%- for column in columns %}
        {{ landing_typed_value(column) }} as {{ column.name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from numbers_in_plain_notation

),

{%- if currency_columns %}

{#- A currency converts when the reference table has it, or fx_rates has a rate on or before the row's date. #}
reference_currencies as (

    select currency as reference_currency from {{ reference_rates }}

),

landed_currencies as (

    select
        currency as landed_currency,
        min(rate_date) as first_rate_date
    from {{ landed_rates }}
    group by currency

),
{%- endif %}

checked as (

    select
        typed.*,
        nullif(concat_ws('; ',
            {%- for column in columns %}
            {{ landing_column_problems(column) }},
            {%- endfor %}
            {%- for pair in source_table.meta.get('ordered_pairs', []) %}
            case when {{ pair[1] }} < {{ pair[0] }} then 'end before start: {{ pair[1] }} < {{ pair[0] }}' end,
            {%- endfor %}
            {%- for currency_column in currency_columns %}
            case
                when typed.{{ currency_column }} is not null
                    and reference_currencies.reference_currency is null
                    and not coalesce(landed_currencies.first_rate_date <= cast(typed.{{ currency_date }} as date), false)
                    then 'unknown currency: {{ currency_column }}'
            end,
            {%- endfor %}
            cast(null as {{ dbt.type_string() }})
        ), '') as _row_problem
    from typed
    {%- for currency_column in currency_columns %}
    left join reference_currencies
        on typed.{{ currency_column }} = reference_currencies.reference_currency
    left join landed_currencies
        on typed.{{ currency_column }} = landed_currencies.landed_currency
    {%- endfor %}

),

{#-
    Keys are compared among good rows only (a broken row sharing a key with a
    good one is rejected for its own problem), and only for keys that occur
    more than once: the wide rows never go through a sort.
#}
duplicated_keys as (

    select {{ key | join(', ') }}
    from checked
    where _row_problem is null
    group by {{ key | join(', ') }}
    having count(*) > 1

),

duplicated_rows as (

    select
        checked._source_file,
        checked._source_row,
        {%- for column in key %}
        checked.{{ column }},
        {%- endfor %}
        {{ dbt.hash(landing_row_text(columns, '', table_alias='checked')) }} as _row_hash
    from checked
    inner join duplicated_keys
        on {% for column in key %}checked.{{ column }} = duplicated_keys.{{ column }}{{ ' and ' if not loop.last }}{% endfor %}
    where checked._row_problem is null

),

duplicate_verdicts as (

    select
        _source_file,
        _source_row,
        min(_row_hash) over (partition by {{ key | join(', ') }})
            <> max(_row_hash) over (partition by {{ key | join(', ') }})
            as _has_conflicting_key,
        row_number() over (
            partition by {{ key | join(', ') }}, _row_hash
            order by _source_file, _source_row
        ) > 1 as _is_later_copy
    from duplicated_rows

),

key_groups as (

    select
        checked.*,
        coalesce(duplicate_verdicts._has_conflicting_key, false) as _has_conflicting_key,
        coalesce(duplicate_verdicts._is_later_copy, false) as _is_later_copy
    from checked
    left join duplicate_verdicts
        on checked._source_file = duplicate_verdicts._source_file
        and checked._source_row = duplicate_verdicts._source_row

),

final as (

    select
        {%- for column in columns %}
        {{ column.name }},
        {%- endfor %}
        _source_file,
        _source_row,
        case
            when _row_problem is not null then _row_problem
            when _has_conflicting_key then 'conflicting duplicate key'
        end as _reject_reason,
        (_row_problem is null and not _has_conflicting_key and _is_later_copy) as _is_exact_duplicate,
        case
            when _row_problem is not null or _has_conflicting_key
                then {{ landing_row_text(columns, '__raw', with_names=true) }}
        end as _raw_values,
        {%- if key | length == 1 %}
        {{ key[0] }}__raw as _raw_key
        {%- else %}
        concat_ws('|', {% for column in key %}coalesce({{ column }}__raw, ''){{ ', ' if not loop.last }}{% endfor %}) as _raw_key
        {%- endif %}
    from key_groups

)

select * from final
{%- endmacro %}


{# The landing source's node for one table; a compile error when it is not declared. #}
{% macro landing_source_table(table_name) -%}
    {%- for source_table in landing_source_tables() -%}
        {%- if source_table.name == table_name -%}
            {{ return(source_table) }}
        {%- endif -%}
    {%- endfor -%}
    {%- if execute -%}
        {%- do exceptions.raise_compiler_error("Unknown landing table '" ~ table_name ~ "': declare it in models/staging/landing/_landing__sources.yml") -%}
    {%- endif -%}
    {{ return({'name': table_name, 'columns': {}, 'meta': {'key': ['1']}}) }}
{%- endmacro %}
