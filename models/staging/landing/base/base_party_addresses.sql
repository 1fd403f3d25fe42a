{{ validate_landing_table('party_addresses') }}
