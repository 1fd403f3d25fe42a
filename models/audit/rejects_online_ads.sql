{{ rejected_landing_rows('online_ads') }}
