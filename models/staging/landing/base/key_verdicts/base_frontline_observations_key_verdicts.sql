{{ landing_key_verdicts('frontline_observations') }}
