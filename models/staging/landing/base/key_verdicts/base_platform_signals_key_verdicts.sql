{{ landing_key_verdicts('platform_signals') }}
