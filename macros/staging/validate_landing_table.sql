{#
    Validate one landing table against its contract (transcribed from
    contract/landing.yml into the column metadata of the landing source), in
    three steps, each a model:

      1. base_<table>_typed (landing_rows_typed, incremental): each landed row
         typed and checked on its own; only new or changed files are typed.
      2. base_<table>_key_verdicts (landing_key_verdicts): the rows whose key
         lands more than once among good rows, and what that makes them.
      3. base_<table> (this macro, a view): every landed row with its verdict.

    Steps 2 and 3 decide what depends on more than the row, on every run: a
    timestamp after the run time, an unknown currency (fx_rates landed later
    may know it), other rows with the same key.

    Returns one row per landed row with
      - every contract column typed and normalised (same names),
      - _source_file, _source_row: where the row came from,
      - _reject_reason: null for a good row, else every problem found, joined
        with '; ': the row's own (landing_rows_typed), then
        'timestamp after run time: c' and 'unknown currency: c' (no rate in
        fx_rates on or before the row's currency_date and none in the
        reference table), or 'conflicting duplicate key' (every version of a
        key that landed with different values is rejected: the warehouse
        cannot tell which is right),
      - _is_exact_duplicate: true for the second and later copies of a good row
        identical to another (collapsed, not rejected),
      - _raw_values: a rejected row's values, 'column=value | ...': as landed
        for a row with problems of its own, as typed otherwise,
      - _raw_key: the key as landed (composite keys '|'-joined, a missing part
        empty) for a row with problems of its own, as typed otherwise, so
        that a reject can be found in its file.

    Example: {{ validate_landing_table('transactions') }}
#}
{% macro validate_landing_table(table_name) -%}
    {%- set source_table = landing_source_table(table_name) -%}
    {%- set columns = source_table.columns.values() | list -%}
    {%- set key = source_table.meta['key'] -%}

with typed_rows as (

    select * from {{ ref('base_' ~ table_name ~ '_typed') }}

),

key_verdicts as (

    select * from {{ ref('base_' ~ table_name ~ '_key_verdicts') }}

),

{{ landing_context_checks(table_name, 'typed_rows') }}

final as (

    select
        {%- for column in columns %}
        context_checked.{{ column.name }},
        {%- endfor %}
        context_checked._source_file,
        context_checked._source_row,
        case
            when context_checked._problem is not null then context_checked._problem
            when key_verdicts._has_conflicting_key then 'conflicting duplicate key'
        end as _reject_reason,
        (
            context_checked._problem is null
            and coalesce(not key_verdicts._has_conflicting_key and key_verdicts._is_later_copy, false)
        ) as _is_exact_duplicate,
        case
            when context_checked._problem is not null or key_verdicts._has_conflicting_key
                then coalesce(context_checked._raw_values, {{ landing_row_text(columns, '', with_names=true, table_alias='context_checked') }})
        end as _raw_values,
        coalesce(
            context_checked._raw_key,
            {%- if key | length == 1 %}
            cast(context_checked.{{ key[0] }} as {{ dbt.type_string() }})
            {%- else %}
            concat_ws('|', {% for column in key %}coalesce(cast(context_checked.{{ column }} as {{ dbt.type_string() }}), ''){{ ', ' if not loop.last }}{% endfor %})
            {%- endif %}
        ) as _raw_key
    from context_checked
    left join key_verdicts
        on context_checked._source_file = key_verdicts._source_file
        and context_checked._source_row = key_verdicts._source_row

)

select * from final
{%- endmacro %}


{#
    Step 2 of validate_landing_table: among the good rows (no problem of their
    own, none from the context), the rows whose key occurs more than once,
    with _has_conflicting_key (the copies of the key differ) and
    _is_later_copy (an identical row came earlier, by file and row). Only
    rows with one of the two are kept: a small table. Only the keys of rows
    the typed model marked _key_may_repeat are counted (a key that lands
    twice always has a marked row, landing_rows_typed), and on the typed key
    alone first, so that the context checks and the row hashes run only for
    keys that land more than once.

    Example: {{ landing_key_verdicts('transactions') }}
#}
{% macro landing_key_verdicts(table_name) -%}
    {%- set source_table = landing_source_table(table_name) -%}
    {%- set columns = source_table.columns.values() | list -%}
    {%- set key = source_table.meta['key'] -%}

with marked_keys as (

    select distinct {{ key | join(', ') }}
    from {{ ref('base_' ~ table_name ~ '_typed') }}
    where _key_may_repeat

),

typed_rows as (

    select typed.*
    from {{ ref('base_' ~ table_name ~ '_typed') }} as typed
    inner join marked_keys
        on {% for column in key %}typed.{{ column }} = marked_keys.{{ column }}{{ ' and ' if not loop.last }}{% endfor %}
    where typed._row_problem is null

),

repeated_keys as (

    select {{ key | join(', ') }}
    from typed_rows
    group by {{ key | join(', ') }}
    having count(*) > 1

),

repeated_key_rows as (

    select typed_rows.*
    from typed_rows
    inner join repeated_keys
        on {% for column in key %}typed_rows.{{ column }} = repeated_keys.{{ column }}{{ ' and ' if not loop.last }}{% endfor %}

),

{{ landing_context_checks(table_name, 'repeated_key_rows') }}

good_rows as (

    select
        _source_file,
        _source_row,
        {%- for column in key %}
        {{ column }},
        {%- endfor %}
        {{ dbt.hash(landing_row_text(columns, '')) }} as _row_hash
    from context_checked
    where _problem is null

),

verdicts as (

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
    from good_rows

),

final as (

    select
        _source_file,
        _source_row,
        _has_conflicting_key,
        _is_later_copy
    from verdicts
    where _has_conflicting_key or _is_later_copy

)

select * from final
{%- endmacro %}


{#
    CTEs ending in `context_checked`: the rows of `rows_cte` (typed rows of one
    landing table) with _problem, their own problem joined with the problems
    that depend on the run rather than the row: a timestamp after the run time
    (Danish local time, as timestamps are staged) and a currency that neither
    the reference table nor fx_rates on or before the row's currency_date can
    convert.
#}
{% macro landing_context_checks(table_name, rows_cte) -%}
    {%- set source_table = landing_source_table(table_name) -%}
    {%- set columns = source_table.columns.values() | list -%}
    {%- set currency_date = source_table.meta.get('currency_date') -%}
    {%- set has_currency = currency_date and 'currency' in source_table.columns -%}
    {%- set run_time_local = run_started_at.astimezone(modules.pytz.timezone('Europe/Copenhagen')).strftime('%Y-%m-%d %H:%M:%S') -%}
    {#- Called whatever the table: parsing sees no columns, and a ref() first met at run time is an error. -#}
    {%- set reference_rates = ref('fx_rates_to_dkk') -%}
    {%- set landed_rates = ref('stg_fx_rates') if table_name != 'fx_rates' else none -%}
{%- if has_currency %}
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

context_checked as (

    select
        {{ rows_cte }}.*,
        nullif(concat_ws('; ',
            {{ rows_cte }}._row_problem,
            {%- for column in columns if column.meta.get('contract_type') == 'timestamp' %}
            case
                when {{ rows_cte }}.{{ column.name }} > cast('{{ run_time_local }}' as timestamp)
                    then 'timestamp after run time: {{ column.name }}'
            end,
            {%- endfor %}
            {%- if has_currency %}
            case
                when {{ rows_cte }}.currency is not null
                    and reference_currencies.reference_currency is null
                    and not coalesce(landed_currencies.first_rate_date <= cast({{ rows_cte }}.{{ currency_date }} as date), false)
                    then 'unknown currency: currency'
            end,
            {%- endif %}
            cast(null as {{ dbt.type_string() }})
        ), '') as _problem
    from {{ rows_cte }}
    {%- if has_currency %}
    left join reference_currencies
        on {{ rows_cte }}.currency = reference_currencies.reference_currency
    left join landed_currencies
        on {{ rows_cte }}.currency = landed_currencies.landed_currency
    {%- endif %}

),
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
