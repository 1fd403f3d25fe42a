{#
    Every indicator model's contract: the common columns exist (the test does
    not compile otherwise) and hold valid values, every flag carries evidence,
    and there is one row per entity and role side (the grain the marts join
    on). Returns each offending row with the rule it breaks in `problem`.

    The grain is checked here rather than by a second generic test on every
    indicator: each data test is a dbt node, and a node costs a production
    build about as much time as the query it runs (measured in the README's
    Performance section).

    Arguments:
      indicator_id (string): the catalogue id the model's rows must carry.
    Example (model level):
      data_tests:
        - indicator_output:
            arguments: {indicator_id: F02}
#}
{% test indicator_output(model, indicator_id) %}

with flags as (

    select
        *,
        count(*) over (partition by entity_type, entity_id, role_side) as rows_for_entity_and_side
    from {{ model }}

),

checked as (

    select
        *,
        case
            when entity_type is null
                or entity_type not in ('party', 'phone', 'email', 'address', 'beneficiary', 'handle')
                then 'entity_type missing or not an entity type'
            when entity_id is null or entity_id = '' then 'entity_id missing'
            when indicator_id is null or indicator_id <> '{{ indicator_id }}' then 'indicator_id is not {{ indicator_id }}'
            when role_side is null or role_side not in ('victim', 'trafficker', 'both') then 'role_side missing or unknown'
            when strength is null or strength < 0 or strength > 1 then 'strength missing or outside 0-1'
            when window_start is null or window_end is null or window_end < window_start
                then 'window missing or ends before it starts'
            when measure is null or threshold is null then 'measure or threshold missing'
            when evidence is null or trim(evidence) = '' then 'evidence missing'
            when rows_for_entity_and_side > 1 then 'more than one row for this entity and role side'
        end as problem
    from flags

)

select * from checked
where problem is not null

{% endtest %}
