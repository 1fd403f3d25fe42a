{{ validate_landing_table('parties') }}
