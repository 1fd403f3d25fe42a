{{ rejected_landing_rows('parties') }}
