{{ landing_key_verdicts('online_ads') }}
