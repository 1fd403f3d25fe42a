{{ landing_rows_typed('parties') }}
