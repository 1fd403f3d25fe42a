{{ rejected_landing_rows('phone_subscriptions') }}
