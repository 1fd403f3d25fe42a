{{ validate_landing_table('online_ads') }}
