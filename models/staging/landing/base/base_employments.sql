{{ validate_landing_table('employments') }}
