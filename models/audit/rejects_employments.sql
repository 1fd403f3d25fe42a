{{ rejected_landing_rows('employments') }}
