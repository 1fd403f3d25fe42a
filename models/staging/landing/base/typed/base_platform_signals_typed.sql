{{ landing_rows_typed('platform_signals') }}
