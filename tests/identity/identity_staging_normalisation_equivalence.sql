{#
    Identity resolution (int_identifiers_resolved_to_parties) matches phones,
    emails and handles by plain equality, trusting staging to have normalised
    them. This test runs staging's own typing macro (landing_typed_value) with
    the real landing column metadata of every identifier column the identity
    model reads, on messy spellings of one phone, one email and one handle,
    and returns every spelling that does not come out as the one normalised
    value: '0045 20 12 34 56', '20-12-34-56', '+45 20123456', '4520123456.0'
    (a float's rendering) -> '+4520123456';
    'Anna@Example.COM' -> 'anna@example.com'; '@Anna_DK' -> 'anna_dk'.
    A change to a column's `normalise` metadata or to the macros fails it.
#}
{%- set phone_spellings = ['0045 20 12 34 56', '20-12-34-56', '+45 20123456', '(+45) 20.12.34.56', '004520123456', '20123456', '+4520123456', '4520123456.0', '20123456.0'] %}
{%- set email_spellings = ['Anna@Example.COM', 'ANNA@EXAMPLE.COM', 'anna@example.com'] %}
{%- set handle_spellings = ['@Anna_DK', 'Anna_DK', 'anna_dk', '@anna_dk'] %}
{%- set identifier_columns = [
    ('party_contacts', 'contact_value', 'phone'),
    ('party_contacts', 'contact_value', 'email'),
    ('phone_subscriptions', 'phone_number', 'phone'),
    ('accounts', 'phone_number', 'phone'),
    ('rental_bookings', 'guest_phone', 'phone'),
    ('transactions', 'counterparty_phone', 'phone'),
    ('online_ads', 'contact_phone', 'phone'),
    ('online_ads', 'contact_email', 'email'),
    ('online_ads', 'profile_handle', 'handle'),
    ('social_posts', 'author_phone', 'phone'),
    ('social_posts', 'author_handle', 'handle'),
    ('platform_signals', 'subject_phone', 'phone'),
    ('platform_signals', 'counterpart_phone', 'phone'),
    ('platform_signals', 'subject_handle', 'handle'),
    ('platform_signals', 'counterpart_handle', 'handle'),
] %}
{%- set spellings = {'phone': phone_spellings, 'email': email_spellings, 'handle': handle_spellings} %}
{%- set expected = {'phone': '+4520123456', 'email': 'anna@example.com', 'handle': 'anna_dk'} %}

{%- if execute %}
with normalised as (
    {%- for table_name, column_name, identifier_type in identifier_columns %}
    {%- set column = landing_source_table(table_name).columns[column_name] %}
    {%- for spelling in spellings[identifier_type] %}
    select
        '{{ table_name }}.{{ column_name }}' as landing_column,
        '{{ spelling }}' as spelling,
        '{{ expected[identifier_type] }}' as expected_value,
        {{ landing_typed_value(column) }} as normalised_value
    from (
        select
            '{{ identifier_type }}' as contact_type__raw,
            '{{ spelling }}' as {{ column_name }}__raw
    ) as landed
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select *
from normalised
where normalised_value is null
   or normalised_value <> expected_value
{%- else %}
select 1 as placeholder where 1 = 0
{%- endif %}
