{{ landing_key_verdicts('accounts') }}
