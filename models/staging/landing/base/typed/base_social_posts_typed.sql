{{ landing_rows_typed('social_posts') }}
