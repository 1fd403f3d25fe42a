{{ rejected_landing_rows('company_roles') }}
