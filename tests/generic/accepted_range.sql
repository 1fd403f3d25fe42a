{#
    Fails on every row whose value lies outside [min_value, max_value]; nulls pass
    (combine with not_null where a value is required).
    Arguments:
      min_value (number, optional), max_value (number, optional)
    Example:
      data_tests:
        - accepted_range:
            arguments: {min_value: 0, max_value: 1}
#}
{% test accepted_range(model, column_name, min_value=none, max_value=none) %}

select *
from {{ model }}
where {{ column_name }} is not null
  and (
      false
      {%- if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
      {%- if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
  )

{% endtest %}
