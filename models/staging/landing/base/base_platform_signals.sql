{{ validate_landing_table('platform_signals') }}
