{{ validate_landing_table('frontline_observations') }}
