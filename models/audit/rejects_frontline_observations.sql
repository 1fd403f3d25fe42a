{{ rejected_landing_rows('frontline_observations') }}
