{{ validate_landing_table('rental_bookings') }}
