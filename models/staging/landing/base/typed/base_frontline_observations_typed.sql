{{ landing_rows_typed('frontline_observations') }}
