{{ rejected_landing_rows('transactions') }}
