{{ rejected_landing_rows('accounts') }}
