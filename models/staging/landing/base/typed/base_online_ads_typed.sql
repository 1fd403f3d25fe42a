{{ landing_rows_typed('online_ads') }}
