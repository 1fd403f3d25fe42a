{{ landing_rows_typed('fx_rates') }}
