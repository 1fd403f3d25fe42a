{{ validate_landing_table('social_posts') }}
