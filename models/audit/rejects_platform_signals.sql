{{ rejected_landing_rows('platform_signals') }}
