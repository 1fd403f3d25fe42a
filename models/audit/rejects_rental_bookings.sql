{{ rejected_landing_rows('rental_bookings') }}
