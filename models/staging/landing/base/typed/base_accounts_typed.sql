{{ landing_rows_typed('accounts') }}
