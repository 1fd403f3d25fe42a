{{ landing_key_verdicts('company_roles') }}
