{{ validate_landing_table('fx_rates') }}
