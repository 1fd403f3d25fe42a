{{ landing_rows_typed('company_roles') }}
