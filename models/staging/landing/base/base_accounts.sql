{{ validate_landing_table('accounts') }}
