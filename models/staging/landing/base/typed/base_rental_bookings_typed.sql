{{ landing_rows_typed('rental_bookings') }}
