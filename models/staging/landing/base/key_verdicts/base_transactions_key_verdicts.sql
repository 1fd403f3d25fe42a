{{ landing_key_verdicts('transactions') }}
