{{ landing_key_verdicts('parties') }}
