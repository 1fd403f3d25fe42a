{{ validate_landing_table('transactions') }}
