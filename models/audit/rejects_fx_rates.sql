{{ rejected_landing_rows('fx_rates') }}
