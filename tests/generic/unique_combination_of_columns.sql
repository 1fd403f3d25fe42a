{#
    Fails on every combination of the given columns that occurs more than once:
    the uniqueness test for composite keys.
    Arguments:
      combination_of_columns (list of strings): the key's columns.
    Example:
      data_tests:
        - unique_combination_of_columns:
            arguments:
              combination_of_columns: [party_id, contact_type, contact_value]
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

select
    {{ combination_of_columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1

{% endtest %}
