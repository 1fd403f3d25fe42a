{{ landing_key_verdicts('party_contacts') }}
