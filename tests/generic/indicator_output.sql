{#
    Every indicator model's contract: the common columns exist (the test does
    not compile otherwise) and hold valid values, and every flag carries
    evidence. Returns the offending rows.
    Arguments:
      indicator_id (string): the catalogue id the model's rows must carry.
    Example (model level):
      data_tests:
        - indicator_output:
            arguments: {indicator_id: F02}
#}
{% test indicator_output(model, indicator_id) %}

select
    entity_type,
    entity_id,
    indicator_id,
    role_side,
    strength,
    window_start,
    window_end,
    measure,
    threshold,
    evidence
from {{ model }}
where entity_type is null
   or entity_type not in ('party', 'phone', 'email', 'address', 'beneficiary', 'handle')
   or entity_id is null
   or entity_id = ''
   or indicator_id is null
   or indicator_id <> '{{ indicator_id }}'
   or role_side is null
   or role_side not in ('victim', 'trafficker', 'both')
   or strength is null
   or strength < 0
   or strength > 1
   or window_start is null
   or window_end is null
   or window_end < window_start
   or measure is null
   or threshold is null
   or evidence is null
   or trim(evidence) = ''

{% endtest %}
