{{ landing_key_verdicts('tax_filings') }}
