{{ validate_landing_table('company_roles') }}
