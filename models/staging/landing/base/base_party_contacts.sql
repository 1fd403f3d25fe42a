{{ validate_landing_table('party_contacts') }}
