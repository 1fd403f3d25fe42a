{{ landing_rows_typed('employments') }}
