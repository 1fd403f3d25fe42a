{{ landing_key_verdicts('phone_subscriptions') }}
