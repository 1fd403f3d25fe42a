{{ rejected_landing_rows('social_posts') }}
