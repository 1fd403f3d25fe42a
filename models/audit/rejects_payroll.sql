{{ rejected_landing_rows('payroll') }}
