{{ landing_rows_typed('payroll') }}
