{{ landing_rows_typed('phone_subscriptions') }}
