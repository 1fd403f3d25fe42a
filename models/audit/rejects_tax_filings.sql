{{ rejected_landing_rows('tax_filings') }}
