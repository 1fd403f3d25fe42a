{{ rejected_landing_rows('party_addresses') }}
