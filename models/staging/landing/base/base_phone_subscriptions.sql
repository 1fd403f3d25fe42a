{{ validate_landing_table('phone_subscriptions') }}
