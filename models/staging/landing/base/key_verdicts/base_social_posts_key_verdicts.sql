{{ landing_key_verdicts('social_posts') }}
