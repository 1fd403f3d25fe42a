{#
    The marts' contracts carry not-null and primary-key constraints, which
    DuckDB enforces. Spark enforces constraints only on Delta tables (ALTER
    ... SET NOT NULL); the project's Spark tables are Parquet
    (dbt_project.yml file_format), whose catalog cannot hold them, and
    dbt-spark would issue the ALTER anyway. On Spark the same rules are
    checked after the table is built: a null in a not-null or key column, or a
    key that repeats, fails the model with the column and the count, as a
    constraint violation fails it on DuckDB. Delta tables keep dbt-spark's
    behaviour. The project comes first in the dbt dispatch search order.
#}
{% macro spark__persist_constraints(relation, model) -%}
    {%- set contract_config = config.get('contract') -%}
    {%- if not contract_config.enforced -%}
        {{ return('') }}
    {%- endif -%}
    {%- if config.get('file_format', 'delta') == 'delta' -%}
        {%- do alter_table_add_constraints(relation, model.constraints) -%}
        {%- do alter_column_set_constraints(relation, model.columns) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set not_null_columns = [] -%}
    {%- set keys = [] -%}
    {%- for column_name, column in model.columns.items() -%}
        {%- for constraint in column.get('constraints', []) -%}
            {%- if constraint.type in ('not_null', 'primary_key') and column_name not in not_null_columns -%}
                {%- do not_null_columns.append(column_name) -%}
            {%- endif -%}
            {%- if constraint.type in ('primary_key', 'unique') -%}
                {%- do keys.append([column_name]) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for constraint in model.get('constraints', []) -%}
        {%- if constraint.type in ('primary_key', 'unique') -%}
            {%- do keys.append(constraint.columns) -%}
            {%- for column_name in constraint.columns if constraint.type == 'primary_key' and column_name not in not_null_columns -%}
                {%- do not_null_columns.append(column_name) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set checks = [] -%}
    {%- for column_name in not_null_columns -%}
        {%- do checks.append(["null values in not-null column " ~ column_name,
            'select count(*) from ' ~ relation ~ ' where ' ~ column_name ~ ' is null']) -%}
    {%- endfor -%}
    {%- for key in keys -%}
        {%- do checks.append(["repeated values of key (" ~ key | join(', ') ~ ")",
            'select count(*) from (select ' ~ key | join(', ') ~ ' from ' ~ relation ~ ' group by ' ~ key | join(', ') ~ ' having count(*) > 1) repeated']) -%}
    {%- endfor -%}
    {%- if checks -%}
        {%- set queries = [] -%}
        {%- for check in checks -%}
            {%- do queries.append('(' ~ check[1] ~ ') as check_' ~ loop.index) -%}
        {%- endfor -%}
        {%- set counts = run_query('select ' ~ queries | join(',\n    ')).rows[0] -%}
        {%- set violations = [] -%}
        {%- for check in checks -%}
            {%- if counts[loop.index0] > 0 -%}
                {%- do violations.append(check[0] ~ ': ' ~ counts[loop.index0]) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if violations -%}
            {%- do exceptions.raise_compiler_error('Contract constraint violated in ' ~ relation ~ ': ' ~ violations | join('; ')) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
