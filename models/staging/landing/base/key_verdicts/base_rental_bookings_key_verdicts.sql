{{ landing_key_verdicts('rental_bookings') }}
