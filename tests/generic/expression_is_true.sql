{#
    Fails on every row of the model where the expression is not true.
    Arguments:
      expression (string): a boolean SQL expression over the model's columns.
      where (string, optional): only rows matching this condition are checked.
    Example:
      data_tests:
        - expression_is_true:
            arguments:
              expression: "rows_landed = rows_staged + rows_rejected"
#}
{% test expression_is_true(model, expression, where=none) %}

select *
from {{ model }}
where not coalesce({{ expression }}, false)
{%- if where %}
    and ({{ where }})
{%- endif %}

{% endtest %}
