{{ landing_rows_typed('tax_filings') }}
