{{ landing_rows_typed('party_contacts') }}
