{{ validate_landing_table('tax_filings') }}
