{{ landing_key_verdicts('fx_rates') }}
