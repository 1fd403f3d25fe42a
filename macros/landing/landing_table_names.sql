{#
    The names of the 16 landing tables of contract/landing.yml. Models that
    reference every table's models need the names at parse time, before the
    source graph is available; python_tests/test_contract.py checks this list
    against the sources YAML.
#}
{% macro landing_table_names() -%}
    {{ return([
        'parties', 'accounts', 'transactions', 'employments', 'payroll',
        'tax_filings', 'company_roles', 'party_addresses', 'party_contacts',
        'phone_subscriptions', 'online_ads', 'social_posts', 'platform_signals',
        'rental_bookings', 'frontline_observations', 'fx_rates',
    ]) }}
{%- endmacro %}
