{{ landing_rows_typed('transactions') }}
