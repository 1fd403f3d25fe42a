{{ validate_landing_table('payroll') }}
