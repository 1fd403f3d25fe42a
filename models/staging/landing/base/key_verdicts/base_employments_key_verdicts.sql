{{ landing_key_verdicts('employments') }}
