{{ landing_key_verdicts('payroll') }}
